import * as ts from 'typescript';

/** A small seeded generator (mulberry32): the same seed gives the same mutations on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The tokens of a text, as [start, end) ranges, comments included. */
function tokens(code: string): Array<[number, number]> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, code);
  const ranges: Array<[number, number]> = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken && ranges.length < 200_000; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    ranges.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
  }
  return ranges;
}

export const MUTATIONS = ['delete tokens', 'duplicate tokens', 'truncate', 'random bytes', 'deep nesting', 'long line', 'swap tokens'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** One mutation of `code`, chosen and placed by `next`. */
export function mutate(code: string, mutation: Mutation, next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  const ranges = tokens(code);
  const at = ranges.length > 0 ? ranges[pick(ranges.length)] : ([0, 0] as [number, number]);
  switch (mutation) {
    case 'delete tokens': {
      let result = code;
      for (let count = 1 + pick(4); count > 0 && ranges.length > 0; count--) {
        const [start, end] = ranges.splice(pick(ranges.length), 1)[0];
        result = result.slice(0, start) + ' '.repeat(end - start) + result.slice(end);
      }
      return result;
    }
    case 'duplicate tokens': {
      const [start] = at;
      const end = ranges[Math.min(ranges.length - 1, ranges.indexOf(at) + pick(6))]?.[1] ?? at[1];
      return code.slice(0, end) + ' ' + code.slice(start, end) + code.slice(end);
    }
    case 'swap tokens': {
      if (ranges.length < 2) return code;
      const [a, b] = [ranges[pick(ranges.length)], ranges[pick(ranges.length)]].sort((x, y) => x[0] - y[0]);
      if (a[1] > b[0]) return code;
      return code.slice(0, a[0]) + code.slice(b[0], b[1]) + code.slice(a[1], b[0]) + code.slice(a[0], a[1]) + code.slice(b[1]);
    }
    case 'truncate':
      return code.slice(0, pick(code.length + 1));
    case 'random bytes': {
      const position = pick(code.length + 1);
      const bytes = Array.from({ length: 1 + pick(16) }, () => String.fromCharCode(pick(4) === 0 ? pick(0x10000) : pick(128))).join('');
      return code.slice(0, position) + bytes + code.slice(position);
    }
    case 'deep nesting': {
      // Deep enough for recursive code to notice, within what the compiler parses.
      const depth = 200 + pick(600);
      const [open, close] = [
        ['(', ')'],
        ['[', ']'],
        ['{ a: ', ' }'],
        ['f(', ')'],
        ['async () => ', ''],
        ['await ', ''],
        ['!', ''],
      ][pick(7)];
      const position = at[0];
      return `${code.slice(0, position)}${open.repeat(depth)}x${close.repeat(depth)}${code.slice(position)}`;
    }
    case 'long line': {
      const position = at[1];
      const filler = [' + x', '.then(x => x)', ', 1', '/*c*/', " + 'aaaa'"][pick(5)];
      return code.slice(0, position) + filler.repeat(1000 + pick(9000)) + code.slice(position);
    }
  }
}
