/**
 * Glob matching for `ignore` patterns, relative to the folder of the
 * configuration file: `*` matches within a path segment, `**` across segments,
 * `?` one character, `[abc]` / `[a-z]` / `[!a-z]` one character of a set,
 * `{a,b}` alternatives (which may hold wildcards and nest). A pattern without a
 * slash matches at any depth (`*.generated.ts`); a trailing slash means
 * everything below (`dist/`); a pattern that matches a folder matches
 * everything in it.
 *
 * Patterns come from the workspace, so matching must never be slower than the
 * path is long: a pattern is compiled into a list of tokens and run as a
 * non-deterministic automaton, tracking every position in the pattern at once
 * (time: path length × pattern length), instead of being translated into a
 * regular expression whose backtracking is exponential in the number of
 * wildcards (`*a*a*a*a*a*a*a*a*a*a*a*a*b` against a long name).
 */

/** A pattern that cannot be compiled; `offset` is where in the pattern, 0-based. */
export class GlobError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** How many alternatives brace groups may expand into, all groups of a pattern together. */
export const MAX_GLOB_ALTERNATIVES = 1024;
/** Longer patterns are a mistake (or an attack), not a path. */
export const MAX_GLOB_LENGTH = 4096;

type Token =
  | { readonly kind: 'char'; readonly char: string }
  /** `?` */
  | { readonly kind: 'any' }
  /** `[...]` */
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: ReadonlyArray<readonly [string, string]> }
  /** `*`: any characters but `/` */
  | { readonly kind: 'star' }
  /** `**` not followed by `/`: any characters */
  | { readonly kind: 'globstar' }
  /** `**` followed by `/`: zero or more whole segments */
  | { readonly kind: 'segments' };

export interface Glob {
  readonly pattern: string;
  /** True when the `/`-separated relative path, or a folder that holds it, matches. */
  test(path: string): boolean;
}

/** Compiles one pattern; throws GlobError for a pattern that cannot be read. */
export function compileGlob(pattern: string): Glob {
  if (pattern.length > MAX_GLOB_LENGTH) throw new GlobError(`The pattern is longer than ${MAX_GLOB_LENGTH} characters.`, MAX_GLOB_LENGTH);
  const alternatives = expandBraces(pattern.replace(/\\/g, '/'));
  const automata = alternatives.map((alternative) => tokenize(normalize(alternative.text), alternative.offsets));
  return { pattern, test: (path) => automata.some((tokens) => run(tokens, path)) };
}

/**
 * Many patterns at once (`ignore` lists can be long): plain names and paths
 * without wildcards are looked up in sets, the rest run one by one.
 */
export function compileGlobs(patterns: readonly string[]): (path: string) => boolean {
  const exactPaths = new Set<string>();
  const anySegment = new Set<string>();
  const folders = new Set<string>();
  // Patterns whose first segment is plain text only need trying on paths that start with it.
  const byFirstSegment = new Map<string, Glob[]>();
  const others: Glob[] = [];
  for (const pattern of patterns) {
    const plain = pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '');
    if (plain.length > 0 && !/[*?[\]{}]/.test(plain)) {
      if (plain.endsWith('/')) folders.add(plain.replace(/^\/+/, '').replace(/\/+$/, ''));
      else if (!plain.includes('/')) anySegment.add(plain);
      else exactPaths.add(plain.replace(/^\/+/, ''));
      continue;
    }
    const anchored = plain.replace(/^\/+/, '');
    const slash = anchored.indexOf('/');
    if (slash > 0 && !/[*?[\]{}]/.test(anchored.slice(0, slash))) {
      const first = anchored.slice(0, slash);
      const list = byFirstSegment.get(first) ?? [];
      list.push(compileGlob(pattern));
      byFirstSegment.set(first, list);
    } else others.push(compileGlob(pattern));
  }
  return (path) => {
    if (exactPaths.size > 0 || anySegment.size > 0 || folders.size > 0) {
      const segments = path.split('/');
      let prefix = '';
      for (let index = 0; index < segments.length; index++) {
        prefix = index === 0 ? segments[0] : `${prefix}/${segments[index]}`;
        if (anySegment.has(segments[index]) || exactPaths.has(prefix)) return true;
        // `dist/` matches what is below dist, not a file named dist.
        if (index < segments.length - 1 && folders.has(prefix)) return true;
      }
    }
    const first = byFirstSegment.get(path.slice(0, path.indexOf('/') >>> 0));
    return (first !== undefined && first.some((glob) => glob.test(path))) || others.some((glob) => glob.test(path));
  };
}

/** One alternative of a pattern after brace expansion, with the offset in the pattern of each of its characters. */
interface Alternative {
  readonly text: string;
  readonly offsets: readonly number[];
}

