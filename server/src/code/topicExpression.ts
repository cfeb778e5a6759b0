/**
 * The value of a topic expression in source code: a literal, a constant, a concatenation, a template or
 * f-string, a printf- or brace-style format call. Interpolated parts stay placeholders that stand for
 * one opaque piece of a level; constants are looked up in the same file only when a topic uses them.
 */
import type { Budget } from '../budget';
import { type LanguageFamily, PlaceholderPart, type StringPart, TextPart, type Token } from './lexer';
import { assignments, assignmentsOf } from './assignments';
import { lineFrom, type SourceScan } from './windows';

/**
 * A piece of a topic: literal text or a placeholder, with its source offsets. A string literal's parts
 * (lexer.ts) are already segments: one shape, so a literal becomes a topic without a copy.
 */
export type Segment = StringPart;

/** Literal text of a topic (`exact` when each character is one source character, so offsets map 1:1). */
export type TextSegment = TextPart;

/** An interpolation or a computed operand: one opaque piece of a level, known only at run time. */
export type PlaceholderSegment = PlaceholderPart;

/** The topic as text, each placeholder written `{name}`. */
export function topicDisplay(site: { segments: Segment[] }): string {
  return site.segments
    .map((s) => ('text' in s ? s.text : s.placeholder.startsWith('%') ? s.placeholder : `{${s.placeholder}}`))
    .join('');
}

/** What a topic expression or a constant evaluates to; `complete` is false when a literal in it is unterminated. */
export interface TopicValue {
  segments: Segment[];
  complete: boolean;
}

type Constants = Map<string, TopicValue | null>;

/** Constants looked up by name (null: ambiguous or not a string). */
export interface ConstantLookup {
  get(name: string): TopicValue | null | undefined;
}

/** What evaluating an expression needs besides its tokens. */
export interface ExpressionContext {
  family: LanguageFamily;
  constants: ConstantLookup;
}

/** A topic expression: a literal, a constant, a concatenation, a format call. Undefined when it is not text. */
export function evaluate(tokens: Token[], ctx: ExpressionContext): (TopicValue & { constant?: string }) | undefined {
  if (tokens.length === 0) return undefined;
  const [first] = tokens;
  // Python % formatting and str.format, JS/Java/C# method calls on a literal.
  if (first!.kind === 'string') {
    const [, next, after] = tokens;
    if (!next) return { segments: stringSegments(first!), complete: first!.terminated !== false };
    if (next.text === '%' && ctx.family === 'python')
      return { segments: formatSegments(stringSegments(first!), PRINTF), complete: first!.terminated !== false };
    if (next.text === '.' && after?.text === 'format')
      return { segments: formatSegments(stringSegments(first!), BRACES), complete: first!.terminated !== false };
  }
  // fmt.Sprintf("...", ...), String.format("...", ...), string.Format("...", ...), format!("...", ...)
  let callName: Token | undefined;
  for (const t of tokens)
    if (t.kind === 'ident' && FORMAT_CALLS.has(t.text)) {
      callName = t;
      break;
    }
  if (callName) {
    const open = tokens.findIndex((t) => t.kind === 'punct' && t.text === '(');
    const inner = tokens.slice(open + 1, -1);
    const fmt = inner.find((t) => t.kind === 'string');
    if (open > 0 && fmt && tokens[tokens.length - 1]!.text === ')') {
      const pattern =
        callName.text === 'format' && (ctx.family === 'rust' || ctx.family === 'python')
          ? BRACES
          : ctx.family === 'csharp'
            ? BRACES
            : PRINTF;
      return { segments: formatSegments(stringSegments(fmt), pattern), complete: fmt.terminated !== false };
    }
  }
  // Concatenation: literals, constants and anything else (a placeholder) joined by top-level `+`, each
  // operand tokens[from..i) read when its `+` (or the end) is reached. Empty literal pieces (`'' + id`, an
  // empty constant) add nothing to the topic: they are left out.
  // Kept with the site: no array literal (lexer.ts says why).
  const segments = new Array<Segment>();
  let textual = false;
  let complete = true;
  let constant: string | undefined;
  let operands = 0;
  let depth = 0;
  for (let i = 0, from = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    if (t) {
      if (t.kind !== 'punct') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      if (depth !== 0 || t.text !== '+') continue;
    }
    if (from === i) return undefined;
    operands++;
    const only = i - from === 1 ? tokens[from]! : undefined;
    const known = only?.kind === 'ident' ? ctx.constants.get(only.text) : undefined;
    if (only?.kind === 'string') {
      for (const part of only.parts ?? []) if ('placeholder' in part || part.text !== '') segments.push(part);
      textual = true;
      complete &&= only.terminated !== false;
    } else if (only && known) {
      // A constant's text maps to the identifier where it is used.
      for (const s of known.segments) {
        if ('placeholder' in s) segments.push(new PlaceholderPart(s.placeholder, only.start, only.end));
        else if (s.text !== '') segments.push(new TextPart(s.text, only.start, only.end, false));
      }
      textual = true;
      complete &&= known.complete;
      constant = only.text;
    } else {
      let placeholder = '';
      for (let k = from; k < i; k++) placeholder += tokens[k]!.text;
      segments.push(new PlaceholderPart(placeholder, tokens[from]!.start, tokens[i - 1]!.end));
    }
    from = i + 1;
  }
  if (!textual) return undefined;
  const value: TopicValue & { constant?: string } = { segments, complete };
  // A topic that is one constant says which.
  if (constant && operands === 1) value.constant = constant;
  return value;
}

