import { namesFact, patternFact } from './facts';

/**
 * Naming conventions: what a name alone suggests. The weakest evidence the
 * rules use, kept here so that every place a name decides is visible in one
 * file (and in each rule's documentation).
 */

export const ERROR_PARAMETER_NAMES = patternFact({
  id: 'error-parameter-names',
  summary: 'First parameters that name an error',
  evidence: 'name',
  reason: 'A callback whose first parameter is `err` or `error` is a Node-style completion callback: it runs once, when the operation it was handed to finishes.',
  pattern: /^(err|error|e|er|ex|exception)$/,
  described: '`err`, `error`, `e`, `er`, `ex`, `exception`',
});

export const REQUEST_PARAMETER_NAMES = patternFact({
  id: 'request-parameter-names',
  summary: 'Parameters that name a request, a response or a context',
  evidence: 'name',
  reason: 'A function handed to a `use`-like registration whose parameters are `(req, res, next)` or `(ctx)` is middleware by convention.',
  pattern: /^(req|request|res|response|ctx|context|next)$/i,
  described: '`req`, `request`, `res`, `response`, `ctx`, `context`, `next` (any case)',
});

export const HANDLER_PARAMETER_NAMES = patternFact({
  id: 'handler-parameter-names',
  summary: 'Parameters that name what a handler receives',
  evidence: 'name',
  reason: 'Functions taking a request, a context, an event, a socket, a job or a message are usually handlers of something that repeats.',
  pattern: /^(req|request|res|response|ctx|context|event|socket|ws|job|msg|message)$/i,
  described: '`req`, `request`, `res`, `response`, `ctx`, `context`, `event`, `socket`, `ws`, `job`, `msg`, `message` (any case)',
});

