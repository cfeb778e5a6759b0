/**
 * Finds the MQTT topics a source file publishes to and subscribes with: the topic arguments of known
 * library calls (patterns.ts), resolved through string constants of the same file, with interpolated
 * parts (`${id}`, `{device}`, `%s`) kept as placeholders that stand for one opaque piece of a level.
 */
import { splitArguments, tokenIndexAt, type Argument, type Call } from './calls';
import { familyOf } from '../../../common/src/languages';
import type { LanguageFamily, Lexed, Token } from './lexer';
import { callsNamed, codeMatches, lineFrom, scanSource, type SourceScan, windowFrom } from './windows';
import { CALL_PATTERNS, type CallPattern, type CallRole, IMPORT_EVIDENCE } from './patterns';

/** A piece of a topic: literal text or a placeholder, with its source offsets. */
export interface Segment {
  text?: string;
  placeholder?: string;
  start: number;
  end: number;
  /** True when each character of `text` is exactly one source character (no escapes), so offsets map 1:1. */
  exact: boolean;
}

export interface QosLiteral {
  value: number;
  start: number;
  end: number;
}

export interface TopicSite {
  role: CallRole;
  segments: Segment[];
  /** Source offsets of the whole topic expression. */
  start: number;
  end: number;
  /** The constant the topic came from, when the argument was an identifier. */
  constant?: string;
  qos?: QosLiteral;
  /** The called function (or struct/option field) that carries the topic. */
  via: string;
  library: string;
  /** False when the string literal is unterminated (broken code: no topic diagnostics). */
  complete: boolean;
}

export interface FoundTopics {
  family: LanguageFamily;
  sites: TopicSite[];
  lexed: Lexed;
}

/** The topic as text, each placeholder written `{name}`. */
export function topicDisplay(site: { segments: Segment[] }): string {
  return site.segments.map((s) => s.text ?? (s.placeholder!.startsWith('%') ? s.placeholder : `{${s.placeholder}}`)).join('');
}

const PRINTF = /%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[sdiuvxXfFgGcpq]/g;
const BRACES = /\{[^{}]*\}/g;

/** Turn format specifiers inside text segments into placeholders. */
function formatSegments(segments: Segment[], pattern: RegExp): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.text === undefined) {
      out.push(s);
      continue;
    }
    let last = 0;
    for (const m of s.text.matchAll(pattern)) {
      const i = m.index!;
      if (i > last) out.push(sub(s, last, i));
      const piece = sub(s, i, i + m[0].length);
      const name = m[0].startsWith('{') ? m[0].slice(1, -1).trim() : m[0];
      out.push({ placeholder: name, start: piece.start, end: piece.end, exact: s.exact });
      last = i + m[0].length;
    }
    if (last < s.text.length || s.text.length === 0) out.push(sub(s, last, s.text.length));
  }
  return out;
}

/** A slice of a text segment, with offsets when they map 1:1. */
function sub(s: Segment, from: number, to: number): Segment {
  if (!s.exact) return { text: s.text!.slice(from, to), start: s.start, end: s.end, exact: false };
  return { text: s.text!.slice(from, to), start: s.start + from, end: s.start + to, exact: true };
}

function stringSegments(token: Token): Segment[] {
  return (token.parts ?? []).map((part) =>
    'text' in part
      ? { text: part.text, start: part.start, end: part.end, exact: part.end - part.start === part.text.length }
      : { placeholder: part.placeholder, start: part.start, end: part.end, exact: false },
  );
}

type Constants = Map<string, { segments: Segment[]; complete: boolean } | null>;

/** Constants looked up by name (null: ambiguous or not a string). */
interface ConstantLookup {
  get(name: string): { segments: Segment[]; complete: boolean } | null | undefined;
}

interface Context {
  family: LanguageFamily;
  tokens: Token[];
  brackets: Map<number, number>;
  constants: ConstantLookup;
}

