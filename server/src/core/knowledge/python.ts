import { declarationsFact, patternFact, type DeclarationKey } from './facts';

/**
 * What asynclint knows about Python's libraries, as data, keyed by the
 * declaration a name resolves to through the module's imports: a module
 * function (`time.sleep`), a class (`requests.Session`) or a method of a class
 * (`requests.Session.get`). A variable's name never decides anything: a method
 * is known only when the receiver's class is evident (constructed, annotated,
 * opened by `with`, or returned by a known factory).
 */

/** Why a call blocks the thread that runs the event loop, and how to take it off. */
export interface PythonBlockingFact {
  /** Completes "… blocks the event loop: it <what>". */
  readonly what: string;
  /** `sleep`: replace with `await asyncio.sleep(...)`; `thread`: run it with `await asyncio.to_thread(...)`; none: no mechanical fix. */
  readonly fix?: 'sleep' | 'thread';
}

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const http = (what: string) => ({ what, fix: 'thread' }) as const;
const fromEntries = <T>(keys: readonly string[], value: T): Record<string, T> => Object.fromEntries(keys.map((key) => [key, value]));

export const PYTHON_BLOCKING: Readonly<Record<string, PythonBlockingFact>> = {
  'time.sleep': { what: 'puts the whole thread to sleep, and every coroutine with it', fix: 'sleep' },
  // Synchronous HTTP clients wait for the network on the calling thread.
  ...fromEntries(
    HTTP_VERBS.map((verb) => `requests.${verb}`),
    http('waits for an HTTP response'),
  ),
  ...fromEntries(
    [...HTTP_VERBS, 'send'].map((verb) => `requests.Session.${verb}`),
    http('waits for an HTTP response'),
  ),
  ...fromEntries(
    [...HTTP_VERBS, 'stream'].map((verb) => `httpx.${verb}`),
    http('waits for an HTTP response'),
  ),
  ...fromEntries(
    [...HTTP_VERBS, 'send', 'stream'].map((verb) => `httpx.Client.${verb}`),
    http('waits for an HTTP response'),
  ),
  'httpx.Client.close': http('closes its connections synchronously, waiting for the network'),
  'urllib.request.urlopen': http('waits for an HTTP response'),
  'urllib3.request': http('waits for an HTTP response'),
  'urllib3.PoolManager.request': http('waits for an HTTP response'),
  'urllib3.PoolManager.urlopen': http('waits for an HTTP response'),
  'http.client.HTTPConnection.request': http('sends an HTTP request and waits for the network'),
  'http.client.HTTPConnection.getresponse': http('waits for an HTTP response'),
  'http.client.HTTPSConnection.request': http('sends an HTTP request and waits for the network'),
  'http.client.HTTPSConnection.getresponse': http('waits for an HTTP response'),
  'socket.create_connection': http('connects a socket and waits for the network'),
  'socket.getaddrinfo': http('resolves a host name and waits for DNS'),
  'socket.gethostbyname': http('resolves a host name and waits for DNS'),
  // Files: the operating system's file calls wait for the disk.
  'builtins.open': { what: 'opens a file synchronously; its reads and writes wait for the disk' },
  'io.open': { what: 'opens a file synchronously; its reads and writes wait for the disk' },
  'io.open_code': { what: 'opens a file synchronously; its reads and writes wait for the disk' },
  'os.fdopen': { what: 'opens a file synchronously; its reads and writes wait for the disk' },
  'pathlib.Path.open': { what: 'opens a file synchronously; its reads and writes wait for the disk' },
  'io.TextIOWrapper.read': { what: 'reads a file synchronously' },
  'io.TextIOWrapper.readline': { what: 'reads a file synchronously' },
  'io.TextIOWrapper.readlines': { what: 'reads a file synchronously' },
  'io.TextIOWrapper.write': { what: 'writes a file synchronously' },
  'io.TextIOWrapper.writelines': { what: 'writes a file synchronously' },
  ...fromEntries(
    ['read_text', 'read_bytes', 'write_text', 'write_bytes'].map((method) => `pathlib.Path.${method}`),
    { what: 'reads or writes a whole file synchronously', fix: 'thread' } as const,
  ),
  'shutil.copyfile': { what: 'copies a file synchronously', fix: 'thread' },
  'shutil.copy': { what: 'copies a file synchronously', fix: 'thread' },
  'shutil.copytree': { what: 'copies a folder synchronously', fix: 'thread' },
  'shutil.rmtree': { what: 'deletes a folder synchronously', fix: 'thread' },
  // Child processes: these wait until the child has finished (or, for Popen, start it synchronously).
  ...fromEntries(
    ['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput'].map((name) => `subprocess.${name}`),
    { what: 'waits for a child process to finish', fix: 'thread' } as const,
  ),
  'subprocess.Popen': { what: 'starts a child process synchronously (use asyncio.create_subprocess_exec)' },
  'subprocess.Popen.wait': { what: 'waits for a child process to finish', fix: 'thread' },
  'subprocess.Popen.communicate': { what: 'waits for a child process to finish', fix: 'thread' },
  'os.system': { what: 'waits for a shell command to finish', fix: 'thread' },
  'os.popen': { what: 'starts a shell command synchronously' },
  ...fromEntries(['os.wait', 'os.wait3', 'os.wait4', 'os.waitid'], { what: 'waits for a child process to finish', fix: 'thread' } as const),
  'os.waitpid': { what: 'waits for a child process to finish', fix: 'thread' },
  ...fromEntries(
    ['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe', 'posix_spawn', 'posix_spawnp'].map((name) => `os.${name}`),
    { what: 'starts a child process synchronously' } as const,
  ),
  // Synchronous database drivers: connecting and every query wait for the server (or the disk).
  ...fromEntries(['sqlite3.connect', 'psycopg2.connect', 'psycopg.connect', 'pymysql.connect', 'MySQLdb.connect', 'mysql.connector.connect'], {
    what: 'connects to a database synchronously',
    fix: 'thread',
  } as const),
  ...fromEntries(
    [
      'sqlite3.Connection',
      'sqlite3.Cursor',
      'psycopg2.extensions.connection',
      'psycopg2.extensions.cursor',
      'psycopg.Connection',
      'psycopg.Cursor',
      'pymysql.connections.Connection',
      'pymysql.cursors.Cursor',
    ].flatMap((cls) => ['execute', 'executemany', 'executescript', 'commit', 'fetchone', 'fetchall', 'fetchmany'].map((method) => `${cls}.${method}`)),
    { what: 'runs a database query synchronously', fix: 'thread' } as const,
  ),
  // Key derivation is slow on purpose: hundreds of milliseconds of CPU.
  'hashlib.pbkdf2_hmac': { what: 'derives a key, slow on purpose (hundreds of milliseconds of CPU)', fix: 'thread' },
  'hashlib.scrypt': { what: 'derives a key, slow on purpose (hundreds of milliseconds of CPU)', fix: 'thread' },
};

