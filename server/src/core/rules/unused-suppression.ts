import type { Rule } from '../rule';

/**
 * unused-suppression: an `asynclint-disable…` comment that suppresses nothing.
 * Its logic lives in the engine (suppressions are applied after every rule has
 * run); this file holds its identity and documentation.
 */
export const unusedSuppression: Rule = {
  meta: {
    id: 'unused-suppression',
    description: 'A suppression comment that suppresses nothing, or names a rule that does not exist.',
    defaultSeverity: 'hint',
    typeAware: false,
    docs: {
      flags:
        'An `asynclint-disable-next-line`, `asynclint-disable-line`, `asynclint-disable` or `asynclint-disable-file` comment ' +
        'that suppressed no finding of the rules it names (or of any rule, when it names none), and rule names in such ' +
        'comments that are not asynclint rules.',
      why:
        'Code changes and rules improve; a suppression left behind hides the next real finding on that line, and a misspelt ' +
        'rule name suppresses nothing while looking as if it did.',
      doesNotFlag:
        'Suppressions for rules that did not run (turned off in the settings or configuration, or type-aware rules while ' +
        'those are disabled): they may be needed when the rule runs again. `asynclint-enable` comments.',
      flaggedExamples: ['// asynclint-disable-next-line no-floating-promises -- nothing here floats\nconst answer = 42;'],
      notFlaggedExamples: [
        'declare function save(): Promise<void>;\nexport function onClick() {\n  // asynclint-disable-next-line no-floating-promises -- logged by save itself\n  save();\n}',
      ],
      fixes:
        '**Remove the unused suppression** (or the unused rule names from its list). It is safe, and applied by "Fix all" and on save when `source.fixAll.asynclint` is enabled.',
    },
  },
  create: () => ({}),
};
