/**
 * Sets of characters (code points) as sorted, disjoint, non-adjacent ranges.
 * Immutable: every operation returns a new set.
 */
export const MAX_CODE_POINT = 0x10ffff;

export class CharSet {
  private constructor(readonly ranges: readonly (readonly [number, number])[]) {}

  static readonly EMPTY = new CharSet([]);
  static readonly ALL = new CharSet([[0, MAX_CODE_POINT]]);

  static of(...codePoints: number[]): CharSet {
    return CharSet.fromRanges(codePoints.map((c) => [c, c] as const));
  }

  static range(lo: number, hi: number): CharSet {
    return CharSet.fromRanges([[lo, hi]]);
  }

  static fromRanges(input: readonly (readonly [number, number])[]): CharSet {
    const sorted = input
      .filter(([lo, hi]) => lo <= hi)
      .map(([lo, hi]) => [lo, hi] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [lo, hi] of sorted) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else merged.push([lo, hi]);
    }
    return new CharSet(merged);
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  has(codePoint: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.ranges[mid];
      if (codePoint < a) hi = mid - 1;
      else if (codePoint > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: CharSet): CharSet {
    return CharSet.fromRanges([...this.ranges, ...other.ranges]);
  }

  intersect(other: CharSet): CharSet {
    const result: [number, number][] = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < other.ranges.length) {
      const [a1, b1] = this.ranges[i];
      const [a2, b2] = other.ranges[j];
      const lo = Math.max(a1, a2);
      const hi = Math.min(b1, b2);
      if (lo <= hi) result.push([lo, hi]);
      if (b1 < b2) i++;
      else j++;
    }
    return new CharSet(result);
  }

  overlaps(other: CharSet): boolean {
    return !this.intersect(other).isEmpty;
  }

  complement(): CharSet {
    const result: [number, number][] = [];
    let next = 0;
    for (const [lo, hi] of this.ranges) {
      if (lo > next) result.push([next, lo - 1]);
      next = hi + 1;
    }
    if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
    return new CharSet(result);
  }

  /**
   * A character of the set to show in an example input: a readable ASCII
   * character when there is one, else the smallest. Undefined when empty or
   * when only characters in `avoid` remain.
   */
  pick(avoid: CharSet = CharSet.EMPTY): number | undefined {
    const usable = this.intersect(avoid.complement());
    if (usable.isEmpty) return undefined;
    for (const preferred of PREFERRED) if (usable.has(preferred)) return preferred;
    const printable = usable.intersect(PRINTABLE_ASCII);
    if (!printable.isEmpty) return printable.ranges[0][0];
    return usable.ranges[0][0];
  }
}

const PREFERRED = [...'a0 A_-.,:/!x'].map((c) => c.codePointAt(0)!);
const PRINTABLE_ASCII = CharSet.range(0x20, 0x7e);

const code = (c: string) => c.codePointAt(0)!;

export const DIGIT = CharSet.range(code('0'), code('9'));
export const WORD = CharSet.fromRanges([
  [code('0'), code('9')],
  [code('A'), code('Z')],
  [code('_'), code('_')],
  [code('a'), code('z')],
]);
export const LINE_TERMINATORS = CharSet.of(0x0a, 0x0d, 0x2028, 0x2029);
export const WHITE_SPACE = CharSet.fromRanges([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
export const ASCII = CharSet.range(0, 0x7f);

/**
 * Adds the other case of every letter, as the `i` flag does. Exact for ASCII
 * and Latin-1; other scripts are left as they are (the caller marks the
 * pattern approximate and keeps its example inputs to ASCII).
 */
export function caseFold(set: CharSet): CharSet {
  const extra: [number, number][] = [];
  for (const [lo, hi] of set.ranges) {
    const from = Math.max(lo, 0x41);
    const to = Math.min(hi, 0xff);
    for (let c = from; c <= to; c++) {
      const ch = String.fromCodePoint(c);
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      if (lower.length === 1) extra.push([lower.codePointAt(0)!, lower.codePointAt(0)!]);
      if (upper.length === 1) extra.push([upper.codePointAt(0)!, upper.codePointAt(0)!]);
    }
  }
  return set.union(CharSet.fromRanges(extra));
}