/**
 * What a call returns, when that is an instance of a known class: how the
 * receiver's class becomes evident without type annotations.
 */
export const PYTHON_RETURNS: Readonly<Record<string, string>> = {
  'requests.Session': 'requests.Session',
  'requests.session': 'requests.Session',
  'httpx.Client': 'httpx.Client',
  'httpx.AsyncClient': 'httpx.AsyncClient',
  'aiohttp.ClientSession': 'aiohttp.ClientSession',
  'urllib3.PoolManager': 'urllib3.PoolManager',
  'http.client.HTTPConnection': 'http.client.HTTPConnection',
  'http.client.HTTPSConnection': 'http.client.HTTPSConnection',
  'builtins.open': 'io.TextIOWrapper',
  'io.open': 'io.TextIOWrapper',
  'io.open_code': 'io.TextIOWrapper',
  'os.fdopen': 'io.TextIOWrapper',
  'pathlib.Path.open': 'io.TextIOWrapper',
  'pathlib.Path': 'pathlib.Path',
  'subprocess.Popen': 'subprocess.Popen',
  'sqlite3.connect': 'sqlite3.Connection',
  'sqlite3.Connection.cursor': 'sqlite3.Cursor',
  'psycopg2.connect': 'psycopg2.extensions.connection',
  'psycopg2.extensions.connection.cursor': 'psycopg2.extensions.cursor',
  'psycopg.connect': 'psycopg.Connection',
  'psycopg.Connection.cursor': 'psycopg.Cursor',
  'pymysql.connect': 'pymysql.connections.Connection',
  'pymysql.connections.Connection.cursor': 'pymysql.cursors.Cursor',
  'asyncio.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.new_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.TaskGroup': 'asyncio.TaskGroup',
  'asyncpg.create_pool': 'asyncpg.Pool',
  'asyncpg.connect': 'asyncpg.Connection',
  'asyncpg.Pool.acquire': 'asyncpg.Connection',
};

