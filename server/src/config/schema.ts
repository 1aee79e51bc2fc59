import { SEVERITIES } from '../core/findings';
import type { Rule } from '../core/rule';

/**
 * The JSON schema of asynclint.config.json that VS Code uses for completion and
 * validation while the file is edited (contributes.jsonValidation). Generated
 * into schemas/ by `npm run docs`, so it always names every rule.
 */
export function renderConfigSchema(rules: readonly Rule[]): string {
  const severity = { type: 'string', enum: [...SEVERITIES] };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'asynclint configuration',
    description: 'Rule severities and options, ignored files and extra blocking functions, for the asynclint language server and command line.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        type: 'object',
        description: 'Severity (or { severity, options }) per rule id. Editor settings (asynclint.rules) override these.',
        additionalProperties: false,
        properties: Object.fromEntries(
          rules.map((rule) => [
            rule.meta.id,
            {
              description: `${rule.meta.description} Default: ${rule.meta.defaultSeverity}.`,
              oneOf: [
                severity,
                {
                  type: 'object',
                  additionalProperties: false,
                  properties: { severity, options: { type: 'object', description: 'Options of the rule; see its documentation.' } },
                },
              ],
            },
          ]),
        ),
      },
      ignore: {
        type: 'array',
        description: 'Glob patterns of files not to analyse, relative to this file (`dist/`, `**/*.generated.ts`).',
        items: { type: 'string' },
      },
      blockingFunctions: declarationList('Functions that block the event loop, in addition to the built-in ones (no-blocking-call).'),
      neverRejectingFunctions: declarationList('Functions whose promise never rejects: dropping it loses nothing (no-floating-promises, no-misused-promises).'),
      readOnlyFunctions: declarationList('Functions that only read: independent awaits of them may run together (prefer-promise-all, no-await-in-loop).'),
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** A list of functions named by declaration: the module that declares them and the qualified name there. */
function declarationList(description: string) {
  return {
    type: 'array',
    description,
    items: {
      type: 'object',
      required: ['module', 'export'],
      additionalProperties: false,
      properties: {
        module: { type: 'string', description: 'The package or module that declares it, e.g. "better-sqlite3".' },
        export: {
          type: 'string',
          minLength: 1,
          description: 'Its qualified name there: "readSync", "Statement.run", or a class or interface for all its methods ("Database"); `*` matches any part of a name.',
        },
      },
    },
  };
}
