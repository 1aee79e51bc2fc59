import type { DeclarationKey } from './facts';

/**
 * What a project adds to the knowledge base in `asynclint.config.json`, with
 * the same declaration keys the built-in facts use:
 *
 *     "blockingFunctions":      [{ "module": "better-sqlite3", "export": "Database" }],
 *     "neverRejectingFunctions": [{ "module": "@acme/telemetry", "export": "Tracker.flush" }],
 *     "readOnlyFunctions":      [{ "module": "@acme/catalog", "export": "CatalogClient.get*" }]
 *
 * `module` is the package (or ambient module) that declares the function, as
 * its declaration files name it; the type checker resolves every call to it,
 * whatever the variable holding it is called.
 */
export interface ConfiguredKnowledge {
  /** Functions that block the event loop, in addition to Node's (no-blocking-call). */
  readonly blockingFunctions?: readonly DeclarationKey[];
  /** Functions whose promise never rejects: dropping it loses nothing (the rejection rules). */
  readonly neverRejectingFunctions?: readonly DeclarationKey[];
  /** Functions that only read: independent calls of them may run together (the gather rules). */
  readonly readOnlyFunctions?: readonly DeclarationKey[];
}

export const KNOWLEDGE_KEYS = ['blockingFunctions', 'neverRejectingFunctions', 'readOnlyFunctions'] as const satisfies ReadonlyArray<keyof ConfiguredKnowledge>;

export const NO_CONFIGURED_KNOWLEDGE: ConfiguredKnowledge = {};

/** True when `value` is a valid list of declaration keys. */
export function isDeclarationKeyList(value: unknown): value is DeclarationKey[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as DeclarationKey).module === 'string' &&
        typeof (entry as DeclarationKey).export === 'string' &&
        (entry as DeclarationKey).export.length > 0,
    )
  );
}