const FORMAT_CALLS = new Set(['Sprintf', 'format', 'Format', 'sprintf', 'snprintf', 'printf']);
const PRINTF = /%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[sdiuvxXfFgGcpq]/g;
const BRACES = /\{[^{}]*\}/g;

/** Turn format specifiers inside text segments into placeholders. */
function formatSegments(segments: Segment[], pattern: RegExp): Segment[] {
  const out = new Array<Segment>();
  for (const s of segments) {
    if ('placeholder' in s) {
      out.push(s);
      continue;
    }
    let last = 0;
    for (const m of s.text.matchAll(pattern)) {
      const i = m.index;
      if (i > last) out.push(sub(s, last, i));
      const piece = sub(s, i, i + m[0].length);
      const name = m[0].startsWith('{') ? m[0].slice(1, -1).trim() : m[0];
      out.push(new PlaceholderPart(name, piece.start, piece.end));
      last = i + m[0].length;
    }
    if (last < s.text.length || s.text.length === 0) out.push(sub(s, last, s.text.length));
  }
  return out;
}

/** A slice of a text segment, with offsets when they map 1:1. */
function sub(s: TextSegment, from: number, to: number): TextSegment {
  if (!s.exact) return new TextPart(s.text.slice(from, to), s.start, s.end, false);
  return new TextPart(s.text.slice(from, to), s.start + from, s.start + to, true);
}

/** The segments of a string literal: its text parts and its interpolations (a new list: topics do not share one). */
function stringSegments(token: Token): Segment[] {
  return token.parts ? token.parts.slice() : [];
}

/** Words that can stand before `name(` in a statement without making it a declaration of `name`. */
const NOT_A_TYPE = new Set(['return', 'co_return', 'throw', 'else', 'case', 'new', 'delete', 'sizeof', 'do', 'goto']);

/** Constants defined in terms of constants nested deeper than this stay unknown: a crafted chain cannot exhaust the stack. */
const MAX_CONSTANT_DEPTH = 32;

/** The first names asked for are found from their own occurrences; past these, every place is found once. */
const NAMES_LOOKED_UP_ALONE = 4;

/**
 * Constants of the file, found on demand: for a name used as a topic, every `NAME = ...` in code (not
 * a keyword argument, not a member) is read, and the name resolves only when all agree. The places
 * that look like definitions (assignments.ts) are found from the name's occurrences for the first few
 * names, then all at once (a file that asks for many names would search the text for each).
 */
export function lazyConstants(text: string, scan: SourceScan, budget?: Budget): ConstantLookup {
  const cache: Constants = new Map();
  let definitions: Map<string, number[]> | undefined;
  let alone = 0;
  const definitionsOf = (name: string): readonly number[] => {
    if (!definitions && alone++ < NAMES_LOOKED_UP_ALONE)
      return assignmentsOf(text, scan.family, name).filter((index) => scan.inCode(index));
    if (!definitions) {
      definitions = new Map();
      for (const { name: defined, index } of assignments(text, scan.family)) {
        if (!scan.inCode(index)) continue;
        const list = definitions.get(defined);
        if (list) list.push(index);
        else definitions.set(defined, [index]);
      }
    }
    return definitions.get(name) ?? [];
  };
  let depth = 0;
  const lookup: ConstantLookup = {
    get(name) {
      if (cache.has(name)) return cache.get(name);
      if (depth >= MAX_CONSTANT_DEPTH) return null;
      cache.set(name, null); // guards against NAME = NAME + "x" recursion
      const found: Constants = new Map();
      depth++;
      try {
        for (const at of definitionsOf(name)) {
          if (budget?.expired()) break;
          let before = at - 1;
          while (before >= 0 && /\s/.test(text[before]!)) before--;
          if (text[before] === '(' || text[before] === ',' || text[before] === '.') continue;
          // Read from the line's start: in `x: str = ""` the name is `x`, and `str` only its annotation.
          const window = lineFrom(text, scan, lineStartBefore(text, scan, at));
          const defined = collectConstants(window.tokens, scan.family, lookup);
          const value = defined.get(name);
          if (value === undefined) continue;
          const previous = found.get(name);
          if (previous === undefined) found.set(name, value);
          else if (previous === null || value === null || topicDisplay(previous) !== topicDisplay(value))
            found.set(name, null);
        }
      } finally {
        depth--;
      }
      const result = found.get(name);
      cache.set(name, result ?? null);
      return result ?? null;
    },
  };
  return lookup;
}

