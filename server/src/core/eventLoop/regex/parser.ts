import { ASCII, caseFold, CharSet, DIGIT, LINE_TERMINATORS, WHITE_SPACE, WORD } from './charSet';

/**
 * A small parser for JavaScript regular expressions: enough of the syntax to
 * reason about backtracking. Anything it does not model exactly (back
 * references, lookbehind, the `v` flag's set operations, inline modifiers,
 * Unicode properties it has no table for) makes it give up, and the callers
 * stay silent about that pattern.
 */
export type RegexNode =
  | { readonly kind: 'char'; readonly set: CharSet }
  | { readonly kind: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly alternatives: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly body: RegexNode; readonly min: number; readonly max: number; readonly lazy: boolean }
  | { readonly kind: 'assert'; readonly assertion: 'start' | 'end' | 'wordBoundary' | 'notWordBoundary' }
  | { readonly kind: 'lookahead'; readonly body: RegexNode; readonly negate: boolean };

export interface RegexFlags {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  readonly unicode: boolean;
  readonly sticky: boolean;
}

export interface ParsedRegex {
  readonly source: string;
  readonly flags: RegexFlags;
  readonly root: RegexNode;
  /**
   * True when some character set is only approximated (case folding beyond
   * Latin-1, Unicode properties): example inputs must then stay within ASCII,
   * where the sets are exact.
   */
  readonly approximate: boolean;
}

export type ParseResult = { readonly ok: true; readonly regex: ParsedRegex } | { readonly ok: false; readonly reason: string };

class Unsupported extends Error {}

export function parseRegex(source: string, flagText: string): ParseResult {
  if (!/^[dgimsuyv]*$/.test(flagText) || new Set(flagText).size !== flagText.length) return { ok: false, reason: `invalid flags ${flagText}` };
  if (flagText.includes('v')) return { ok: false, reason: 'the v flag is not modelled' };
  const flags: RegexFlags = {
    ignoreCase: flagText.includes('i'),
    multiline: flagText.includes('m'),
    dotAll: flagText.includes('s'),
    unicode: flagText.includes('u'),
    sticky: flagText.includes('y'),
  };
  try {
    const parser = new Parser(source, flags);
    const root = parser.parsePattern();
    return { ok: true, regex: { source, flags, root, approximate: parser.approximate || flags.ignoreCase } };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    throw error;
  }
}

const c = (ch: string) => ch.codePointAt(0)!;

class Parser {
  private index = 0;
  approximate = false;

  constructor(
    private readonly source: string,
    private readonly flags: RegexFlags,
  ) {}

