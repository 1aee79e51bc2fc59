import { CharSet } from './charSet';
import { runMatch } from './matcher';
import { parseRegex, type ParsedRegex, type RegexNode } from './parser';

/**
 * Finds regular expressions whose backtracking can take super-linear time on
 * input they do not match, and an input that shows it.
 *
 * 1. The pattern becomes a Glushkov automaton (one state per character
 *    position), keeping how many distinct ways each transition arises: in
 *    `(a+)+` the step from `a` back to `a` exists twice, once per loop.
 * 2. Exponential candidates: a state `q` with two different paths from `q`
 *    back to `q` reading the same text (found in the product of the automaton
 *    with itself), or a doubled transition on a cycle. Polynomial candidates:
 *    two states `p` ≠ `q` and a text `w` that leads from `p` to `p`, from `p`
 *    to `q` and from `q` to `q` (found in the triple product), as in `\d+\d+`.
 * 3. Each candidate gives an input: a prefix reaching the loop, the pumped
 *    text, and a suffix that makes the match fail. The input is then run
 *    through a step-counting backtracking matcher with the engine's
 *    semantics, at growing sizes: the match must fail and the steps must grow
 *    exponentially (or polynomially). Only confirmed candidates are reported.
 */
export interface SlowRegex {
  readonly complexity: 'exponential' | 'polynomial';
  /** For polynomial blow-ups, the observed degree (2 = quadratic, 3 = cubic). */
  readonly degree?: number;
  readonly prefix: string;
  readonly pump: string;
  readonly suffix: string;
  /** For exponential blow-ups, how many repetitions of the pump make the example input take about 2^28 steps. */
  readonly repeats?: number;
}

export type RegexVerdict = { readonly kind: 'slow'; readonly slow: SlowRegex } | { readonly kind: 'safe' } | { readonly kind: 'unknown'; readonly reason: string };

const MAX_POSITIONS = 250;
const MAX_COPIES = 3;
/** Steps one confirming run may take, and all runs for one pattern together. */
const RUN_BUDGET = 400_000;
const PATTERN_BUDGET = 4_000_000;
const CACHE = new Map<string, RegexVerdict>();
const CACHE_LIMIT = 5000;

export function analyzeRegex(source: string, flags: string): RegexVerdict {
  const key = `${flags}/${source}`;
  const cached = CACHE.get(key);
  if (cached) return cached;
  const verdict = computeVerdict(source, flags);
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(key, verdict);
  return verdict;
}

/** The example input of a finding, as a JavaScript string literal in single quotes. */
export function describeAttack(slow: SlowRegex): string {
  if (slow.complexity === 'exponential') {
    return quote(slow.prefix + slow.pump.repeat(slow.repeats ?? 28) + slow.suffix);
  }
  const parts = [];
  if (slow.prefix) parts.push(`${quote(slow.prefix)} + `);
  parts.push(`${quote(slow.pump)}.repeat(10000)`);
  if (slow.suffix) parts.push(` + ${quote(slow.suffix)}`);
  return parts.join('');
}

