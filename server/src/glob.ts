/**
 * Exclude globs matched without backtracking. picomatch turns a glob into one regular expression, and
 * V8 backtracks through it: `**a**a**a…` or `**\/a/**\/a/**\/b` against a crafted path takes seconds to
 * minutes. Here braces are expanded up front, `**` segments are followed as states over path segments,
 * and a segment's `*`, `?` and `[…]` run as a small NFA over its characters: time is bounded by
 * (glob length × path length). picomatch still parses character classes, and matches a segment that
 * holds syntax this matcher does not know (extglobs, ranges) when that segment is small enough.
 */
import picomatch from 'picomatch';

/** Globs longer than this are ignored. */
const MAX_GLOB_LENGTH = 256;
/** A glob whose braces expand to more characters in all than this is ignored. */
const MAX_EXPANDED_LENGTH = 1024;
/** A segment left to picomatch may hold at most this many `*` runs and this many characters. */
const MAX_FALLBACK_STARS = 2;
const MAX_FALLBACK_LENGTH = 100;

type CharToken = { kind: 'char'; ch: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; re: RegExp };
type Segment =
  | { kind: 'globstar' }
  | { kind: 'literal'; text: string }
  | { kind: 'tokens'; tokens: CharToken[] }
  | { kind: 'regex'; re: RegExp };

/** Why a glob is not used, or undefined when it is. */
export function globProblem(glob: string): string | undefined {
  return compile(glob).problem;
}

/**
 * Whether a path matches the glob or lies inside a folder that does (`examples` covers
 * `examples/a.js`), with picomatch's meaning of `*`, `**`, `?`, `[…]` and `{a,b}` (dot files included).
 * A glob that globProblem rejects matches nothing.
 */
export function globMatcher(glob: string): (relativePath: string) => boolean {
  const { alternatives } = compile(glob);
  return (relativePath) => {
    const parts = relativePath.split('/');
    return alternatives.some((segments) => matchesPrefix(segments, parts));
  };
}

function compile(glob: string): { alternatives: Segment[][]; problem?: string } {
  if (glob.length > MAX_GLOB_LENGTH) return { alternatives: [], problem: `longer than ${MAX_GLOB_LENGTH} characters` };
  const expanded = expandBraces(glob);
  if (!expanded) return { alternatives: [], problem: `braces expand to more than ${MAX_EXPANDED_LENGTH} characters` };
  const alternatives: Segment[][] = [];
  for (const one of expanded) {
    const segments: Segment[] = [];
    for (const text of splitSegments(one)) {
      const segment = compileSegment(text);
      if (!segment) return { alternatives: [], problem: `\`${text}\` is too complex to match safely` };
      // `**/**` means the same as `**`.
      if (segment.kind === 'globstar' && segments[segments.length - 1]?.kind === 'globstar') continue;
      segments.push(segment);
    }
    alternatives.push(segments);
  }
  return { alternatives };
}

// Segment states over the path's segments, accepting as soon as a prefix of the path matches.
function matchesPrefix(segments: readonly Segment[], parts: readonly string[]): boolean {
  let states = closure(new Set([0]), segments);
  for (const part of parts) {
    const next = new Set<number>();
    for (const i of states) {
      const segment = segments[i];
      if (!segment) continue;
      if (segment.kind === 'globstar') next.add(i);
      else if (segmentMatches(segment, part)) next.add(i + 1);
    }
    states = closure(next, segments);
    if (states.has(segments.length)) return true;
    if (states.size === 0) return false;
  }
  return false;
}

// A `**` segment may match no path segment at all.
function closure(states: Set<number>, segments: readonly Segment[]): Set<number> {
  for (const i of [...states]) for (let j = i; segments[j]?.kind === 'globstar'; j++) states.add(j + 1);
  return states;
}