/** Module aliases a type annotation may name for a class above (`psycopg2.extensions.connection` is what `psycopg2.connect` returns). */
export const PYTHON_CLASS_ALIASES: Readonly<Record<string, string>> = {
  'requests.sessions.Session': 'requests.Session',
  'asyncpg.pool.Pool': 'asyncpg.Pool',
  'asyncpg.connection.Connection': 'asyncpg.Connection',
  'aiohttp.client.ClientSession': 'aiohttp.ClientSession',
};

/**
 * Awaited calls that only read: running several of them together changes
 * nothing but the time they take. Methods of a single connection are missing on
 * purpose: a connection runs one query at a time, so they cannot be gathered.
 */
export const PYTHON_READS: ReadonlySet<string> = new Set([
  ...['get', 'head', 'options'].flatMap((verb) => [`httpx.AsyncClient.${verb}`, `aiohttp.ClientSession.${verb}`]),
  ...['fetch', 'fetchrow', 'fetchval'].map((method) => `asyncpg.Pool.${method}`),
  'asyncio.open_connection',
]);

/** Awaited calls that pace a loop on purpose: a loop that awaits one runs its iterations one after another by design. */
export const PYTHON_PACING: ReadonlySet<string> = new Set(['asyncio.sleep', 'trio.sleep', 'anyio.sleep']);

/** Functions and methods that return a coroutine: called without await, they do nothing. */
export const PYTHON_COROUTINE_FUNCTIONS: ReadonlySet<string> = new Set([
  'asyncio.sleep',
  'asyncio.wait_for',
  'asyncio.wait',
  'asyncio.open_connection',
  'asyncio.start_server',
  'asyncio.to_thread',
  'asyncio.create_subprocess_exec',
  'asyncio.create_subprocess_shell',
  'asyncio.Event.wait',
  'asyncio.Lock.acquire',
  ...[...HTTP_VERBS, 'send', 'aclose'].map((verb) => `httpx.AsyncClient.${verb}`),
  ...['fetch', 'fetchrow', 'fetchval', 'execute', 'executemany', 'close'].flatMap((method) => [`asyncpg.Pool.${method}`, `asyncpg.Connection.${method}`]),
  'aiohttp.ClientSession.close',
]);

/**
 * Calls that start a task and return it. The event loop keeps only a weak
 * reference to a task: one nobody keeps can be garbage-collected mid-flight,
 * and its exception is never retrieved. A TaskGroup's `create_task` is absent:
 * the group keeps its tasks and raises their exceptions.
 */
export const PYTHON_TASK_SPAWNERS: ReadonlySet<string> = new Set(['asyncio.create_task', 'asyncio.ensure_future', 'asyncio.AbstractEventLoop.create_task']);

/**
 * Decorators that return the function they decorate (or an equivalent
 * descriptor): an `async def` under them still returns a coroutine when
 * called. Any other decorator may wrap it into something else (a sync entry
 * point that runs the loop, a task factory), so the call's result is unknown.
 */
export const PYTHON_TRANSPARENT_DECORATORS: ReadonlySet<string> = new Set([
  'builtins.staticmethod',
  'builtins.classmethod',
  'abc.abstractmethod',
  'typing.override',
  'typing_extensions.override',
  'typing.final',
]);

/**
 * Files whose coroutines are not an application's serving code, by role:
 * tests await in order to assert on order (a cache filled by the first call,
 * a call count) and their speed is nobody's latency; a script run from the
 * command line has nothing else waiting on its event loop. The gather and
 * event-loop rules stay silent there; lost tasks and coroutines are bugs anywhere.
 */