/** A topic expression: a literal, a constant, a concatenation, a format call. Undefined when it is not text. */
function evaluate(tokens: Token[], ctx: Context): { segments: Segment[]; complete: boolean; constant?: string } | undefined {
  if (tokens.length === 0) return undefined;
  const [first] = tokens;
  // Python % formatting and str.format, JS/Java/C# method calls on a literal.
  if (first!.kind === 'string') {
    const rest = tokens.slice(1);
    if (rest.length === 0) return { segments: stringSegments(first!), complete: first!.terminated !== false };
    if (rest[0]!.text === '%' && ctx.family === 'python') return { segments: formatSegments(stringSegments(first!), PRINTF), complete: first!.terminated !== false };
    if (rest[0]!.text === '.' && rest[1]?.text === 'format') return { segments: formatSegments(stringSegments(first!), BRACES), complete: first!.terminated !== false };
  }
  // fmt.Sprintf("...", ...), String.format("...", ...), string.Format("...", ...), format!("...", ...)
  const callName = tokens.find((t) => t.kind === 'ident' && /^(?:Sprintf|format|Format|sprintf|snprintf|printf)$/.test(t.text));
  if (callName) {
    const open = tokens.findIndex((t) => t.kind === 'punct' && t.text === '(');
    const inner = tokens.slice(open + 1, -1);
    const fmt = inner.find((t) => t.kind === 'string');
    if (open > 0 && fmt && tokens[tokens.length - 1]!.text === ')') {
      const pattern = callName.text === 'format' && (ctx.family === 'rust' || ctx.family === 'python') ? BRACES : ctx.family === 'csharp' ? BRACES : PRINTF;
      return { segments: formatSegments(stringSegments(fmt), pattern), complete: fmt.terminated !== false };
    }
  }
  // Concatenation: literals, constants and anything else (a placeholder) joined by `+`.
  const operands: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'punct' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === '+') operands.push([]);
    else operands[operands.length - 1]!.push(t);
  }
  const segments: Segment[] = [];
  let textual = false;
  let complete = true;
  let constant: string | undefined;
  for (const operand of operands) {
    if (operand.length === 0) return undefined;
    const only = operand.length === 1 ? operand[0]! : undefined;
    if (only?.kind === 'string') {
      segments.push(...stringSegments(only));
      textual = true;
      complete &&= only.terminated !== false;
    } else if (only?.kind === 'ident' && ctx.constants.get(only.text)) {
      const value = ctx.constants.get(only.text)!;
      // A constant's text maps to the identifier where it is used.
      for (const s of value.segments) segments.push({ ...s, start: only.start, end: only.end, exact: false });
      textual = true;
      complete &&= value.complete;
      if (operands.length === 1) constant = only.text;
    } else {
      const start = operand[0]!.start;
      const end = operand[operand.length - 1]!.end;
      segments.push({ placeholder: operand.map((t) => t.text).join(''), start, end, exact: false });
    }
  }
  if (!textual) return undefined;
  return { segments: merge(segments), complete, ...(constant ? { constant } : {}) };
}

/** Join adjacent text segments so topic rules see whole levels. */
function merge(segments: Segment[]): Segment[] {
  return segments.filter((s) => s.placeholder !== undefined || s.text !== '');
}

/** `NAME = "..."`, `const NAME: &str = "..."`, `#define NAME "..."`: string constants of one file. */
function collectConstants(tokens: Token[], ctx: Omit<Context, 'constants'>, outer?: ConstantLookup): Constants {
  const constants: Constants = new Map();
  // Inside one window, names defined earlier in it win; others come from the whole file.
  const visible: ConstantLookup = { get: (name) => (constants.has(name) ? constants.get(name) : outer?.get(name)) };
  const define = (name: string, value: { segments: Segment[]; complete: boolean } | undefined) => {
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
    if (ctx.family === 'c' && t.kind === 'ident' && t.text === 'define' && tokens[i - 1]!.text === '#' && tokens[i + 1]?.kind === 'ident' && tokens[i + 2]?.kind === 'string') {
      define(tokens[i + 1]!.text, evaluate([tokens[i + 2]!], { ...ctx, constants: visible }));
      continue;
    }
    // An assignment at statement level: not a keyword argument, not ==, !=, <=, >=, +=, =>.
    if (t.kind !== 'punct' || t.text !== '=' || parens > 0) continue;
    const before = tokens[i - 1]!;
    const after = tokens[i + 1]!;
    if (after.kind === 'punct' && (after.text === '=' || after.text === '>')) continue;
    if (before.kind === 'punct' && before.text !== ']' && !(before.text === ':' && ctx.family === 'go')) continue;
    const name = nameBefore(tokens, i, ctx.family);
    if (!name) continue;
    const value = valueFrom(i + 1);
    if (value.length === 0 || !value.some((v) => v.kind === 'string')) continue;
    define(name, evaluate(value, { ...ctx, constants: visible }));
  }
  return constants;
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
      if (tokens[j - 1]?.kind === 'ident' && tokens[j - 2]?.text !== ':' && tokens[j + 1]?.text !== ':') return tokens[j - 1]!.text;
      break;
    }
    if (t.kind !== 'ident' && !['&', '<', '>', '[', ']', '\''].includes(t.text)) break;
  }
  const name = tokens[i];
  if (name?.kind === 'ident' && tokens[i - 1]?.text !== '.') return name.text;
  return undefined;
}

