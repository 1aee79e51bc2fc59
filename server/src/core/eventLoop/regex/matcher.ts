import { LINE_TERMINATORS, WORD } from './charSet';
import type { ParsedRegex, RegexNode } from './parser';

/**
 * A backtracking matcher that explores paths in the order JavaScript's engine
 * does, and counts its steps. It is never used to match real input: the
 * analysis runs it on short, generated strings to confirm that a suspected
 * blow-up is real (the step count must grow as the analysis predicts and the
 * match must fail), so that a report never rests on the automaton alone.
 */
export interface MatchRun {
  readonly matched: boolean;
  readonly steps: number;
  /** True when the step budget ran out before an answer. */
  readonly exhausted: boolean;
}

class BudgetExhausted extends Error {}

export function runMatch(regex: ParsedRegex, input: readonly number[], budget: number): MatchRun {
  let steps = 0;
  const n = input.length;
  const { multiline } = regex.flags;
  const tick = () => {
    if (++steps > budget) throw new BudgetExhausted();
  };
  const isWordAt = (position: number) => position >= 0 && position < n && WORD.has(input[position]);

  const match = (node: RegexNode, position: number, next: (position: number) => boolean): boolean => {
    tick();
    switch (node.kind) {
      case 'char':
        return position < n && node.set.has(input[position]) && next(position + 1);
      case 'seq': {
        const step = (index: number, at: number): boolean => (index === node.items.length ? next(at) : match(node.items[index], at, (after) => step(index + 1, after)));
        return step(0, position);
      }
      case 'alt':
        return node.alternatives.some((alternative) => match(alternative, position, next));
      case 'assert':
        switch (node.assertion) {
          case 'start':
            return (position === 0 || (multiline && LINE_TERMINATORS.has(input[position - 1]))) && next(position);
          case 'end':
            return (position === n || (multiline && LINE_TERMINATORS.has(input[position]))) && next(position);
          case 'wordBoundary':
            return isWordAt(position - 1) !== isWordAt(position) && next(position);
          case 'notWordBoundary':
            return isWordAt(position - 1) === isWordAt(position) && next(position);
        }
        return false;
      case 'lookahead': {
        const found = match(node.body, position, () => true);
        return found !== node.negate && next(position);
      }
      case 'repeat': {
        const { body, min, max, lazy } = node;
        const iterate = (count: number, at: number): boolean => {
          tick();
          const again = () =>
            count < max &&
            match(body, at, (after) => {
              // An iteration past the minimum that matched nothing ends the loop (ECMAScript's empty check).
              if (after === at && count >= min) return false;
              return iterate(count + 1, after);
            });
          if (count < min) return again();
          return lazy ? next(at) || again() : again() || next(at);
        };
        return iterate(0, position);
      }
    }
  };

  try {
    const lastStart = regex.flags.sticky ? 0 : n;
    for (let start = 0; start <= lastStart; start++) {
      if (match(regex.root, start, () => true)) return { matched: true, steps, exhausted: false };
    }
    return { matched: false, steps, exhausted: false };
  } catch (error) {
    if (error instanceof BudgetExhausted || error instanceof RangeError) return { matched: false, steps, exhausted: true };
    throw error;
  }
}
