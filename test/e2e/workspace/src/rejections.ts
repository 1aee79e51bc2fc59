declare function load(): Promise<string>;
declare function query(): Promise<number>;
declare function release(): void;

export async function read() {
  try {
    return load();
  } catch {
    return 'default';
  }
}

export async function count() {
  try {
    return query();
  } finally {
    release();
  }
}

// Left alone: awaited inside try, and returned from a catch that has no finally.
export async function readAwaited() {
  try {
    return await load();
  } catch {
    return load();
  }
}
