import * as ts from 'typescript';

/**
 * True when `type` is a thenable: it has a callable `then` member. For a
 * union, true when any member is (an optional call yields `Promise<T> | undefined`).
 *
 * `any`, `unknown` and unresolved (error) types are never thenables: a rule must
 * stay silent where it does not know, rather than guess that something is a promise.
 */
export function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  if (type.isUnion()) return type.types.some((member) => isThenable(checker, member));
  if (type.isIntersection()) return type.types.some((member) => isThenable(checker, member));
  const then = checker.getPropertyOfType(checker.getApparentType(type), 'then');
  if (!then) return false;
  const thenType = checker.getTypeOfSymbol(then);
  if (thenType.flags & ts.TypeFlags.Any) return false;
  return checker.getNonNullableType(thenType).getCallSignatures().length > 0;
}

/** True when the type (or, for a union, every non-nullable member) has a `catch` method. */
export function hasCatchMethod(checker: ts.TypeChecker, type: ts.Type): boolean {
  const nonNullable = checker.getNonNullableType(type);
  const members = nonNullable.isUnion() ? nonNullable.types : [nonNullable];
  return members.every((member) => {
    const property = checker.getPropertyOfType(checker.getApparentType(member), 'catch');
    return property !== undefined && checker.getTypeOfSymbol(property).getCallSignatures().length > 0;
  });
}

/** True when the type admits `null` or `undefined`. */
export function isNullable(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) => (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
}