export const PYTHON_FILE_ROLES = {
  /** `test_*.py`, `*_test.py`, `conftest.py`, or any file under a `tests` / `test` folder. */
  testFile: /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$|(^|\/)tests?\//,
  /** A module under a `scripts` folder, or one with a top-level `if __name__ == "__main__":`. */
  scriptFolder: /(^|\/)scripts\//,
} as const;

/** Built-in names resolved without an import (`builtins.open`), unless the module or a function rebinds them. */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set(['open', 'staticmethod', 'classmethod']);

/** Files that mark a project's root folder: `requires-python` is read from its pyproject.toml. */
export const PYTHON_PROJECT_MARKERS: readonly string[] = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** Built-in functions whose result is as large as their first argument: `enumerate(rows)` is as long as `rows`. */
export const PYTHON_SIZE_PRESERVING: ReadonlySet<string> = new Set(['enumerate', 'sorted', 'list', 'reversed']);

// The same knowledge as facts, for the rules' generated documentation ("What it knows").

/** `requests.Session.get` → `Session.get` of `requests`: the top-level package and the qualified name in it. */
function keys(names: Iterable<string>): DeclarationKey[] {
  return [...names].map((name) => ({ module: name.slice(0, name.indexOf('.')), export: name.slice(name.indexOf('.') + 1) }));
}

export const PYTHON_BLOCKING_CALLS = declarationsFact({
  id: 'python-blocking-calls',
  summary: 'Python calls that block the thread running the event loop',
  reason:
    'They wait for the network, the disk, a child process or a database, or burn CPU on purpose (key derivation); a coroutine that makes them stops every other coroutine until they return.',
  entries: keys(Object.keys(PYTHON_BLOCKING)),
});

export const PYTHON_EVIDENT_CLASSES = declarationsFact({
  id: 'python-evident-classes',
  summary: 'Python calls whose result is an instance of a known class',
  reason: "A method is known only when its receiver's class is: these constructors and factories make it evident without a type annotation.",
  entries: keys(Object.keys(PYTHON_RETURNS)),
});

export const PYTHON_READ_CALLS = declarationsFact({
  id: 'python-read-calls',
  summary: 'Python awaitables that only read',
  reason: "Running several together changes nothing but the time they take. A single connection's queries are absent: a connection runs one query at a time.",
  entries: keys(PYTHON_READS),
});

export const PYTHON_PACING_CALLS = declarationsFact({
  id: 'python-pacing-calls',
  summary: 'Python awaitables that pace a loop',
  reason: 'A loop that sleeps between iterations runs them one after another on purpose.',
  entries: keys(PYTHON_PACING),
});

export const PYTHON_COROUTINE_CALLS = declarationsFact({
  id: 'python-coroutine-calls',
  summary: 'Library functions and methods that return a coroutine',
  reason: 'Called without await (or scheduling), they do nothing.',
  entries: keys(PYTHON_COROUTINE_FUNCTIONS),
});

export const PYTHON_TASK_SPAWN_CALLS = declarationsFact({
  id: 'python-task-spawn-calls',
  summary: 'Calls that start an asyncio task and return it',
  reason: "The event loop keeps only a weak reference to a task; a TaskGroup's create_task is absent because the group keeps its tasks.",
  entries: keys(PYTHON_TASK_SPAWNERS),
});

export const PYTHON_TRANSPARENT_DECORATOR_CALLS = declarationsFact({
  id: 'python-transparent-decorators',
  summary: 'Decorators that return the function they decorate',
  reason: 'An async def under any other decorator may have been wrapped into something that is not a coroutine function.',
  entries: keys(PYTHON_TRANSPARENT_DECORATORS),
});

export const PYTHON_TESTS_AND_SCRIPTS = patternFact({
  id: 'python-tests-and-scripts',
  summary: 'Python tests and command-line scripts',
  evidence: 'name',
  pattern: PYTHON_FILE_ROLES.testFile,
  described: '`test_*.py`, `*_test.py`, `conftest.py`, files under `tests/` or `test/`, files under `scripts/`, and modules with a top-level `if __name__ == "__main__":`',
  reason:
    "Tests await in order to assert on order and their speed is nobody's latency; a script run from the command line has nothing else waiting on its event loop. Only the gather and event-loop rules skip them.",
});
