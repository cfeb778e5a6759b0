/**
 * Most of a source file has nothing to do with MQTT. Instead of a token for every identifier and
 * bracket, one light pass finds the string literals and comments (so we know which offsets are code),
 * a regular expression finds the calls we care about, and only the statement around each of those is
 * tokenized in full.
 */
import type { Budget } from '../budget';
import { type Call, callAt, matchBrackets, tokenIndexAt } from './calls';
import { DEFINITION_LOOKAHEAD, isDefinition } from './definitions';
import {
  type Comment,
  type LanguageFamily,
  lexLine,
  lexLiterals,
  type Token,
  type TokenReader,
  tokenReader,
} from './lexer';

export interface SourceScan {
  family: LanguageFamily;
  /** The comments of the whole text that may hold an `mqtt-lint` directive. */
  directives: Comment[];
  /** Whether an offset lies in code (not inside a string literal or comment). */
  inCode(offset: number): boolean;
  /** The end of the literal or comment containing `offset`, or `offset` itself when it is code. */
  codeFrom(offset: number): number;
}

export interface Window {
  tokens: Token[];
  brackets: Map<number, number>;
}

/**
 * A call and the tokens around it. The tokens start at the call's receiver (`client` in `client.publish(`),
 * not at its statement, unless the caller asked for the whole statement (`callsNamed`'s `wholeStatement`):
 * an analysis that reads tokens before the receiver must ask for it.
 */
export interface CallWindow extends Window {
  call: Call;
  /** Where the call's name starts (the regular expression's match). */
  at: number;
  /** Where its window starts. */
  from: number;
  /**
   * How far reading looked (exclusive). The window is what a reading from `from` gives (readsAsFresh), so
   * the same text in [from, read), with the blanks and the character before `from` (a C `#` looks back to
   * its line's start; a cut identifier), gives the same window and call. Infinity when the window did not
   * close or the call has no closing bracket: it then also depends on where the next call starts.
   */
  read: number;
}

let lastScan: { text: string; scan: SourceScan } | undefined;

/** Scan once per text: the topic and connection analyses of one document share it. */
export function scanSource(text: string, family: LanguageFamily): SourceScan {
  if (lastScan && lastScan.text === text && lastScan.scan.family === family) return lastScan.scan;
  // String literals and comments, in text order: the regions that are not code.
  const { starts, ends, directives } = lexLiterals(text, family);
  const count = starts.length;
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
    directives,
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

/** Characters of plain code, without literals, comments or regular expressions: `[\w$\s(){}[\];,=!&|?:<>+\-*%^~.]`. */
const PLAIN = new Uint8Array(128);
for (const ch of ' \t\r\n(){}[];,=!&|?:<>+-*%^~.$_') PLAIN[ch.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) PLAIN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) PLAIN[c] = PLAIN[c + 0x20] = 1;
/** `[\w$]`: a character of an identifier (or a number). */
const isWord = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;

/** Open brackets while checking the text before a receiver (reused, only the first `open` count). */
const pending: string[] = [];
const OPENS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * Where the window of the call named at `at` may start instead of its statement's start `from`: at its
 * receiver (`client` in `client.publish(`, `c->publish(`), when the text skipped is plain code whose
 * brackets all close. The tokens from the receiver on, and their bracket pairs, are then the same as
 * when read from `from`; only what is skipped is not read (a call with a receiver is no definition).
 */
function receiverStart(text: string, from: number, at: number): number {
  let p = at;
  if (text[p - 1] === '.') p--;
  else if (text[p - 1] === '>' && text[p - 2] === '-') p -= 2;
  else return from;
  let q = p;
  while (q > from && isWord(text.charCodeAt(q - 1))) q--;
  // An identifier, not a number, with white space or punctuation (not `.`) before it.
  const first = text.charCodeAt(q);
  if (q === p || (first >= 0x30 && first <= 0x39) || (q > from && text[q - 1] === '.')) return from;
  // Bracket pairs as matchBrackets finds them: nothing may stay open before the receiver.
  let open = 0;
  for (let i = from; i < q; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || PLAIN[c] !== 1) return from;
    const ch = text[i]!;
    if (ch === '(' || ch === '[' || ch === '{') pending[open++] = ch;
    else if (ch === ')' || ch === ']' || ch === '}') {
      let k = open - 1;
      while (k >= 0 && pending[k] !== OPENS[ch]) k--;
      if (k >= 0) open = k;
    }
  }
  return open === 0 ? q : from;
}

