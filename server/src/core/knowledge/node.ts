import { namesFact, patternFact } from './facts';

/** What Node.js's own modules do, as the rules need it. */

export const BLOCKING_CRYPTO = namesFact({
  id: 'blocking-crypto',
  summary: 'Synchronous key derivation and key generation in `crypto`',
  evidence: 'declaration',
  reason: 'They run CPU-heavy work on the calling thread; each has an asynchronous form that runs on the thread pool.',
  names: ['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync', 'generatePrimeSync', 'checkPrimeSync'],
});

export const BLOCKING_CHILD_PROCESS = namesFact({
  id: 'blocking-child-process',
  summary: 'Synchronous child processes in `child_process`',
  evidence: 'declaration',
  reason: 'The calling thread waits until the child process exits.',
  names: ['execSync', 'execFileSync', 'spawnSync'],
});

/** `randomBytes(size)` without a callback is synchronous; below this size it is too cheap to matter. */
export const RANDOM_BYTES_BLOCKING_SIZE = 64 * 1024;

export const FS_PROMISE_COUNTERPARTS = namesFact({
  id: 'fs-promise-counterparts',
  summary: '`fs` functions whose `fs/promises` counterpart takes the same arguments',
  evidence: 'declaration',
  reason: 'Their promise form resolves to the same value the synchronous form returns, so the fix can swap one for the other.',
  names: [
    'access',
    'appendFile',
    'chmod',
    'chown',
    'copyFile',
    'cp',
    'lchown',
    'link',
    'lstat',
    'lutimes',
    'mkdir',
    'mkdtemp',
    'opendir',
    'readdir',
    'readFile',
    'readlink',
    'realpath',
    'rename',
    'rm',
    'rmdir',
    'stat',
    'statfs',
    'symlink',
    'truncate',
    'unlink',
    'utimes',
    'writeFile',
  ],
});

export const KERNEL_STATE_PATHS = patternFact({
  id: 'kernel-state-paths',
  summary: 'Files the kernel answers from memory',
  evidence: 'syntax',
  reason: 'Reading `/proc` and `/sys` never waits for a disk.',
  pattern: /^\/(proc|sys)\//,
  described: 'paths under `/proc/` and `/sys/`',
});

export const REPEATING_LISTENER_METHODS = namesFact({
  id: 'repeating-listener-methods',
  summary: 'Methods that register a listener for every event',
  evidence: 'syntax',
  reason: 'An `on` listener runs each time the event fires, for as long as the emitter lives.',
  names: ['on', 'addListener', 'prependListener', 'addEventListener'],
});

export const ONCE_LISTENER_METHODS = namesFact({
  id: 'once-listener-methods',
  summary: 'Methods that register a listener for one event',
  evidence: 'syntax',
  reason: 'A `once` listener runs at most once, in the context of the code that registered it.',
  names: ['once', 'prependOnceListener'],
});

export const ONCE_EVENTS = namesFact({
  id: 'once-events',
  summary: 'Events an emitter emits once',
  evidence: 'syntax',
  reason: 'A child process exits once, a stream ends once, a server starts listening once: their listeners run once.',
  names: ['exit', 'close', 'end', 'finish', 'ready', 'open', 'listening', 'spawn', 'error', 'timeout', 'response'],
});

export const SERVER_EVENTS = namesFact({
  id: 'server-events',
  summary: 'Events only servers listen to',
  evidence: 'syntax',
  reason: 'A file that listens to connections, requests or messages serves clients.',
  names: ['connection', 'request', 'upgrade', 'connect', 'message'],
});

export const SERVER_FACTORIES = namesFact({
  id: 'server-factories',
  summary: 'Functions that create a server from a request handler',
  evidence: 'syntax',
  reason: '`http.createServer(handler)` runs the handler for every request.',
  names: ['createServer', 'createSecureServer'],
});

export const NODE_TEST_MODULES = namesFact({
  id: 'node-test-modules',
  summary: "Modules of Node's test runner",
  evidence: 'declaration',
  reason: 'Its `test`, `it` and `describe` return promises the runner tracks and that never reject: a failing test is reported by the runner.',
  names: ['node:test', 'test'],
});

/** Source text that starts a server: a server factory's call or `.listen(`. */
export const SERVER_START_TEXT = new RegExp(`\\b(${[...SERVER_FACTORIES.names].join('|')})\\s*\\(|\\.listen\\s*\\(`);
