import type { Fact } from './facts';
import * as files from './files';
import * as frameworks from './frameworks';
import * as javascript from './javascript';
import * as names from './names';
import * as node from './node';
import * as python from './python';
import * as vscode from './vscode';

/**
 * The knowledge base: everything the rules know about the world, as data.
 * Each module holds the facts of one domain (the language, Node.js, VS Code,
 * frameworks, file layouts, naming conventions); rules import the facts they
 * use and list them in their metadata, and their documentation is generated
 * from them.
 */
export const ALL_FACTS: readonly Fact[] = [javascript, node, vscode, frameworks, files, names, python].flatMap((module) =>
  Object.values(module).filter((value): value is Fact => typeof value === 'object' && value !== null && 'kind' in value && 'reason' in value),
);

export type { DeclarationKey, Evidence, Fact } from './facts';
export { holds } from './facts';
export type { ConfiguredKnowledge } from './project';

/** Where code runs (start-up, tests, handlers that repeat): what every blocking-the-event-loop rule consults. */
export const WHERE_CODE_RUNS: readonly Fact[] = [
  javascript.PROMISE_CALLBACK_METHODS,
  javascript.REPEATING_TIMERS,
  javascript.ONCE_TIMERS,
  javascript.IN_PLACE_CALLBACK_CALLS,
  node.REPEATING_LISTENER_METHODS,
  node.ONCE_LISTENER_METHODS,
  node.ONCE_EVENTS,
  node.SERVER_EVENTS,
  node.SERVER_FACTORIES,
  frameworks.ROUTE_METHODS,
  frameworks.HANDLER_DECORATORS,
  frameworks.COMMAND_REGISTRATIONS,
  frameworks.TEST_FUNCTIONS,
  files.SETUP_WIZARD_FILES,
  files.TOOLING_DIRECTORIES,
  names.ERROR_PARAMETER_NAMES,
  names.REQUEST_PARAMETER_NAMES,
  names.HANDLER_PARAMETER_NAMES,
  names.DEV_OR_TEST_CONDITIONS,
  names.RESTART_NAMES,
];

/** Which promises cannot reject or report their own failures: what the unhandled-rejection rules consult. */
export const WHAT_CANNOT_REJECT: readonly Fact[] = [vscode.VSCODE_NEVER_REJECTING, vscode.VSCODE_UI_COMMANDS, frameworks.SELF_REPORTING_NAVIGATION, node.NODE_TEST_MODULES];

/** What an awaited call does (reads, writes, paces, holds a handle) and where gathering is not worth it. */
export const WHAT_CALLS_DO: readonly Fact[] = [
  names.READ_VERBS,
  names.GUARD_VERBS,
  names.WRITE_VERBS,
  names.CHANGE_WORDS,
  names.PACING_NAMES,
  names.STATEFUL_RECEIVER_NAMES,
  names.STATEFUL_RECEIVER_SUFFIXES,
  names.STATEFUL_TYPE_NAMES,
  names.TRANSACTION_ARGUMENT_NAMES,
  names.LOCKING_OPTIONS,
  javascript.HTTP_READ_METHODS,
  javascript.HTTP_WRITE_METHODS,
  javascript.COLLECTION_MUTATORS,
  files.TEST_FILES,
  files.ONE_SHOT_FILES,
];
