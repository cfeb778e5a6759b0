/**
 * Call sites in a token stream: `name(args)` with the receiver before it (`client.publish(...)`,
 * `mqtt::client->subscribe(...)`), arguments split at top-level commas, and keyword arguments
 * (`topic=...`, `topic: ...`). Brackets are matched once for the whole file, so this is linear.
 */
import type { Token } from './lexer';

export interface Argument {
  tokens: Token[];
  /** Python/C#/Rust keyword argument name (`qos=1`, `qos: 1`). */
  name?: string;
  start: number;
  end: number;
}

export interface Call {
  name: string;
  nameToken: Token;
  /** The identifier the call is made on (`client` in `client.publish`), if any. */
  receiver?: string;
  args: Argument[];
  /** Index of the `(` token. */
  open: number;
  /** Index of the matching `)` token (or the last token when unterminated). */
  close: number;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** For each opening bracket token index, the index of its matching closer. */
export function matchBrackets(tokens: Token[]): Map<number, number> {
  const matches = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'punct') continue;
    if (OPENERS[token.text]) stack.push(i);
    else if (token.text === ')' || token.text === ']' || token.text === '}') {
      // Pop to the matching opener, forgiving stray closers in broken code.
      for (let s = stack.length - 1; s >= 0; s--) {
        if (OPENERS[tokens[stack[s]!]!.text] === token.text) {
          matches.set(stack[s]!, i);
          stack.length = s;
          break;
        }
      }
    }
  }
  for (const open of stack) matches.set(open, tokens.length - 1);
  return matches;
}

/** An argument of tokens[from..to) (not empty): `name=value` (Python, not ==) or `name: value` (C#, Rust struct fields are not calls) is named. */
function argument(tokens: Token[], from: number, to: number): Argument {
  const arg: Argument = { tokens: tokens.slice(from, to), start: tokens[from]!.start, end: tokens[to - 1]!.end };
  const [first, second, third] = arg.tokens;
  if (
    first?.kind === 'ident' &&
    second?.kind === 'punct' &&
    (second.text === '=' || second.text === ':') &&
    !(third?.kind === 'punct' && (third.text === '=' || third.text === ':'))
  ) {
    arg.name = first.text;
    arg.tokens = arg.tokens.slice(2);
  }
  return arg;
}

/** Split tokens[from..to) at top-level commas. */
export function splitArguments(tokens: Token[], from: number, to: number, brackets: Map<number, number>): Argument[] {
  const args: Argument[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'punct') continue;
    if (token.text === ',') {
      if (i > start) args.push(argument(tokens, start, i));
      start = i + 1;
      continue;
    }
    // A bracket closed within the range is read whole: its commas are not this list's.
    const close = OPENERS[token.text] ? brackets.get(i) : undefined;
    if (close !== undefined && close < to) i = close;
  }
  if (to > start) args.push(argument(tokens, start, to));
  return args;
}

/** The index of the token that starts at `offset` (tokens are sorted by offset), or -1. */
export function tokenIndexAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = tokens[mid]!.start;
    if (start === offset) return mid;
    if (start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Every `name(...)` call in the token stream; with `names`, only calls of those names (the others cost nothing). */
export function findCalls(tokens: Token[], brackets = matchBrackets(tokens), names?: ReadonlySet<string>): Call[] {
  const calls: Call[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const call = callAt(tokens, brackets, i, names);
    if (call) calls.push(call);
  }
  return calls;
}

/** The call whose name is tokens[i], if `name(` stands there (and the name is one of `names`). */
export function callAt(
  tokens: Token[],
  brackets: Map<number, number>,
  i: number,
  names?: ReadonlySet<string>,
): Call | undefined {
  const token = tokens[i];
  const next = tokens[i + 1];
  if (token?.kind !== 'ident' || next?.kind !== 'punct' || next.text !== '(') return undefined;
  if (names && !names.has(token.text)) return undefined;
  const close = brackets.get(i + 1) ?? tokens.length - 1;
  const call: Call = {
    name: token.text,
    nameToken: token,
    args: splitArguments(tokens, i + 2, close, brackets),
    open: i + 1,
    close,
  };
  const receiver = receiverOf(tokens, i);
  if (receiver) call.receiver = receiver;
  return call;
}

/** The identifier before `.`, `->` or `::` in front of tokens[i], if any. */
function receiverOf(tokens: Token[], i: number): string | undefined {
  const a = tokens[i - 1];
  const b = tokens[i - 2];
  const c = tokens[i - 3];
  if (a?.kind !== 'punct') return undefined;
  if (a.text === '.' && (b?.kind === 'ident' || (b?.kind === 'punct' && b.text === ')')))
    return b.kind === 'ident' ? b.text : ')';
  if (a.text === '>' && b?.text === '-' && c?.kind === 'ident') return c.text;
  if (a.text === ':' && b?.text === ':' && c?.kind === 'ident') return c.text;
  return undefined;
}