  parsePattern(): RegexNode {
    const node = this.parseDisjunction();
    if (this.index < this.source.length) throw new Unsupported(`unexpected ${this.source[this.index]} at ${this.index}`);
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.index + offset];
  }

  private eat(text: string): boolean {
    if (this.source.startsWith(text, this.index)) {
      this.index += text.length;
      return true;
    }
    return false;
  }

  private parseDisjunction(): RegexNode {
    const alternatives = [this.parseAlternative()];
    while (this.eat('|')) alternatives.push(this.parseAlternative());
    return alternatives.length === 1 ? alternatives[0] : { kind: 'alt', alternatives };
  }

  private parseAlternative(): RegexNode {
    const items: RegexNode[] = [];
    while (this.index < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.parseTerm());
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  private parseTerm(): RegexNode {
    const atom = this.parseAtom();
    const quantifier = this.parseQuantifier();
    if (!quantifier) return atom;
    if (atom.kind === 'assert') throw new Unsupported('quantified assertion');
    if (quantifier.max < quantifier.min) throw new Unsupported('quantifier range out of order');
    return { kind: 'repeat', body: atom, ...quantifier };
  }

  private parseQuantifier(): { min: number; max: number; lazy: boolean } | undefined {
    let min: number;
    let max: number;
    const ch = this.peek();
    if (ch === '*') {
      this.index++;
      [min, max] = [0, Infinity];
    } else if (ch === '+') {
      this.index++;
      [min, max] = [1, Infinity];
    } else if (ch === '?') {
      this.index++;
      [min, max] = [0, 1];
    } else if (ch === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
      if (!match) return undefined;
      this.index += match[0].length;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    } else {
      return undefined;
    }
    const lazy = this.eat('?');
    return { min, max, lazy };
  }

  private parseAtom(): RegexNode {
    const ch = this.peek()!;
    switch (ch) {
      case '^':
        this.index++;
        return { kind: 'assert', assertion: 'start' };
      case '$':
        this.index++;
        return { kind: 'assert', assertion: 'end' };
      case '.':
        this.index++;
        return this.char(this.flags.dotAll ? CharSet.ALL : LINE_TERMINATORS.complement(), false);
      case '(':
        return this.parseGroup();
      case '[':
        return this.parseClass();
      case '\\':
        return this.parseAtomEscape();
      case '*':
      case '+':
      case '?':
        throw new Unsupported('nothing to repeat');
      case ')':
        throw new Unsupported('unmatched )');
      case '{':
        if (this.flags.unicode || /^\{\d+(,\d*)?\}/.test(this.source.slice(this.index))) throw new Unsupported('nothing to repeat');
        break;
      case ']':
      case '}':
        if (this.flags.unicode) throw new Unsupported(`lone ${ch}`);
        break;
    }
    const codePoint = this.source.codePointAt(this.index)!;
    this.index += codePoint > 0xffff ? 2 : 1;
    if (codePoint > 0xffff && !this.flags.unicode) this.approximate = true;
    return this.char(CharSet.of(codePoint), true);
  }

  private char(set: CharSet, fold: boolean): RegexNode {
    return { kind: 'char', set: fold && this.flags.ignoreCase ? caseFold(set) : set };
  }

  private parseGroup(): RegexNode {
    this.index++; // (
    let node: RegexNode;
    if (this.eat('?:')) {
      node = this.parseDisjunction();
    } else if (this.eat('?=') || this.eat('?!')) {
      const negate = this.source[this.index - 1] === '!';
      node = { kind: 'lookahead', body: this.parseDisjunction(), negate };
    } else if (this.source.startsWith('?<=', this.index) || this.source.startsWith('?<!', this.index)) {
      throw new Unsupported('lookbehind');
    } else if (this.eat('?<')) {
      const end = this.source.indexOf('>', this.index);
      if (end < 0 || !/^[$_\p{ID_Start}][$\p{ID_Continue}\u200c\u200d]*$/u.test(this.source.slice(this.index, end))) {
        throw new Unsupported('bad group name');
      }
      this.index = end + 1;
      node = this.parseDisjunction();
    } else if (this.peek() === '?') {
      throw new Unsupported('inline modifiers');
    } else {
      node = this.parseDisjunction();
    }
    if (!this.eat(')')) throw new Unsupported('unterminated group');
    return node;
  }

  private parseAtomEscape(): RegexNode {
    this.index++; // backslash
    const ch = this.peek();
    if (ch === undefined) throw new Unsupported('trailing backslash');
    if (ch === 'b' || ch === 'B') {
      this.index++;
      return { kind: 'assert', assertion: ch === 'b' ? 'wordBoundary' : 'notWordBoundary' };
    }
    if (/[1-9]/.test(ch)) throw new Unsupported('back reference');
    if (ch === 'k' && (this.flags.unicode || this.source.includes('(?<'))) throw new Unsupported('back reference');
    const set = this.parseCharacterEscape(false);
    return this.char(set.set, set.fold);
  }

  /** After the backslash: a class escape (\d…) or one character. */
  private parseCharacterEscape(inClass: boolean): { set: CharSet; fold: boolean; single?: number } {
    const ch = this.source[this.index++];
    const single = (codePoint: number) => ({ set: CharSet.of(codePoint), fold: true, single: codePoint });
    switch (ch) {
      case 'd':
        return { set: DIGIT, fold: false };
      case 'D':
        return { set: DIGIT.complement(), fold: false };
      case 'w':
        return { set: WORD, fold: false };
      case 'W':
        return { set: WORD.complement(), fold: false };
      case 's':
        return { set: WHITE_SPACE, fold: false };
      case 'S':
        return { set: WHITE_SPACE.complement(), fold: false };
      case 't':
        return single(0x09);
      case 'n':
        return single(0x0a);
      case 'v':
        return single(0x0b);
      case 'f':
        return single(0x0c);
      case 'r':
        return single(0x0d);
      case 'b':
        if (inClass) return single(0x08);
        break;
      case '0':
        if (/[0-9]/.test(this.peek() ?? '')) throw new Unsupported('octal escape');
        return single(0);
      case 'c': {
        const letter = this.peek();
        if (letter && /[A-Za-z]/.test(letter)) {
          this.index++;
          return single(c(letter) % 32);
        }
        if (this.flags.unicode) throw new Unsupported('bad control escape');
        this.index--;
        return single(c('\\'));
      }
      case 'x': {
        const hex = /^[0-9A-Fa-f]{2}/.exec(this.source.slice(this.index));
        if (hex) {
          this.index += 2;
          return single(parseInt(hex[0], 16));
        }
        if (this.flags.unicode) throw new Unsupported('bad hex escape');
        return single(c('x'));
      }
      case 'u': {
        const braced = this.flags.unicode ? /^\{([0-9A-Fa-f]{1,6})\}/.exec(this.source.slice(this.index)) : null;
        if (braced) {
          this.index += braced[0].length;
          return single(parseInt(braced[1], 16));
        }
        const hex = /^[0-9A-Fa-f]{4}/.exec(this.source.slice(this.index));
        if (hex) {
          this.index += 4;
          return single(parseInt(hex[0], 16));
        }
        if (this.flags.unicode) throw new Unsupported('bad unicode escape');
        return single(c('u'));
      }
      case 'p':
      case 'P':
        if (this.flags.unicode) {
          const property = /^\{([A-Za-z_=]+)\}/.exec(this.source.slice(this.index));
          if (!property) throw new Unsupported('bad property escape');
          this.index += property[0].length;
          const set = unicodeProperty(property[1]);
          if (!set) throw new Unsupported(`unicode property ${property[1]}`);
          this.approximate = true;
          return { set: ch === 'P' ? set.complement() : set, fold: false };
        }
        break;
      case '-':
        if (inClass) return single(c('-'));
        break;
    }
    if (this.flags.unicode && !/[\^$\\.*+?()[\]{}|/]/.test(ch)) throw new Unsupported(`bad escape \\${ch}`);
    if (ch === undefined) throw new Unsupported('trailing backslash');
    this.index--;
    const codePoint = this.source.codePointAt(this.index)!;
    this.index += codePoint > 0xffff ? 2 : 1;
    return single(codePoint);
  }

  private parseClass(): RegexNode {
    this.index++; // [
    const negate = this.eat('^');
    let set = CharSet.EMPTY;
    while (true) {
      if (this.index >= this.source.length) throw new Unsupported('unterminated class');
      if (this.eat(']')) break;
      const from = this.parseClassAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.index++;
        const to = this.parseClassAtom();
        if (from.single === undefined || to.single === undefined) {
          if (this.flags.unicode) throw new Unsupported('class escape in a range');
          set = set
            .union(from.set)
            .union(CharSet.of(c('-')))
            .union(to.set);
          continue;
        }
        if (to.single < from.single) throw new Unsupported('class range out of order');
        const range = CharSet.range(from.single, to.single);
        set = set.union(this.flags.ignoreCase ? caseFold(range) : range);
        continue;
      }
      set = set.union(from.fold && this.flags.ignoreCase ? caseFold(from.set) : from.set);
    }
    return { kind: 'char', set: negate ? set.complement() : set };
  }

  private parseClassAtom(): { set: CharSet; fold: boolean; single?: number } {
    if (this.eat('\\')) return this.parseCharacterEscape(true);
    const codePoint = this.source.codePointAt(this.index)!;
    this.index += codePoint > 0xffff ? 2 : 1;
    if (codePoint > 0xffff && !this.flags.unicode) this.approximate = true;
    return { set: CharSet.of(codePoint), fold: true, single: codePoint };
  }
}