/** Where the line holding `at` starts in code, at most 200 characters back (a minified file is one long line). */
function lineStartBefore(text: string, scan: SourceScan, at: number): number {
  const limit = Math.max(0, at - 200);
  let p = at;
  while (p > limit && text.charCodeAt(p - 1) !== 0x0a) p--;
  return Math.min(at, scan.codeFrom(p));
}

/** `NAME = "..."`, `const NAME: &str = "..."`, `#define NAME "..."`: string constants of one file. */
function collectConstants(tokens: Token[], family: LanguageFamily, outer?: ConstantLookup): Constants {
  const constants: Constants = new Map();
  // Inside one window, names defined earlier in it win; others come from the whole file.
  const visible: ConstantLookup = { get: (name) => (constants.has(name) ? constants.get(name) : outer?.get(name)) };
  const define = (name: string, value: TopicValue | undefined) => {
    if (!value) return;
    const previous = constants.get(name);
    if (previous === undefined) constants.set(name, value);
    else if (previous !== null && topicDisplay(previous) !== topicDisplay(value)) constants.set(name, null); // ambiguous
  };
  const valueFrom = (i: number) => {
    // The value runs to the end of the statement: `;`, `,` or a new line's identifier at depth 0.
    const value: Token[] = [];
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
      if (t.kind === 'punct' && ')]}'.includes(t.text)) {
        if (depth === 0) break;
        depth--;
      }
      if (depth === 0 && t.kind === 'punct' && (t.text === ';' || t.text === ',')) break;
      if (depth === 0 && value.length > 0 && t.kind !== 'punct' && value[value.length - 1]!.kind !== 'punct') break;
      value.push(t);
    }
    return value;
  };
  let parens = 0;
  for (let i = 1; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) parens++;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) parens = Math.max(0, parens - 1);
    // #define NAME "value"
    if (
      family === 'c' &&
      t.kind === 'ident' &&
      t.text === 'define' &&
      tokens[i - 1]!.text === '#' &&
      tokens[i + 1]?.kind === 'ident' &&
      tokens[i + 2]?.kind === 'string'
    ) {
      define(tokens[i + 1]!.text, evaluate([tokens[i + 2]!], { family, constants: visible }));
      continue;
    }
    // C++ direct initialisation: `TYPE NAME("x")`, `TYPE NAME { "x" }` after a type (not a call `f("x")`).
    if (
      family === 'c' &&
      parens === 0 &&
      t.kind === 'ident' &&
      (tokens[i + 1]?.text === '(' || tokens[i + 1]?.text === '{') &&
      ((tokens[i - 1]!.kind === 'ident' && !NOT_A_TYPE.has(tokens[i - 1]!.text)) || tokens[i - 1]!.text === '>')
    ) {
      const inner = bracketed(tokens, i + 1);
      if (inner?.some((v) => v.kind === 'string')) define(t.text, evaluate(inner, { family, constants: visible }));
      continue;
    }
    // An assignment at statement level: not a keyword argument, not ==, !=, <=, >=, +=, =>.
    if (t.kind !== 'punct' || t.text !== '=' || parens > 0) continue;
    const before = tokens[i - 1]!;
    const after = tokens[i + 1]!;
    if (after.kind === 'punct' && (after.text === '=' || after.text === '>')) continue;
    if (before.kind === 'punct' && before.text !== ']' && !(before.text === ':' && family === 'go')) continue;
    const name = nameBefore(tokens, i, family);
    if (!name) continue;
    const value = valueFrom(i + 1);
    // Assigned something that is not text (`topic = args[++i]`): the name is a variable, not a constant.
    if (value.length === 0 || !value.some((v) => v.kind === 'string')) constants.set(name, null);
    else define(name, evaluate(value, { family, constants: visible }));
  }
  return constants;
}

/** The tokens inside the bracket opened at tokens[open], or undefined when it does not close in the window. */
function bracketed(tokens: Token[], open: number): Token[] | undefined {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== 'punct') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text) && --depth === 0) return tokens.slice(open + 1, j);
  }
  return undefined;
}

/** The variable name assigned at tokens[eq] (`=`), looking past `:=`, array brackets and type annotations. */
function nameBefore(tokens: Token[], eq: number, family: LanguageFamily): string | undefined {
  let i = eq - 1;
  if (family === 'go' && tokens[i]?.text === ':') i--;
  if (tokens[i]?.text === ']' && tokens[i - 1]?.text === '[') i -= 2;
  // `NAME: &str = ...` (Rust), `NAME: string = ...` (TypeScript): the name stands before the `:`.
  for (let j = i; j > Math.max(0, i - 6); j--) {
    const t = tokens[j]!;
    if (t.kind === 'punct' && t.text === ':') {
      if (tokens[j - 1]?.kind === 'ident' && tokens[j - 2]?.text !== ':' && tokens[j + 1]?.text !== ':')
        return tokens[j - 1]!.text;
      break;
    }
    if (t.kind !== 'ident' && !['&', '<', '>', '[', ']', "'"].includes(t.text)) break;
  }
  const name = tokens[i];
  if (name?.kind === 'ident' && tokens[i - 1]?.text !== '.') return name.text;
  return undefined;
}