export const DEV_OR_TEST_CONDITIONS = patternFact({
  id: 'dev-or-test-conditions',
  summary: 'Conditions that hold only in development or test mode',
  evidence: 'name',
  reason: 'Handlers registered inside `if (isDev)` or `if (process.env.NODE_ENV === \'test\')` never serve users.',
  pattern:
    /\b(dev|development|debug|isDev\w*|isTest\w*|isE2E\w*|e2e\w*|testMode|devMode|isDebug|debugMode)\b|NODE_ENV\s*[!=]==?\s*['"](test|development)['"]|process\.env\.\w*(TEST|E2E)\w*/,
  described: '`isDev…`, `isTest…`, `e2e…`, `debug…` flags and `NODE_ENV` compared with `test` or `development`',
});

export const RESTART_NAMES = patternFact({
  id: 'restart-names',
  summary: 'Calls and events that restart the server',
  evidence: 'name',
  reason: 'What precedes `restartServer()` (or an emitted `restartServer` event) is start-up again.',
  pattern: /^restart[-_]?(server|app|application)$/i,
  described: '`restartServer`, `restart-app`, `restart_application` and similar',
});

export const WARM_UP_NAMES = patternFact({
  id: 'warm-up-names',
  summary: 'Warm-up functions',
  evidence: 'name',
  reason: 'Warming up may fail: the real load runs later and reports its own errors, and a failed prefetch only means a slower first use.',
  pattern: /^(preload|prefetch)([A-Z_$\d]|$)/,
  described: 'names starting with `preload` or `prefetch`',
});

export const READ_VERBS = namesFact({
  id: 'read-verbs',
  summary: 'First words of names that read without changing anything',
  evidence: 'name',
  reason:
    'A call named `getUser` or `listOrders` usually only reads. CPU-bound verbs (`render`, `parse`, `hash`) gain nothing from running together, and ' +
    '`gather` is not among them: in data pipelines it means fetch and store.',
  names: [
    'get', 'fetch', 'find', 'load', 'read', 'list', 'count', 'search', 'lookup', 'retrieve',
    'select', 'stat', 'exists', 'has', 'head', 'describe', 'download', 'resolve',
    'scan', 'collect', 'preview', 'peek', 'glob', 'readdir', 'lstat', 'realpath', 'geocode',
  ],
});

export const GUARD_VERBS = namesFact({
  id: 'guard-verbs',
  summary: 'First words of calls awaited for their throw',
  evidence: 'name',
  reason: 'A guard (`validate`, `assertAccess`) must finish before what it guards starts.',
  names: ['assert', 'ensure', 'require', 'guard', 'authorize', 'authorise', 'validate', 'verify', 'check', 'protect', 'enforce', 'throw'],
});

export const WRITE_VERBS = namesFact({
  id: 'write-verbs',
  summary: 'First words of names that change state, or must come before what follows',
  evidence: 'name',
  reason: 'Writes, connections, navigation and side effects must keep their order; raw `query()` calls are as often DDL and writes as reads.',
  names: [
    'create', 'insert', 'update', 'upsert', 'delete', 'del', 'remove', 'destroy', 'save', 'store', 'put', 'post', 'patch',
    'set', 'write', 'append', 'send', 'push', 'publish', 'emit', 'dispatch', 'notify', 'commit', 'rollback', 'begin',
    'start', 'stop', 'close', 'end', 'open', 'connect', 'disconnect', 'lock', 'unlock', 'acquire', 'release', 'init',
    'initialize', 'setup', 'register', 'unregister', 'login', 'logout', 'signin', 'signout', 'click', 'dblclick', 'type',
    'fill', 'goto', 'navigate', 'press', 'hover', 'focus', 'blur', 'tap', 'drag', 'drop', 'submit', 'upload', 'move',
    'rename', 'copy', 'mkdir', 'rmdir', 'rm', 'unlink', 'truncate', 'reset', 'clear', 'flush', 'increment', 'incr',
    'decrement', 'decr', 'enqueue', 'dequeue', 'migrate', 'seed', 'exec', 'execute', 'run', 'apply', 'add', 'install',
    'uninstall', 'build', 'deploy', 'kill', 'terminate', 'cancel', 'abort', 'approve', 'reject', 'archive', 'restore',
    'mark', 'assign', 'attach', 'detach', 'link', 'subscribe', 'unsubscribe', 'invalidate', 'expire', 'evict', 'refresh',
    'sync', 'transfer', 'pay', 'charge', 'refund', 'process', 'handle', 'trigger', 'invoke', 'call', 'transaction',
    'persist', 'mutate', 'replace', 'modify', 'edit', 'change', 'toggle', 'enable', 'disable', 'activate', 'deactivate',
    'generate', 'mint', 'spawn', 'fork', 'listen', 'bind', 'prepare', 'reload', 'restart', 'wait', 'await', 'poll',
    'retry', 'confirm', 'accept', 'decline', 'log', 'track', 'record', 'report', 'audit', 'respond', 'reply',
    'screenshot', 'evaluate', 'uncheck', 'scroll', 'keyboard', 'mouse', 'schedule', 'consume', 'promote', 'cleanup',
    'recalculate', 'sign', 'revalidate', 'localize', 'mount', 'use', 'query', 'raw', 'unsafe',
  ],
});

export const CHANGE_WORDS = namesFact({
  id: 'change-words',
  summary: 'Words that name a change anywhere in a name',
  evidence: 'name',
  reason: 'A name that starts with a reading verb but also names a change (`getOrCreate`, `findAndLock`) writes.',
  names: ['create', 'insert', 'update', 'upsert', 'delete', 'remove', 'save', 'set', 'increment', 'lock'],
});

export const PACING_NAMES = patternFact({
  id: 'pacing-names',
  summary: 'Calls whose purpose is to pass time',
  evidence: 'name',
  reason: 'Awaits around a `sleep`, `delay` or `throttle` are paced on purpose.',
  pattern: /^(sleep|delay|wait|waitFor\w*|pause|timeout|setTimeout|setImmediate|nextTick|tick|yieldToEventLoop|backoff|throttle|rateLimit\w*|waitUntil|idle)$/i,
  described: '`sleep`, `delay`, `wait`, `waitFor…`, `pause`, `timeout`, `backoff`, `throttle`, `rateLimit…` and similar',
});

export const STATEFUL_RECEIVER_NAMES = patternFact({
  id: 'stateful-receiver-names',
  summary: 'Receiver names of handles whose operations run in order',
  evidence: 'name',
  reason: 'A transaction, a single connection, a browser page, a socket or a stream serialises the operations made on it.',
  pattern:
    /^(tx|trx|txn|t|transaction|conn|connection|session|page|browser|frame|context|socket|ws|channel|stream|cursor|lock|mutex|writer|reader|port|queryRunner|em|manager|client|pgClient|poolClient|sftp|ftp|ssh|shell|terminal|pty|serial|device|driver|worker|db)$/i,
  described: '`tx`, `trx`, `transaction`, `conn`, `session`, `page`, `browser`, `socket`, `stream`, `cursor`, `client`, `db` and similar',
});

export const STATEFUL_RECEIVER_SUFFIXES = patternFact({
  id: 'stateful-receiver-suffixes',
  summary: 'Receiver name endings of handles whose operations run in order',
  evidence: 'name',
  reason: 'As above: `userTx`, `dbConnection`, `adminPage` are handles of the same kinds.',
  pattern: /(Tx|Trx|Transaction|Conn|Connection|Session|Page|Browser|Frame|Socket|Channel|Stream|Cursor|Lock|Mutex|Writer|Reader|QueryRunner|Manager|PoolClient|Driver|Locator|Handle)$/,
  described: 'names ending in `Tx`, `Transaction`, `Connection`, `Session`, `Page`, `Socket`, `Stream`, `Cursor`, `Manager` and similar',
});

export const STATEFUL_TYPE_NAMES = patternFact({
  id: 'stateful-type-names',
  summary: 'Type names of handles whose operations run in order',
  evidence: 'name',
  reason: 'A receiver typed as a transaction, connection, page, socket, stream or cursor serialises the operations made on it.',
  pattern: /(Transaction|Connection|Session|Page|Browser|BrowserContext|Frame|Locator|ElementHandle|Socket|WebSocket|Channel|Stream|Cursor|Mutex|Semaphore|QueryRunner|EntityManager|PoolClient|Writable|Readable|Duplex|FileHandle|WebDriver|Sftp\w*)$/,
  described: 'types whose names end in `Transaction`, `Connection`, `Session`, `Page`, `Socket`, `Stream`, `Cursor`, `PoolClient`, `FileHandle` and similar',
});

export const TRANSACTION_ARGUMENT_NAMES = patternFact({
  id: 'transaction-argument-names',
  summary: 'Argument names that carry a transaction, a session or a request context',
  evidence: 'name',
  reason: 'Calls handed a transaction or a request-scoped context (also as a property of an options object) run on the same handle, in order.',
  pattern: /^(transaction|trx|tx|txn|t|session|queryRunner|manager|em|req|request|ctx|context|client|conn|connection)$/,
  described: '`transaction`, `trx`, `tx`, `session`, `queryRunner`, `manager`, `em`, `req`, `ctx`, `client`, `conn` and similar',
});

export const LOCKING_OPTIONS = namesFact({
  id: 'locking-options',
  summary: 'Query options that lock rows',
  evidence: 'name',
  reason: 'A read that locks (`{ lock: … }`, `{ forUpdate: true }`) must keep its place in a transaction.',
  names: ['lock', 'forUpdate'],
});
