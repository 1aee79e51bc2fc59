/**
 * A small stand-in for @types/node (which the test compiler does not load),
 * written for the blocking-the-event-loop rule tests: the modules and
 * overloads the rules resolve and the fixes produce, in the same shapes.
 * Passed to a test case as `otherFiles: NODE`.
 */
export const NODE_DECLARATIONS = `
interface Buffer extends Uint8Array {
  toString(encoding?: string): string;
}
declare var require: { (id: string): any; main: unknown };
declare var module: { exports: any };
declare var __dirname: string;
declare const process: {
  on(event: string, listener: (...args: any[]) => void): void;
  nextTick(callback: () => void): void;
  hrtime: { (time?: [number, number]): [number, number]; bigint(): bigint };
  argv: string[];
  cwd(): string;
  stdin: { on(event: 'data', listener: (chunk: string) => void): void };
};
declare function setImmediate(callback: () => void): void;

declare module 'fs' {
  export interface Stats {
    size: number;
    isFile(): boolean;
  }
  export function readFileSync(path: string): Buffer;
  export function readFileSync(path: string, encoding: 'utf8' | 'utf-8'): string;
  export function writeFileSync(path: string, data: string | Uint8Array): void;
  export function appendFileSync(path: string, data: string | Uint8Array): void;
  export function existsSync(path: string): boolean;
  export function statSync(path: string): Stats;
  export function statSync(path: string, options: { throwIfNoEntry: false }): Stats | undefined;
  export function mkdirSync(path: string, options?: { recursive?: boolean }): string | undefined;
  export function readdirSync(path: string): string[];
  export function openSync(path: string, flags: string): number;
  export function unlinkSync(path: string): void;
  export function cpSync(source: string, destination: string, options?: { recursive?: boolean }): void;
  export function readFile(path: string, callback: (err: Error | null, data: Buffer) => void): void;
  export function readFile(path: string, encoding: 'utf8', callback: (err: Error | null, data: string) => void): void;
  export const promises: typeof import('fs/promises');
}
declare module 'node:fs' {
  export * from 'fs';
}
declare module 'fs/promises' {
  import type { Stats } from 'fs';
  export function readFile(path: string): Promise<Buffer>;
  export function readFile(path: string, encoding: 'utf8' | 'utf-8'): Promise<string>;
  export function writeFile(path: string, data: string | Uint8Array): Promise<void>;
  export function appendFile(path: string, data: string | Uint8Array): Promise<void>;
  export function access(path: string): Promise<void>;
  export function stat(path: string): Promise<Stats>;
  export function mkdir(path: string, options?: { recursive?: boolean }): Promise<string | undefined>;
  export function readdir(path: string): Promise<string[]>;
}
declare module 'node:fs/promises' {
  export * from 'fs/promises';
}

declare module 'child_process' {
  interface StringOptions {
    encoding: 'utf8' | 'utf-8';
    cwd?: string;
    stdio?: string;
  }
  export function execSync(command: string): Buffer;
  export function execSync(command: string, options: StringOptions): string;
  export function execFileSync(file: string, args?: readonly string[]): Buffer;
  export function execFileSync(file: string, args: readonly string[], options: StringOptions): string;
  export function spawnSync(command: string, args?: readonly string[]): { status: number | null };
  export function exec(command: string, options: StringOptions, callback: (error: Error | null, stdout: string, stderr: string) => void): void;
  export namespace exec {
    function __promisify__(command: string, options: StringOptions): Promise<{ stdout: string; stderr: string }>;
  }
  export function execFile(file: string, args: readonly string[], options: StringOptions, callback: (error: Error | null, stdout: string, stderr: string) => void): void;
  export namespace execFile {
    function __promisify__(file: string, args: readonly string[], options: StringOptions): Promise<{ stdout: string; stderr: string }>;
  }
}
declare module 'node:child_process' {
  export * from 'child_process';
}

declare module 'util' {
  interface CustomPromisify<T extends Function> extends Function {
    __promisify__: T;
  }
  export function promisify<TCustom extends Function>(fn: CustomPromisify<TCustom>): TCustom;
  export function promisify<A1, R>(fn: (a1: A1, callback: (error: any, result: R) => void) => void): (a1: A1) => Promise<R>;
  export function promisify<A1, A2, R>(fn: (a1: A1, a2: A2, callback: (error: any, result: R) => void) => void): (a1: A1, a2: A2) => Promise<R>;
  export function promisify<A1, A2, A3, R>(fn: (a1: A1, a2: A2, a3: A3, callback: (error: any, result: R) => void) => void): (a1: A1, a2: A2, a3: A3) => Promise<R>;
  export function promisify<A1, A2, A3, A4, R>(
    fn: (a1: A1, a2: A2, a3: A3, a4: A4, callback: (error: any, result: R) => void) => void,
  ): (a1: A1, a2: A2, a3: A3, a4: A4) => Promise<R>;
  export function promisify<A1, A2, A3, A4, A5, R>(
    fn: (a1: A1, a2: A2, a3: A3, a4: A4, a5: A5, callback: (error: any, result: R) => void) => void,
  ): (a1: A1, a2: A2, a3: A3, a4: A4, a5: A5) => Promise<R>;
}
declare module 'node:util' {
  export * from 'util';
}

declare module 'crypto' {
  export function pbkdf2Sync(password: string, salt: string, iterations: number, keylen: number, digest: string): Buffer;
  export function pbkdf2(password: string, salt: string, iterations: number, keylen: number, digest: string, callback: (err: Error | null, key: Buffer) => void): void;
  export function scryptSync(password: string, salt: string, keylen: number, options?: { N?: number }): Buffer;
  export function scrypt(password: string, salt: string, keylen: number, callback: (err: Error | null, key: Buffer) => void): void;
  export function scrypt(password: string, salt: string, keylen: number, options: { N?: number }, callback: (err: Error | null, key: Buffer) => void): void;
  export function randomBytes(size: number): Buffer;
  export function randomBytes(size: number, callback: (err: Error | null, buffer: Buffer) => void): void;
  export function randomUUID(): string;
  export function createHash(algorithm: string): { update(data: string): { digest(encoding: 'hex'): string } };
  export function generateKeyPairSync(type: 'rsa', options: { modulusLength: number }): { publicKey: string; privateKey: string };
}
declare module 'node:crypto' {
  export * from 'crypto';
}

declare module 'zlib' {
  export function gzipSync(data: string | Uint8Array, options?: { level?: number }): Buffer;
  export function gzip(data: string | Uint8Array, callback: (error: Error | null, result: Buffer) => void): void;
  export namespace gzip {
    function __promisify__(data: string | Uint8Array, options?: { level?: number }): Promise<Buffer>;
  }
}

declare module 'worker_threads' {
  export const parentPort: { on(event: 'message', listener: (value: any) => void): void; postMessage(value: unknown): void } | null;
  export const workerData: any;
}

declare module 'http' {
  export interface IncomingMessage {
    url?: string;
    on(event: string, listener: (...args: any[]) => void): this;
  }
  export interface ServerResponse {
    end(body?: string | Uint8Array): void;
  }
  export function createServer(handler: (req: IncomingMessage, res: ServerResponse) => void): { listen(port: number, callback?: () => void): void };
}

declare module 'events' {
  export class EventEmitter {
    on(event: string, listener: (...args: any[]) => void): this;
  }
}

declare module 'express' {
  export interface Request {
    params: Record<string, string>;
    query: Record<string, string>;
    body: any;
  }
  export interface Response {
    send(body: unknown): void;
    json(body: unknown): void;
  }
  export type Handler = (req: Request, res: Response, next: (error?: unknown) => void) => void;
  export interface Router {
    get(path: string, ...handlers: Handler[]): void;
    post(path: string, ...handlers: Handler[]): void;
    use(...handlers: Handler[]): void;
    route(path: string): { get(...handlers: Handler[]): void };
  }
  export interface Application extends Router {
    listen(port: number, callback?: () => void): void;
  }
  export default function express(): Application;
}
`;

export const NODE = { '/node.d.ts': NODE_DECLARATIONS };