const LATIN_UPPER = CharSet.fromRanges([
  [c('A'), c('Z')],
  [0xc0, 0xd6],
  [0xd8, 0xde],
]);
const LATIN_LOWER = CharSet.fromRanges([
  [c('a'), c('z')],
  [0xdf, 0xf6],
  [0xf8, 0xff],
]);

/**
 * Unicode properties, exact within ASCII and Latin-1 (which is where example
 * inputs are taken from when a pattern uses them), approximate beyond.
 */
function unicodeProperty(name: string): CharSet | undefined {
  switch (name) {
    case 'L':
    case 'Letter':
    case 'Alphabetic':
    case 'Alpha':
      return LATIN_UPPER.union(LATIN_LOWER)
        .union(CharSet.of(0xaa, 0xb5, 0xba))
        .union(CharSet.range(0x100, 0x24f));
    case 'Lu':
    case 'Uppercase_Letter':
      return LATIN_UPPER;
    case 'Ll':
    case 'Lowercase_Letter':
      return LATIN_LOWER.union(CharSet.of(0xb5));
    case 'N':
    case 'Number':
      return DIGIT.union(CharSet.of(0xb2, 0xb3, 0xb9, 0xbc, 0xbd, 0xbe));
    case 'Nd':
    case 'Decimal_Number':
    case 'digit':
      return DIGIT;
    case 'White_Space':
    case 'space':
      return WHITE_SPACE;
    case 'ASCII':
      return ASCII;
    case 'Any':
      return CharSet.ALL;
    default:
      return undefined;
  }
}