function segmentMatches(segment: Segment, part: string): boolean {
  if (segment.kind === 'regex') return segment.re.test(part);
  if (segment.kind === 'globstar') return true;
  if (segment.kind === 'literal') return segment.text === part;
  const { tokens } = segment;
  // picomatch's lone `*` needs at least one character.
  if (part.length === 0) return tokens.length === 0;
  // states[j]: the first j tokens match the characters read so far.
  let states = new Uint8Array(tokens.length + 1);
  let next = new Uint8Array(tokens.length + 1);
  states[0] = 1;
  starClosure(states, tokens);
  for (let c = 0; c < part.length; c++) {
    const ch = part.charAt(c);
    next.fill(0);
    let alive = false;
    for (let j = 0; j < tokens.length; j++) {
      if (!states[j]) continue;
      const token = tokens[j]!;
      if (token.kind === 'star') next[j] = 1;
      else if (token.kind === 'any' || (token.kind === 'char' ? token.ch === ch : token.re.test(ch))) next[j + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return false;
    starClosure(next, tokens);
    [states, next] = [next, states];
  }
  return states[tokens.length] === 1;
}

// A `*` may match no character.
function starClosure(states: Uint8Array, tokens: readonly CharToken[]): void {
  for (let j = 0; j < tokens.length; j++) if (states[j] && tokens[j]!.kind === 'star') states[j + 1] = 1;
}

function compileSegment(text: string): Segment | undefined {
  if (/^\*\*+$/.test(text)) return { kind: 'globstar' };
  const tokens = charTokens(text);
  if (tokens?.every((t) => t.kind === 'char')) return { kind: 'literal', text: tokens.map((t) => t.ch).join('') };
  if (tokens) return { kind: 'tokens', tokens };
  const stars = text.match(/\*+/g)?.length ?? 0;
  if (stars > MAX_FALLBACK_STARS || text.length > MAX_FALLBACK_LENGTH) return undefined;
  return { kind: 'regex', re: picomatch.makeRe(text, { dot: true }) };
}

// Literal characters, `?`, `*` runs and classes; undefined when the segment holds anything else.
function charTokens(text: string): CharToken[] | undefined {
  const tokens: CharToken[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const after = text.charAt(i + 1);
    if (ch === '\\' && i + 1 < text.length) {
      tokens.push({ kind: 'char', ch: after });
      i++;
    } else if ('{}()|'.includes(ch) || (after === '(' && '@!+*?'.includes(ch))) {
      return undefined;
    } else if (ch === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
    } else if (ch === '[') {
      const end = classEnd(text, i);
      if (end === undefined) tokens.push({ kind: 'char', ch });
      else {
        tokens.push({ kind: 'class', re: picomatch.makeRe(text.slice(i, end + 1), { dot: true }) });
        i = end;
      }
    } else tokens.push({ kind: 'char', ch });
  }
  return tokens;
}

// The `]` closing the class that opens at `start` (a `]` right after `[`, `[!` or `[^` is a member).
function classEnd(text: string, start: number): number | undefined {
  let i = start + 1;
  if (text[i] === '!' || text[i] === '^') i++;
  if (text[i] === ']') i++;
  for (; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '[' && text[i + 1] === ':') {
      const close = text.indexOf(':]', i + 2);
      if (close < 0) return undefined;
      i = close + 1;
    } else if (text[i] === ']') return i;
  }
  return undefined;
}

// Split on `/` outside classes and escapes.
function splitSegments(glob: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '[') i = classEnd(glob, i) ?? i;
    else if (glob[i] === '/') {
      segments.push(glob.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(glob.slice(start));
  return segments;
}

// `{a,b}` expanded into whole globs, innermost last; a brace without a top-level comma stays as it is.
function expandBraces(glob: string): string[] | undefined {
  const done: string[] = [];
  const pending = [glob];
  let length = glob.length;
  while (pending.length > 0) {
    const one = pending.pop()!;
    const group = firstGroup(one);
    if (!group) {
      done.push(one);
      continue;
    }
    length -= one.length;
    for (const alternative of group.alternatives.reverse()) {
      const expanded = one.slice(0, group.start) + alternative + one.slice(group.end + 1);
      pending.push(expanded);
      length += expanded.length;
    }
    // Every glob still pending or done counts, so the bound holds before the work is done.
    if (length > MAX_EXPANDED_LENGTH) return undefined;
  }
  return done;
}

function firstGroup(glob: string): { start: number; end: number; alternatives: string[] } | undefined {
  for (let start = 0; start < glob.length; start++) {
    if (glob[start] === '\\') {
      start++;
      continue;
    }
    if (glob[start] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < glob.length; i++) {
      const ch = glob[i];
      if (ch === '\\') i++;
      else if (ch === '{') depth++;
      else if (ch === ',' && depth === 1) commas.push(i);
      else if (ch === '}' && --depth === 0) {
        if (commas.length === 0) break;
        const cuts = [start, ...commas, i];
        return { start, end: i, alternatives: cuts.slice(1).map((cut, k) => glob.slice(cuts[k]! + 1, cut)) };
      }
    }
  }
  return undefined;
}