function argumentFor(call: Call, index: number, kwarg: string | undefined): Argument | undefined {
  if (kwarg) {
    const named = call.args.find((a) => a.name === kwarg);
    if (named) return named;
  }
  return call.args.filter((a) => !a.name)[index];
}

/** A QoS written as a number or an enum constant (`QoS::AtLeastOnce`, `MqttQos.EXACTLY_ONCE`). */
export function qosOf(tokens: Token[]): QosLiteral | undefined {
  if (tokens.length === 1 && tokens[0]!.kind === 'number' && /^\d+$/.test(tokens[0]!.text)) {
    return { value: Number(tokens[0]!.text), start: tokens[0]!.start, end: tokens[0]!.end };
  }
  const last = tokens[tokens.length - 1];
  if (last?.kind !== 'ident') return undefined;
  const names: Record<string, number> = {
    AtMostOnce: 0, AtLeastOnce: 1, ExactlyOnce: 2, AT_MOST_ONCE: 0, AT_LEAST_ONCE: 1, EXACTLY_ONCE: 2,
  };
  const value = names[last.text];
  return value === undefined ? undefined : { value, start: tokens[0]!.start, end: last.end };
}

/** `{ qos: 1 }` in an options object. */
function qosInObject(arg: Argument | undefined): QosLiteral | undefined {
  if (!arg) return undefined;
  const t = arg.tokens;
  for (let i = 0; i + 2 < t.length; i++) {
    if (t[i]!.kind === 'ident' && t[i]!.text === 'qos' && t[i + 1]!.text === ':') {
      const value = t[i + 2]!;
      if (value.kind === 'number') return qosOf([value]);
    }
  }
  return undefined;
}

/** Chained builders decide the role of a generic `topic(...)`/`WithTopic(...)` from what came before in the statement. */
function chainRole(call: Call, pattern: CallPattern, tokens: Token[]): CallRole {
  if (pattern.name !== 'topic' && pattern.name !== 'WithTopic') return pattern.role;
  for (let i = call.open - 2; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && (t.text === ';' || t.text === '{' || t.text === '}')) break;
    if (t.kind !== 'ident') continue;
    if (/^(?:willPublish|WithWill)/.test(t.text)) return 'will';
    if (/unsubscribe/i.test(t.text)) return 'unsubscribe';
    if (/subscri|TopicFilter/i.test(t.text)) return 'subscribe';
  }
  return pattern.role;
}