function expandBraces(pattern: string): Alternative[] {
  // Parsed as a sequence of literal runs and groups; a group is a list of sequences.
  type Part = { text: string; offsets: number[] } | Part[][];
  let index = 0;
  const sequence = (inGroup: boolean): Part[] => {
    const parts: Part[] = [];
    let literal: { text: string; offsets: number[] } | undefined;
    const push = (char: string, offset: number) => {
      if (!literal) parts.push((literal = { text: '', offsets: [] }));
      literal.text += char;
      literal.offsets.push(offset);
    };
    while (index < pattern.length) {
      const char = pattern[index];
      if (inGroup && (char === ',' || char === '}')) break;
      if (char === '}') throw new GlobError('"}" closes no "{".', index);
      if (char === '[') {
        // A character class is copied whole: a comma or brace inside it is one of its characters.
        const close = classEnd(pattern, index);
        if (close !== -1) {
          for (; index <= close; index++) push(pattern[index], index);
          continue;
        }
      }
      if (char === '{') {
        const open = index++;
        const group: Part[][] = [];
        for (;;) {
          group.push(sequence(true));
          if (index >= pattern.length) throw new GlobError('"{" is not closed by "}".', open);
          if (pattern[index++] === '}') break;
        }
        parts.push(group);
        literal = undefined;
        continue;
      }
      push(char, index++);
    }
    return parts;
  };
  const parts = sequence(false);
  const expand = (sequenceParts: Part[]): Alternative[] => {
    let results: Alternative[] = [{ text: '', offsets: [] }];
    for (const part of sequenceParts) {
      const options = Array.isArray(part) ? part.flatMap(expand) : [part];
      if (results.length * options.length > MAX_GLOB_ALTERNATIVES) {
        throw new GlobError(`The braces expand into more than ${MAX_GLOB_ALTERNATIVES} alternatives.`, pattern.indexOf('{'));
      }
      results = results.flatMap((result) => options.map((option) => ({ text: result.text + option.text, offsets: [...result.offsets, ...option.offsets] })));
    }
    return results;
  };
  return expand(parts);
}

/** The index of the `]` closing the class opened at `open`, or -1 (then `[` is an ordinary character). */
function classEnd(pattern: string, open: number): number {
  let index = open + 1;
  if (pattern[index] === '!' || pattern[index] === '^') index++;
  if (pattern[index] === ']') index++;
  const close = pattern.indexOf(']', index);
  return close;
}

/** Where the pattern is anchored, as the earlier translation into a regular expression had it. */
function normalize(text: string): { text: string; shift: number } {
  let glob = text.trimStart();
  let shift = text.length - glob.length;
  glob = glob.trimEnd();
  if (glob.startsWith('./')) {
    glob = glob.slice(2);
    shift += 2;
  }
  if (glob.endsWith('/')) glob += '**';
  if (!glob.includes('/')) {
    glob = `**/${glob}`;
    shift -= 3;
  }
  while (glob.startsWith('/')) {
    glob = glob.slice(1);
    shift++;
  }
  return { text: glob, shift };
}

function tokenize({ text, shift }: { text: string; shift: number }, offsets: readonly number[]): Token[] {
  const offsetOf = (index: number) => offsets[Math.max(0, Math.min(offsets.length - 1, index + shift))] ?? 0;
  const tokens: Token[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '*') {
      let end = index;
      while (text[end + 1] === '*') end++;
      if (end > index) {
        // `**/` matches zero or more whole segments; `**` elsewhere matches anything.
        const slash = text[end + 1] === '/';
        tokens.push(slash ? { kind: 'segments' } : { kind: 'globstar' });
        index = slash ? end + 1 : end;
      } else tokens.push({ kind: 'star' });
    } else if (char === '?') tokens.push({ kind: 'any' });
    else if (char === '[' && classEnd(text, index) !== -1) {
      const close = classEnd(text, index);
      let cursor = index + 1;
      const negated = text[cursor] === '!' || text[cursor] === '^';
      if (negated) cursor++;
      const ranges: Array<readonly [string, string]> = [];
      while (cursor < close) {
        const low = text[cursor];
        if (text[cursor + 1] === '-' && cursor + 2 < close) {
          const high = text[cursor + 2];
          if (high < low) throw new GlobError(`The range "${low}-${high}" is reversed.`, offsetOf(cursor));
          ranges.push([low, high]);
          cursor += 3;
        } else {
          ranges.push([low, low]);
          cursor++;
        }
      }
      tokens.push({ kind: 'class', negated, ranges });
      index = close;
    } else tokens.push({ kind: 'char', char });
  }
  return tokens;
}

/** Whether `token` may match no characters at all. */
function skippable(token: Token): boolean {
  return token.kind === 'star' || token.kind === 'globstar' || token.kind === 'segments';
}

/**
 * Runs the automaton: `states` holds every pattern position reachable after
 * the characters read so far. Each character is read once and moves each
 * state at most twice, so the time is at most path length × pattern length.
 * A match of the whole pattern followed by `/` (a folder) matches too.
 */
function run(tokens: readonly Token[], path: string): boolean {
  const final = tokens.length;
  const seen = new Int32Array(final + 1).fill(-1);
  let states: number[] = [];
  let stamp = 0;
  const add = (target: number[], state: number) => {
    // Following skippable tokens here keeps every set closed under "match nothing".
    for (let current = state; current <= final && seen[current] !== stamp; current++) {
      seen[current] = stamp;
      target.push(current);
      if (current === final || !skippable(tokens[current])) break;
    }
  };
  add(states, 0);
  for (let position = 0; ; position++) {
    if (seen[final] === stamp && (position === path.length || path[position] === '/')) return true;
    if (position === path.length || states.length === 0) return false;
    const char = path[position];
    const next: number[] = [];
    stamp++;
    for (const state of states) {
      if (state === final) continue;
      const token = tokens[state];
      switch (token.kind) {
        case 'char':
          if (char === token.char) add(next, state + 1);
          break;
        case 'any':
          if (char !== '/') add(next, state + 1);
          break;
        case 'class':
          if (char !== '/' && token.ranges.some(([low, high]) => char >= low && char <= high) !== token.negated) add(next, state + 1);
          break;
        case 'star':
          if (char !== '/') add(next, state);
          break;
        case 'globstar':
          add(next, state);
          break;
        case 'segments':
          add(next, state);
          if (char === '/') add(next, state + 1);
          break;
      }
    }
    states = next;
  }
}