/** Whether one of `names` is the name of the call at `at` (followed by `(`, perhaps after white space). */
function namedAt(text: string, at: number, names: ReadonlySet<string> | undefined): boolean {
  if (names)
    for (const name of names) if (text.startsWith(name, at) && /[\s(]/.test(text[at + name.length] ?? '')) return true;
  return false;
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A window ends at most this many characters after its call: a call (or struct literal) still open
 * there is read as unclosed, so a crafted file cannot make every window run to its end.
 */
export const WINDOW_CHARS = 32_768;

/** How many tokens of a run may lie before the current window before they are dropped. */
const RUN_KEEP = 256;

/**
 * Tokens read once from `start` onwards and shared by the windows that overlap them, with the closer of
 * each opening bracket as the lexer's balancing counts them (any closing bracket closes the innermost
 * opener). Windows of calls nested in each other or left unclosed then cost their own size, not a new
 * lexing pass each to the end of the file; a window that closes reads no token past its closer.
 */
class TokenRun {
  private readonly reader: TokenReader;
  /** Absolute index of the first token still kept. */
  private base = 0;
  /** Per kept token: the absolute index of the closer of an opener (-1 while open or not an opener). */
  private closers: number[] = [];
  private openers: number[] = [];

  constructor(
    text: string,
    family: LanguageFamily,
    private start: number,
  ) {
    this.reader = tokenReader(text, family, start);
  }

  /** Read from `start` afresh, reusing this run's arrays: the same tokens as a new run from there. */
  restart(start: number): void {
    this.start = start;
    this.reader.restart(start);
    this.base = 0;
    this.closers = [];
    this.openers = [];
  }

  /** The tokens kept, in text order. */
  get tokens(): Token[] {
    return this.reader.tokens;
  }

  /** Where reading stopped. */
  get end(): number {
    return this.reader.position;
  }

  /** Read one more token that starts before `limit`; false when there is none. */
  readToken(limit: number): boolean {
    const token = this.reader.readToken(limit);
    if (!token) return false;
    const index = this.base + this.closers.length;
    this.closers.push(-1);
    if (token.kind === 'punct' && token.end - token.start === 1) {
      const c = token.text;
      if (c === '(' || c === '[' || c === '{') this.openers.push(index);
      else if (c === ')' || c === ']' || c === '}') {
        const open = this.openers.pop();
        if (open !== undefined && open >= this.base) this.closers[open - this.base] = index;
      }
    }
    return true;
  }

  /** Read on until `offset` (a token that starts before it is read whole). */
  extendTo(offset: number): void {
    while (this.readToken(offset));
  }

  /** The local index of the first kept token starting at or after `offset`. */
  indexAt(offset: number): number {
    const tokens = this.tokens;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The local index of the closer of the opener at local index `i`, or -1 while it is open. */
  closerOf(i: number): number {
    const closer = this.closers[i] ?? -1;
    return closer < 0 ? -1 : closer - this.base;
  }

  /** Forget tokens before local index `i` once there are many: windows only move forward. */
  dropBefore(i: number): void {
    if (i < RUN_KEEP) return;
    this.tokens.splice(0, i);
    this.closers.splice(0, i);
    this.base += i;
  }

  /** Whether windows from `offset` can be read from this run (a token cut at `offset` is left out of them). */
  covers(offset: number): boolean {
    if (offset < this.start || offset > this.end) return false;
    const first = this.tokens[0];
    if (this.base > 0 && (first === undefined || offset < first.start)) return false;
    return true;
  }
}

/** Space the lexer skips between tokens. */
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

const isOpener = (token: Token) =>
  token.kind === 'punct' && (token.text === '(' || token.text === '[' || token.text === '{');

/**
 * Windows over one text: each from a statement start to the bracket that closes the first one opened
 * at a given offset, read from a shared run of tokens.
 */
class WindowMaker {
  private run: TokenRun | undefined;
  /** How far the last window's reading looked (exclusive), or Infinity when it did not close. */
  read = 0;

  constructor(
    private readonly text: string,
    private readonly family: LanguageFamily,
  ) {}

  /**
   * Tokens from `from` until the first bracket opened at or after `at` closes; when it does not close
   * within WINDOW_CHARS, the window stops at `next` (where the next window starts) or at that limit.
   */
  window(from: number, at: number, next: number): Token[] {
    let run = this.run;
    if (!run) this.run = run = new TokenRun(this.text, this.family, from);
    else if (!run.covers(from) || !this.readsAsFresh(run, from)) run.restart(from);
    const limit = Math.min(this.text.length, at + WINDOW_CHARS);
    run.extendTo(at + 1);
    run.dropBefore(run.indexAt(from));
    const begin = run.indexAt(from);
    const tokens = run.tokens;
    // The first opener at or after `at`, then its closer, reading on only as far as they are.
    let open = run.indexAt(at);
    while ((open < tokens.length || run.readToken(limit)) && !isOpener(tokens[open]!)) open++;
    if (open < tokens.length) {
      while (run.closerOf(open) < 0 && run.readToken(limit));
      const close = run.closerOf(open);
      if (close >= 0 && tokens[close]!.start < limit) {
        // A token ends where the next character cannot go on with it: that character was looked at too.
        this.read = run.end + 1;
        return tokens.slice(begin, close + 1);
      }
    }
    // Unclosed: the arguments of broken code end where the next window begins.
    this.read = Infinity;
    run.extendTo(Math.min(next, limit));
    return tokens.slice(begin, run.indexAt(Math.min(next, limit)));
  }

  /**
   * Whether the run's tokens from `from` on are the ones a reading that starts at `from` gives, so that a
   * window is the same whatever windows came before it (an edited document's next analysis reads only some
   * of them). They are when the run has a token where that reading's first token starts, and that token is
   * not one the token before it decides: a JavaScript `/` is a division or a regular expression.
   */
  private readsAsFresh(run: TokenRun, from: number): boolean {
    let first = from;
    while (first < this.text.length && isBlank(this.text.charCodeAt(first))) first++;
    if (this.family === 'js' && this.text.charCodeAt(first) === 0x2f) return false;
    run.extendTo(first + 1);
    return run.tokens[run.indexAt(first)]?.start === first;
  }
}

/**
 * Calls (not definitions) of these names in code, each with the tokens of its statement (from its
 * receiver on, when it has one, except for the names in `wholeStatement`), read one at a time (a caller
 * that keeps none lets each window go at once); stops early when `budget` runs out. A call for which
 * `reused(at, from)` answers true is not read (the caller has its result from an earlier analysis).
 */
export function* callsNamed(
  text: string,
  scan: SourceScan,
  names: ReadonlySet<string>,
  budget?: Budget,
  wholeStatement?: ReadonlySet<string>,
  reused?: (at: number, from: number) => boolean,
): Generator<CallWindow> {
  if (names.size === 0) return;
  const pattern = new RegExp(`\\b(?:${[...names].map(escape).join('|')})\\s*\\(`, 'g');
  const starts = codeOffsets(text, scan, pattern);
  const windows = new WindowMaker(text, scan.family);
  for (let k = 0; k < starts.length; k++) {
    if (budget?.expired()) break;
    const at = starts[k]!;
    const statement = statementStart(text, scan, at);
    const from = namedAt(text, at, wholeStatement) ? statement : receiverStart(text, statement, at);
    if (reused?.(at, from)) continue;
    const tokens = windows.window(from, at, starts[k + 1] ?? text.length);
    const brackets = matchBrackets(tokens);
    const index = tokenIndexAt(tokens, at);
    const call = callAt(tokens, brackets, index, names);
    // Definitions are not calls: their parameters are not topics or options.
    if (call && !isDefinition(text, scan.family, tokens, index, call)) {
      const close = tokens[call.close];
      const read = Math.max(windows.read, close ? close.end + DEFINITION_LOOKAHEAD : Infinity);
      yield { call, tokens, brackets, at, from, read };
    }
  }
}

/** The windows from each offset in `starts` (ascending, in code) until the first bracket opened there closes. */
export function windowsFrom(text: string, scan: SourceScan, starts: readonly number[], budget?: Budget): Window[] {
  const windows = new WindowMaker(text, scan.family);
  const out: Window[] = [];
  for (let k = 0; k < starts.length; k++) {
    if (budget?.expired()) break;
    const at = starts[k]!;
    const tokens = windows.window(at, at, starts[k + 1] ?? text.length);
    out.push({ tokens, brackets: matchBrackets(tokens) });
  }
  return out;
}

/** The tokens of the line (continued while brackets are open) that starts at `start`. */
export function lineFrom(text: string, scan: SourceScan, start: number): Window {
  const tokens = lexLine(text, scan.family, start, start + 4000);
  return { tokens, brackets: matchBrackets(tokens) };
}

/** Offsets in code where a global regular expression matches (no match arrays kept: a large file has thousands). */
export function codeOffsets(text: string, scan: SourceScan, pattern: RegExp): number[] {
  const offsets: number[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === '') pattern.lastIndex++;
    if (scan.inCode(m.index)) offsets.push(m.index);
  }
  return offsets;
}

/** Offsets in code where a regular expression matches. */
export function* codeMatches(text: string, scan: SourceScan, pattern: RegExp): Generator<RegExpMatchArray> {
  for (const match of text.matchAll(pattern)) if (scan.inCode(match.index)) yield match;
}
