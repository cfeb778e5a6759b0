/**
 * Most of a source file has nothing to do with MQTT. Instead of a token for every identifier and
 * bracket, one light pass finds the string literals and comments (so we know which offsets are code),
 * a regular expression finds the calls we care about, and only the statement around each of those is
 * tokenized in full.
 */
import { type Call, findCalls, matchBrackets } from './calls';
import { type LanguageFamily, type Lexed, lexLiterals, lexWindow, type Token } from './lexer';

export interface SourceScan {
  family: LanguageFamily;
  /** String literals (with their parts) and comments of the whole text. */
  literals: Lexed;
  /** Whether an offset lies in code (not inside a string literal or comment). */
  inCode(offset: number): boolean;
  /** The end of the literal or comment containing `offset`, or `offset` itself when it is code. */
  codeFrom(offset: number): number;
}

export interface Window {
  tokens: Token[];
  brackets: Map<number, number>;
}

export interface CallWindow extends Window {
  call: Call;
}

let lastScan: { text: string; scan: SourceScan } | undefined;

/** Scan once per text: the topic and connection analyses of one document share it. */
export function scanSource(text: string, family: LanguageFamily): SourceScan {
  if (lastScan && lastScan.text === text && lastScan.scan.family === family) return lastScan.scan;
  const literals = lexLiterals(text, family);
  // Literals and comments are each in text order: merge them into one sorted list of regions.
  const strings = literals.tokens;
  const comments = literals.comments;
  const count = strings.length + comments.length;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0, a = 0, b = 0; i < count; i++) {
    const fromString = b >= comments.length || (a < strings.length && strings[a]!.start < comments[b]!.start);
    const region = fromString ? strings[a++]! : comments[b++]!;
    starts[i] = region.start;
    ends[i] = region.end;
  }
  const containing = (offset: number): number => {
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < starts[mid]!) hi = mid - 1;
      else if (offset >= ends[mid]!) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
  const scan: SourceScan = {
    family,
    literals,
    inCode: (offset) => containing(offset) < 0,
    codeFrom: (offset) => {
      const i = containing(offset);
      return i < 0 ? offset : ends[i]!;
    },
  };
  lastScan = { text, scan };
  return scan;
}

/** Where the statement holding `offset` starts: after the last `;`, `{` or `}` in code (C-like languages), or at its line (others). */
function statementStart(text: string, scan: SourceScan, offset: number): number {
  if (scan.family === 'java' || scan.family === 'csharp') {
    for (let p = offset - 1; p >= 0 && offset - p < 1500; p--) {
      if (!scan.inCode(p)) continue;
      const ch = text[p];
      if (ch === ';' || ch === '{' || ch === '}') return p + 1;
    }
    return Math.min(offset, scan.codeFrom(Math.max(0, offset - 1500)));
  }
  // Enough of the line for the receiver (`client.`, `mqtt::client->`), not more: a minified file is one long line.
  let lineStart = Math.max(0, offset - 80);
  for (let p = offset - 1; p >= lineStart; p--) {
    if (text.charCodeAt(p) === 0x0a) {
      lineStart = p + 1;
      break;
    }
  }
  return Math.min(offset, scan.codeFrom(lineStart));
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Calls of these names in code, each with the tokens of its statement. */
export function callsNamed(text: string, scan: SourceScan, names: ReadonlySet<string>): CallWindow[] {
  if (names.size === 0) return [];
  const out: CallWindow[] = [];
  const pattern = new RegExp(`\\b(?:${[...names].map(escape).join('|')})\\s*\\(`, 'g');
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    if (!scan.inCode(at)) continue;
    const tokens = lexWindow(text, scan.family, statementStart(text, scan, at), { balanceFrom: at });
    const brackets = matchBrackets(tokens);
    const call = findCalls(tokens, brackets, names).find((c) => c.nameToken.start === at);
    if (call) out.push({ call, tokens, brackets });
  }
  return out;
}

/** The tokens from `start` until the first bracket opened there closes. */
export function windowFrom(text: string, scan: SourceScan, start: number): Window {
  const tokens = lexWindow(text, scan.family, start, { balanceFrom: start });
  return { tokens, brackets: matchBrackets(tokens) };
}

/** The tokens of the line (continued while brackets are open) that starts at `start`. */
export function lineFrom(text: string, scan: SourceScan, start: number): Window {
  const tokens = lexWindow(text, scan.family, start, { stopAtLineEnd: true, end: start + 4000 });
  return { tokens, brackets: matchBrackets(tokens) };
}

/** Offsets in code where a regular expression matches. */
export function* codeMatches(text: string, scan: SourceScan, pattern: RegExp): Generator<RegExpMatchArray> {
  for (const match of text.matchAll(pattern)) if (scan.inCode(match.index)) yield match;
}