function sitesFromArgument(arg: Argument, role: CallRole, via: string, library: string, ctx: Context, qos?: QosLiteral): TopicSite[] {
  const tokens = arg.tokens;
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  // A list of topics or of (topic, qos) pairs: ['a', 'b'], [("a", 0), ("b", 1)], new String[] {"a", "b"}.
  const openIndex = tokens.findIndex((t) => t.kind === 'punct' && (t.text === '[' || t.text === '{' || t.text === '('));
  if (first && last && openIndex >= 0 && openIndex <= 4 && (last.text === ']' || last.text === '}' || last.text === ')') && !tokens.slice(0, openIndex).some((t) => t.kind === 'string')) {
    const open = tokens[openIndex]!;
    const globalOpen = tokenIndexAt(ctx.tokens, open.start);
    const close = ctx.brackets.get(globalOpen);
    if (close !== undefined && ctx.tokens[close] === last) {
      const inner = splitArguments(ctx.tokens, globalOpen + 1, close, ctx.brackets);
      const isCallish = open.text === '(' && openIndex > 0; // a call, not a tuple
      if (!isCallish) {
        const sites: TopicSite[] = [];
        // (topic, qos) tuple
        if (open.text === '(' && inner.length === 2 && inner[0]!.tokens.length === 1 && inner[0]!.tokens[0]!.kind === 'string') {
          return sitesFromArgument(inner[0]!, role, via, library, ctx, qosOf(inner[1]!.tokens));
        }
        for (const item of inner) {
          // { 'a/b': { qos: 1 } } and Go map literals { "a/b": 1 }: the key is the topic.
          const colon = item.tokens.findIndex((t) => t.kind === 'punct' && t.text === ':');
          if (open.text === '{' && colon === 1 && item.tokens[0]!.kind === 'string') {
            const valueTokens = item.tokens.slice(2);
            const itemQos = qosOf(valueTokens) ?? qosInObject({ ...item, tokens: valueTokens });
            sites.push(...sitesFromArgument({ ...item, tokens: [item.tokens[0]!] }, role, via, library, ctx, itemQos));
          } else if (item.name && open.text === '{') {
            continue;
          } else {
            sites.push(...sitesFromArgument(item, role, via, library, ctx, qos));
          }
        }
        return sites;
      }
    }
  }
  const value = evaluate(tokens, ctx);
  if (!value) return [];
  const site: TopicSite = { role, segments: value.segments, start: arg.start, end: arg.end, via, library, complete: value.complete };
  if (value.constant) site.constant = value.constant;
  if (qos) site.qos = qos;
  return [site];
}

/** Struct/object fields that carry topics: JS `will: { topic }`, Go `paho.Publish{Topic: ...}`, C `.topicName = ...`. */
const FIELD_SITES: { family: LanguageFamily; container: RegExp; field: string; role: CallRole; qosField?: string; library: string }[] = [
  { family: 'js', container: /^will$/, field: 'topic', role: 'will', qosField: 'qos', library: 'mqtt.js' },
  { family: 'go', container: /^Publish$/, field: 'Topic', role: 'publish', qosField: 'QoS', library: 'paho.golang' },
  { family: 'go', container: /^(?:SubscribeOptions|SubscribeOption)$/, field: 'Topic', role: 'subscribe', qosField: 'QoS', library: 'paho.golang' },
  { family: 'go', container: /^WillMessage$/, field: 'Topic', role: 'will', qosField: 'QoS', library: 'paho.golang' },
];

function fieldSites(ctx: Context): TopicSite[] {
  const specs = FIELD_SITES.filter((f) => f.family === ctx.family);
  const sites: TopicSite[] = [];
  const { tokens, brackets } = ctx;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'ident') continue;
    const spec = specs.find((s) => s.container.test(t.text));
    if (!spec) continue;
    const open = tokens[i + 1]!.text === '{' ? i + 1 : tokens[i + 1]!.text === ':' && tokens[i + 2]?.text === '{' ? i + 2 : -1;
    if (open < 0) continue;
    const close = brackets.get(open);
    if (close === undefined) continue;
    const fields = splitArguments(tokens, open + 1, close, brackets);
    const topic = fields.find((f) => f.name === spec.field);
    if (!topic) continue;
    const qosField = spec.qosField ? fields.find((f) => f.name === spec.qosField) : undefined;
    sites.push(...sitesFromArgument(topic, spec.role, t.text, spec.library, ctx, qosField ? qosOf(qosField.tokens) : undefined));
  }
  return sites;
}

/**
 * Constants of the file, found on demand: for a name used as a topic, every `NAME = ...` in code (not
 * a keyword argument, not a member) is read, and the name resolves only when all agree.
 */
