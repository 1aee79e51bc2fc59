// The fixture has no node_modules: a small stand-in for the parts of @types/node that src/blocking.ts uses.
interface Buffer extends Uint8Array {
  toString(encoding?: string): string;
}

declare module 'fs' {
  export function readFileSync(path: string): Buffer;
  export function readFileSync(path: string, encoding: 'utf8'): string;
}

declare module 'child_process' {
  export function execSync(command: string): Buffer;
}

declare module 'node:child_process' {
  export * from 'child_process';
}