export function quote(text: string): string {
  let out = "'";
  for (const ch of text) {
    const codePoint = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0xa0)) out += `\\x${codePoint.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

function computeVerdict(source: string, flags: string): RegexVerdict {
  const parsed = parseRegex(source, flags);
  if (!parsed.ok) return { kind: 'unknown', reason: parsed.reason };
  const regex = parsed.regex;
  const automaton = buildAutomaton(regex.root);
  if (!automaton) return { kind: 'unknown', reason: 'pattern too large' };
  // Where a set is approximated, example inputs stay within ASCII, where it is exact.
  const avoid = regex.approximate ? CharSet.range(0x80, 0x10ffff) : CharSet.EMPTY;

  const budget = { steps: PATTERN_BUDGET };
  let checks = 0;
  for (const candidate of exponentialCandidates(automaton, avoid)) {
    if (++checks > 8 || budget.steps <= 0) break;
    const slow = confirm(regex, automaton, candidate, 'exponential', avoid, budget);
    if (slow) return { kind: 'slow', slow };
  }
  checks = 0;
  for (const candidate of polynomialCandidates(automaton, avoid)) {
    if (++checks > 8 || budget.steps <= 0) break;
    const slow = confirm(regex, automaton, candidate, 'polynomial', avoid, budget);
    if (slow) return { kind: 'slow', slow };
  }
  return budget.steps <= 0 ? { kind: 'unknown', reason: 'analysis budget spent' } : { kind: 'safe' };
}

// ---------------------------------------------------------------------------
// The automaton.

interface Automaton {
  /** The character set of each state; state 0 is the start and has none. */
  readonly sets: CharSet[];
  /** Transitions: from → (to → how many distinct ways the pattern produces it). */
  readonly follow: Map<number, number>[];
}

interface Fragment {
  readonly nullable: boolean;
  readonly first: Map<number, number>;
  readonly last: Set<number>;
}

class TooLarge extends Error {}

function buildAutomaton(root: RegexNode): Automaton | undefined {
  const sets: CharSet[] = [CharSet.EMPTY];
  const follow: Map<number, number>[] = [new Map()];

  const connect = (from: Iterable<number>, to: Map<number, number>) => {
    for (const state of from) {
      const edges = follow[state];
      for (const [target, ways] of to) edges.set(target, (edges.get(target) ?? 0) + ways);
    }
  };
  const empty = (): Fragment => ({ nullable: true, first: new Map(), last: new Set() });
  const concat = (a: Fragment, b: Fragment): Fragment => {
    connect(a.last, b.first);
    const first = new Map(a.first);
    if (a.nullable) for (const [state, ways] of b.first) first.set(state, (first.get(state) ?? 0) + ways);
    const last = new Set(b.last);
    if (b.nullable) for (const state of a.last) last.add(state);
    return { nullable: a.nullable && b.nullable, first, last };
  };
  const loop = (fragment: Fragment, nullable: boolean): Fragment => {
    connect(fragment.last, fragment.first);
    return { nullable, first: fragment.first, last: fragment.last };
  };
  const optional = (fragment: Fragment): Fragment => ({ ...fragment, nullable: true });

  const build = (node: RegexNode): Fragment => {
    switch (node.kind) {
      case 'char': {
        if (sets.length > MAX_POSITIONS) throw new TooLarge();
        const state = sets.length;
        sets.push(node.set);
        follow.push(new Map());
        return { nullable: false, first: new Map([[state, 1]]), last: new Set([state]) };
      }
      case 'seq':
        return node.items.reduce((fragment, item) => concat(fragment, build(item)), empty());
      case 'alt': {
        const parts = node.alternatives.map(build);
        const first = new Map<number, number>();
        for (const part of parts) for (const [state, ways] of part.first) first.set(state, (first.get(state) ?? 0) + ways);
        return { nullable: parts.some((part) => part.nullable), first, last: new Set(parts.flatMap((part) => [...part.last])) };
      }
      case 'assert':
      case 'lookahead':
        // Assertions read nothing; the confirming matcher checks them exactly.
        return empty();
      case 'repeat': {
        const { body, min, max } = node;
        if (max === 0) return empty();
        let fragment = empty();
        const mandatory = Math.min(min, MAX_COPIES);
        if (max === Infinity) {
          for (let i = 1; i < mandatory; i++) fragment = concat(fragment, build(body));
          return concat(fragment, loop(build(body), min === 0));
        }
        for (let i = 0; i < mandatory; i++) fragment = concat(fragment, build(body));
        const optionalCount = max - min;
        if (optionalCount > MAX_COPIES) return concat(fragment, loop(build(body), true));
        // x{0,3} as (x(x(x)?)?)?: each optional copy only after the previous one.
        const nested = (count: number): Fragment => (count === 0 ? empty() : optional(concat(build(body), nested(count - 1))));
        return concat(fragment, nested(optionalCount));
      }
    }
  };

  try {
    const fragment = build(root);
    follow[0] = new Map(fragment.first);
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
  return { sets, follow };
}

/** Strongly connected components (iterative Tarjan); returns the component index of each state. */
function components(count: number, successors: (state: number) => Iterable<number>): number[] {
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const component = new Array<number>(count).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let componentCount = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: Array<{ state: number; iterator: Iterator<number> }> = [];
    const open = (state: number) => {
      index[state] = low[state] = counter++;
      stack.push(state);
      onStack[state] = true;
      work.push({ state, iterator: successors(state)[Symbol.iterator]() });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const next = frame.iterator.next();
      if (!next.done) {
        const target = next.value;
        if (index[target] === -1) open(target);
        else if (onStack[target]) low[frame.state] = Math.min(low[frame.state], index[target]);
        continue;
      }
      work.pop();
      if (work.length > 0) low[work[work.length - 1].state] = Math.min(low[work[work.length - 1].state], low[frame.state]);
      if (low[frame.state] === index[frame.state]) {
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component[member] = componentCount;
        } while (member !== frame.state);
        componentCount++;
      }
    }
  }
  return component;
}

interface Candidate {
  /** Characters reaching the loop from the start. */
  readonly prefix: number[];
  /** The text read around the ambiguous loop. */
  readonly pump: number[];
}

/** Breadth-first search for a path of characters; `step` yields (next node, character) pairs. */
function findPath<T>(
  from: T,
  isGoal: (node: T) => boolean,
  step: (node: T) => Iterable<[T, number]>,
  key: (node: T) => string,
  limit = 200_000,
): { chars: number[]; end: T } | undefined {
  const seen = new Map<string, { parent: string | undefined; char: number; node: T }>();
  const startKey = key(from);
  seen.set(startKey, { parent: undefined, char: -1, node: from });
  const queue: T[] = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const [next, char] of step(node)) {
      const nextKey = key(next);
      if (seen.has(nextKey)) continue;
      seen.set(nextKey, { parent: key(node), char, node: next });
      if (seen.size > limit) return undefined;
      if (isGoal(next)) {
        const chars: number[] = [];
        for (let current: string | undefined = nextKey; current !== startKey && current !== undefined; current = seen.get(current)!.parent) {
          chars.push(seen.get(current)!.char);
        }
        return { chars: chars.reverse(), end: next };
      }
      queue.push(next);
    }
  }
  return undefined;
}

function prefixTo(automaton: Automaton, target: number, avoid: CharSet): number[] | undefined {
  if (target === 0) return [];
  return findPath<number>(
    0,
    (state) => state === target,
    function* (state) {
      for (const next of automaton.follow[state].keys()) {
        const char = automaton.sets[next].pick(avoid);
        if (char !== undefined) yield [next, char] as [number, number];
      }
    },
    String,
  )?.chars;
}

function* exponentialCandidates(automaton: Automaton, avoid: CharSet): Generator<Candidate> {
  const { sets, follow } = automaton;
  const count = sets.length;
  const component = components(count, (state) => follow[state].keys());
  const cyclic = (a: number, b: number) => component[a] === component[b];

  // A doubled transition on a cycle: (a+)+, (\w+\s?)*.
  for (let from = 1; from < count; from++) {
    for (const [to, ways] of follow[from]) {
      if (ways < 2 || !cyclic(from, to)) continue;
      const prefix = prefixTo(automaton, to, avoid);
      const back =
        to === from
          ? []
          : findPath<number>(
              to,
              (state) => state === from,
              (state) => cycleSteps(automaton, state, component, avoid),
              String,
            )?.chars;
      const last = sets[to].pick(avoid);
      if (prefix && back && last !== undefined) yield { prefix, pump: [...back, last] };
    }
  }

  // Two different paths from q back to q reading the same text: (a|a)*, (a|aa)*.
  const pairKey = ([a, b]: [number, number]) => `${a},${b}`;
  const pairSteps = function* ([a, b]: [number, number]): Generator<[[number, number], number]> {
    for (const nextA of follow[a].keys()) {
      if (component[nextA] !== component[a]) continue;
      for (const nextB of follow[b].keys()) {
        if (component[nextB] !== component[a]) continue;
        const char = sets[nextA].intersect(sets[nextB]).pick(avoid);
        if (char !== undefined) yield [[nextA, nextB], char];
      }
    }
  };
  const seenComponents = new Set<number>();
  for (let q = 1; q < count; q++) {
    const onCycle = [...follow[q].keys()].some((next) => cyclic(q, next));
    if (seenComponents.has(component[q]) || !onCycle) continue;
    const out = findPath<[number, number]>([q, q], ([a, b]) => a !== b, pairSteps, pairKey, 50_000);
    if (!out) continue;
    const back = findPath<[number, number]>(out.end, ([a, b]) => a === q && b === q, pairSteps, pairKey, 50_000);
    if (!back) continue;
    seenComponents.add(component[q]);
    const prefix = prefixTo(automaton, q, avoid);
    if (prefix) yield { prefix, pump: [...out.chars, ...back.chars] };
  }
}

function* cycleSteps(automaton: Automaton, state: number, component: number[], avoid: CharSet): Generator<[number, number]> {
  for (const next of automaton.follow[state].keys()) {
    if (component[next] !== component[state]) continue;
    const char = automaton.sets[next].pick(avoid);
    if (char !== undefined) yield [next, char];
  }
}

function* polynomialCandidates(automaton: Automaton, avoid: CharSet): Generator<Candidate> {
  const { sets, follow } = automaton;
  const count = sets.length;
  const component = components(count, (state) => follow[state].keys());
  const onCycle = (state: number) => [...follow[state].keys()].some((next) => component[next] === component[state]);
  const reach = (from: number): Set<number> => {
    const seen = new Set([from]);
    const queue = [from];
    for (let head = 0; head < queue.length; head++)
      for (const next of follow[queue[head]].keys())
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
    return seen;
  };
  const loops = [];
  for (let state = 1; state < count; state++) if (onCycle(state)) loops.push(state);
  let budget = 400_000;
  for (const p of loops) {
    const reachable = reach(p);
    for (const q of loops) {
      if (q === p || component[q] === component[p] || !reachable.has(q)) continue;
      if (budget <= 0) return;
      // (p, p, q) →w (p, q, q): w loops at p, leads from p to q, and loops at q.
      const key = ([a, b, c]: [number, number, number]) => `${a},${b},${c}`;
      const steps = function* ([a, b, c]: [number, number, number]): Generator<[[number, number, number], number]> {
        for (const nextA of follow[a].keys()) {
          if (component[nextA] !== component[p]) continue;
          for (const nextC of follow[c].keys()) {
            if (component[nextC] !== component[q]) continue;
            const common = sets[nextA].intersect(sets[nextC]);
            if (common.isEmpty) continue;
            for (const nextB of follow[b].keys()) {
              const char = common.intersect(sets[nextB]).pick(avoid);
              if (char !== undefined) yield [[nextA, nextB, nextC], char];
            }
          }
        }
      };
      const limit = Math.min(budget, 50_000);
      budget -= limit;
      const pump = findPath<[number, number, number]>([p, p, q], ([a, b, c]) => a === p && b === q && c === q, steps, key, limit);
      if (!pump) continue;
      const prefix = prefixTo(automaton, p, avoid);
      if (prefix) yield { prefix, pump: pump.chars };
    }
  }
}

// ---------------------------------------------------------------------------
// Confirmation with the backtracking matcher.

function confirm(
  regex: ParsedRegex,
  automaton: Automaton,
  candidate: Candidate,
  complexity: 'exponential' | 'polynomial',
  avoid: CharSet,
  budget: { steps: number },
): SlowRegex | undefined {
  for (const suffix of suffixCandidates(automaton, avoid)) {
    if (budget.steps <= 0) return undefined;
    const input = (repeats: number) => [...candidate.prefix, ...repeat(candidate.pump, repeats), ...suffix];
    const steps = (repeats: number) => {
      const run = runMatch(regex, input(repeats), complexity === 'exponential' ? RUN_BUDGET : 5 * RUN_BUDGET);
      budget.steps -= run.steps;
      return run;
    };
    const text = (chars: number[]) => String.fromCodePoint(...chars);
    const make = (degree?: number): SlowRegex => ({
      complexity,
      ...(degree === undefined ? {} : { degree }),
      prefix: text(candidate.prefix),
      pump: text(candidate.pump),
      suffix: text(suffix),
    });

    // Only the steps count: the engine stops at the first start position that
    // matches, so a match found late (e.g. the empty match of `(a|a)*$` at the
    // very end) comes after the blow-up at the earlier start positions.
    if (complexity === 'exponential') {
      // Exponential growth multiplies the steps by the same factor for each
      // added unit; polynomial growth by ever smaller ones ((k+1)/k)^d.
      const unit = Math.max(1, Math.ceil(4 / candidate.pump.length));
      const runs = [1, 2, 3, 4].map((units) => steps(units * unit));
      if (runs[0].exhausted || runs[1].exhausted || runs[2].exhausted) continue;
      const ratios = [runs[1].steps / runs[0].steps, runs[2].steps / runs[1].steps, runs[3].exhausted ? Infinity : runs[3].steps / runs[2].steps];
      const steady = (earlier: number, later: number) => later >= 2.5 && later >= 0.8 * earlier;
      if (ratios[0] < 2.5 || !steady(ratios[0], ratios[1]) || !steady(ratios[1], ratios[2])) continue;
      const first = ratios[1];
      const second = Math.min(ratios[1], ratios[2]);
      // Enough repetitions for about 2^28 steps, at the growth observed per repetition.
      const perRepeat = Math.max(1.1, Math.min(first, second) ** (1 / unit));
      const repeats = Math.min(Math.max(10, Math.ceil((28 * Math.LN2) / Math.log(perRepeat))), Math.max(10, Math.floor(60 / candidate.pump.length)));
      return { ...make(), repeats };
    }

    const unit = Math.max(1, Math.ceil(16 / candidate.pump.length));
    const small = steps(unit);
    const large = steps(2 * unit);
    const huge = steps(4 * unit);
    if (small.exhausted || large.exhausted || huge.exhausted) continue;
    const ratio = huge.steps / large.steps;
    if (ratio >= 3.2 && large.steps / small.steps >= 3 && huge.steps > 5000) return make(Math.round(Math.log2(ratio)));
  }
  return undefined;
}

function repeat(chars: number[], times: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(...chars);
  return out;
}

/** Suffixes that might make the match fail: nothing, a character no position reads, then common ones. */
function suffixCandidates(automaton: Automaton, avoid: CharSet): number[][] {
  const used = automaton.sets.reduce((all, set) => all.union(set), CharSet.EMPTY);
  const candidates: number[][] = [[0x21]];
  const unused = used.complement().pick(avoid);
  if (unused !== undefined) candidates.push([unused]);
  for (const ch of ['', '0', 'a', ' ', '#', '_', '\n', '\u0000']) {
    const chars = [...ch].map((x) => x.codePointAt(0)!);
    if (chars.some((x) => avoid.has(x))) continue;
    if (!candidates.some((existing) => existing.length === chars.length && existing.every((x, i) => x === chars[i]))) candidates.push(chars);
  }
  return candidates;
}