function lazyConstants(text: string, scan: SourceScan): ConstantLookup {
  const cache: Constants = new Map();
  const lookup: ConstantLookup = {
    get(name) {
      if (cache.has(name)) return cache.get(name);
      cache.set(name, null); // guards against NAME = NAME + "x" recursion
      const found: Constants = new Map();
      const escaped = name.replace(/[$]/g, '\\$');
      // Only places that look like a definition: `#define NAME`, `NAME =`, `NAME :=`, `NAME: type =`.
      const definition = new RegExp(`#[ \\t]*define[ \\t]+${escaped}\\b|\\b${escaped}(?=\\s*(?::=|=(?![=>])|:[^=\\n;(){}]{1,60}=(?![=>])|\\[\\s*\\]\\s*=(?!=)))`, 'g');
      for (const match of codeMatches(text, scan, definition)) {
        const at = match.index!;
        let before = at - 1;
        while (before >= 0 && /\s/.test(text[before]!)) before--;
        if (text[before] === '(' || text[before] === ',' || text[before] === '.') continue;
        const window = lineFrom(text, scan, at);
        const defined = collectConstants(window.tokens, { family: scan.family, tokens: window.tokens, brackets: window.brackets }, lookup);
        const value = defined.get(name);
        if (value === undefined) continue;
        const previous = found.get(name);
        if (previous === undefined) found.set(name, value);
        else if (previous === null || value === null || topicDisplay(previous) !== topicDisplay(value)) found.set(name, null);
      }
      const result = found.get(name);
      cache.set(name, result ?? null);
      return result ?? null;
    },
  };
  return lookup;
}

/** All topic sites of a source file, or none when the language is not one we read. */
export function findTopics(text: string, languageId: string, extraPatterns: readonly CallPattern[] = []): FoundTopics | undefined {
  const family = familyOf(languageId);
  if (!family) return undefined;
  const scan = scanSource(text, family);
  const constants = lazyConstants(text, scan);
  const imports = IMPORT_EVIDENCE[family].test(text);
  const patterns = [...CALL_PATTERNS, ...extraPatterns].filter((pt) => pt.families.includes(family) && (imports || !pt.needsImport));
  const byName = new Map<string, CallPattern[]>();
  for (const pattern of patterns) byName.set(pattern.name, [...(byName.get(pattern.name) ?? []), pattern]);
  const sites: TopicSite[] = [];
  for (const { call, tokens, brackets } of callsNamed(text, scan, new Set(byName.keys()))) {
    const ctx: Context = { family, tokens, brackets, constants };
    const candidates = byName.get(call.name);
    if (!candidates) continue;
    const pattern = candidates.find((c) => !c.receiver || c.receiver === call.receiver);
    if (!pattern) continue;
    const arg = argumentFor(call, pattern.arg, pattern.kwarg);
    if (!arg) continue;
    let qos: QosLiteral | undefined;
    if (pattern.qosInOptions !== undefined) qos = qosInObject(call.args[pattern.qosInOptions]);
    else if (pattern.qosArg !== undefined || pattern.qosKwarg) {
      const q = argumentFor(call, pattern.qosArg ?? -1, pattern.qosKwarg);
      if (q) qos = qosOf(q.tokens);
    }
    const role = chainRole(call, pattern, tokens);
    // Unsubscribe in Go may take several topics as separate arguments.
    const args = pattern.role === 'unsubscribe' && family === 'go' ? call.args : [arg];
    for (const a of args) sites.push(...sitesFromArgument(a, role, call.name, pattern.library, ctx, qos));
  }
  if (imports) {
    const specs = FIELD_SITES.filter((f) => f.family === family);
    if (specs.length) {
      const containers = new RegExp(`\\b(?:${specs.map((f) => f.container.source.replace(/^\^|\$$/g, '')).join('|')})\\s*:?\\s*\\{`, 'g');
      for (const match of codeMatches(text, scan, containers)) {
        const window = windowFrom(text, scan, match.index!);
        sites.push(...fieldSites({ family, ...window, constants }));
      }
    }
  }
  sites.sort((a, b) => a.start - b.start);
  return { family, sites, lexed: scan.literals };
}
