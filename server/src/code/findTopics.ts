/**
 * Finds the MQTT topics a source file publishes to and subscribes with: the topic arguments of known
 * library calls (patterns.ts), lists and (topic, QoS) pairs among them, and topic fields of option
 * structs. What each argument evaluates to is topicExpression.ts's business.
 */
import { splitArguments, tokenIndexAt, type Argument, type Call } from './calls';
import { familyOf } from '../../../common/src/languages';
import type { Comment, LanguageFamily, Token } from './lexer';
import type { Budget } from '../budget';
import { callsNamed, codeMatches, codeOffsets, scanSource, type SourceScan, windowsFrom } from './windows';
import { CALL_PATTERNS, type CallPattern, type CallRole, IMPORT_EVIDENCE } from './patterns';
import { evaluate, type ConstantLookup, type ExpressionContext, lazyConstants } from './topicExpression';
import { CallMemo, editBetween } from './callMemo';
import { FoundSite, ownedSite, QosLiteral, type TopicSite } from './topicSite';

// The topic's pieces are part of what findTopics returns, so its users import them from here.
export { type Segment, topicDisplay } from './topicExpression';

export { QosLiteral, type TopicSite } from './topicSite';

export interface FoundTopics {
  family: LanguageFamily;
  sites: TopicSite[];
  /** The comments that may hold an `mqtt-lint` directive. */
  directives: Comment[];
  /** What each call read and gave, for the next analysis of this document (undefined where nothing is reused). */
  calls?: CallMemo;
}

interface Context extends ExpressionContext {
  tokens: Token[];
  brackets: Map<number, number>;
}

function argumentFor(call: Call, index: number, kwarg: string | undefined): Argument | undefined {
  if (kwarg) {
    const named = call.args.find((a) => a.name === kwarg);
    if (named) return named;
  }
  let positional = 0;
  for (const a of call.args) if (!a.name && positional++ === index) return a;
  return undefined;
}

const DIGITS = /^\d+$/;

/** A QoS written as a number or an enum constant (`QoS::AtLeastOnce`, `MqttQos.EXACTLY_ONCE`). */
export function qosOf(tokens: Token[]): QosLiteral | undefined {
  if (tokens.length === 1 && tokens[0]!.kind === 'number' && DIGITS.test(tokens[0]!.text)) {
    return new QosLiteral(Number(tokens[0]!.text), tokens[0]!.start, tokens[0]!.end);
  }
  const last = tokens[tokens.length - 1];
  if (last?.kind !== 'ident') return undefined;
  const names: Record<string, number> = {
    AtMostOnce: 0,
    AtLeastOnce: 1,
    ExactlyOnce: 2,
    AT_MOST_ONCE: 0,
    AT_LEAST_ONCE: 1,
    EXACTLY_ONCE: 2,
  };
  const value = names[last.text];
  return value === undefined ? undefined : new QosLiteral(value, tokens[0]!.start, last.end);
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

/** Generic builder calls whose role comes from what came before them in the statement. */
const CHAINED = new Set(['topic', 'WithTopic']);

/** Chained builders decide the role of a generic `topic(...)`/`WithTopic(...)` from what came before in the statement. */
function chainRole(call: Call, pattern: CallPattern, tokens: Token[]): CallRole {
  if (!CHAINED.has(pattern.name)) return pattern.role;
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

const TOPIC_ALIAS = /^topic_?alias$/i;
/** Whether an identifier names the Topic Alias property (its length checked first: most names are not 10 or 11 long). */
const isTopicAlias = (t: Token) =>
  t.kind === 'ident' && (t.text.length === 10 || t.text.length === 11) && TOPIC_ALIAS.test(t.text);

/**
 * Whether a publish sets the MQTT 5 Topic Alias property: in its own arguments (mqtt.js
 * `{ properties: { topicAlias: 1 } }`), or through an options or properties variable (paho's
 * `properties=props` with `props.TopicAlias = 1`) in a file that sets a topic alias somewhere.
 */
function withTopicAlias(call: Call, topic: Argument, fileSetsAlias: () => boolean): boolean {
  let passesVariable = false;
  for (const a of call.args) {
    if (a === topic) continue;
    for (const t of a.tokens) if (isTopicAlias(t)) return true;
    if (a.name === 'properties' || (a.tokens.length === 1 && a.tokens[0]!.kind === 'ident')) passesVariable = true;
  }
  return passesVariable && fileSetsAlias();
}

/** Lists nested deeper than this are not topic lists: a crafted argument cannot exhaust the stack. */
const MAX_LIST_DEPTH = 16;

/** The topic sites of an argument (a topic, or a list of topics), pushed onto `out`. */
function sitesFromArgument(
  arg: Argument,
  role: CallRole,
  via: string,
  library: string,
  ctx: Context,
  out: TopicSite[],
  qos?: QosLiteral,
  depth = 0,
): void {
  if (depth > MAX_LIST_DEPTH) return;
  const tokens = arg.tokens;
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  // A list of topics or of (topic, qos) pairs: ['a', 'b'], [("a", 0), ("b", 1)], new String[] {"a", "b"}.
  let openIndex = -1;
  for (let i = 0; i < tokens.length && i <= 4; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && (t.text === '[' || t.text === '{' || t.text === '(')) {
      openIndex = i;
      break;
    }
    if (t.kind === 'string') break; // a literal before the bracket: not a list
  }
  if (first && last && openIndex >= 0 && (last.text === ']' || last.text === '}' || last.text === ')')) {
    const open = tokens[openIndex]!;
    const globalOpen = tokenIndexAt(ctx.tokens, open.start);
    const close = ctx.brackets.get(globalOpen);
    if (close !== undefined && ctx.tokens[close] === last) {
      const inner = splitArguments(ctx.tokens, globalOpen + 1, close, ctx.brackets);
      const isCallish = open.text === '(' && openIndex > 0; // a call, not a tuple
      if (!isCallish) {
        // (topic, qos) tuple
        if (
          open.text === '(' &&
          inner.length === 2 &&
          inner[0]!.tokens.length === 1 &&
          inner[0]!.tokens[0]!.kind === 'string'
        ) {
          sitesFromArgument(inner[0]!, role, via, library, ctx, out, qosOf(inner[1]!.tokens), depth + 1);
          return;
        }
        for (const item of inner) {
          // { 'a/b': { qos: 1 } } and Go map literals { "a/b": 1 }: the key is the topic.
          const colon = item.tokens.findIndex((t) => t.kind === 'punct' && t.text === ':');
          if (open.text === '{' && colon === 1 && item.tokens[0]!.kind === 'string') {
            const valueTokens = item.tokens.slice(2);
            const itemQos = qosOf(valueTokens) ?? qosInObject({ ...item, tokens: valueTokens });
            const key = { ...item, tokens: [item.tokens[0]!] };
            sitesFromArgument(key, role, via, library, ctx, out, itemQos, depth + 1);
          } else if (!(item.name && open.text === '{')) {
            sitesFromArgument(item, role, via, library, ctx, out, qos, depth + 1);
          }
        }
        return;
      }
    }
  }
  const value = evaluate(tokens, ctx);
  if (!value) return;
  const site = new FoundSite(role, value.segments, arg.start, arg.end, via, library, value.complete);
  if (value.constant) site.constant = value.constant;
  if (qos) site.qos = qos;
  out.push(site);
}

/** Struct/object fields that carry topics: JS `will: { topic }`, Go `paho.Publish{Topic: ...}`, C `.topicName = ...`. */
const FIELD_SITES: {
  family: LanguageFamily;
  container: RegExp;
  field: string;
  role: CallRole;
  qosField?: string;
  library: string;
}[] = [
  { family: 'js', container: /^will$/, field: 'topic', role: 'will', qosField: 'qos', library: 'mqtt.js' },
  { family: 'go', container: /^Publish$/, field: 'Topic', role: 'publish', qosField: 'QoS', library: 'paho.golang' },
  {
    family: 'go',
    container: /^(?:SubscribeOptions|SubscribeOption)$/,
    field: 'Topic',
    role: 'subscribe',
    qosField: 'QoS',
    library: 'paho.golang',
  },
  { family: 'go', container: /^WillMessage$/, field: 'Topic', role: 'will', qosField: 'QoS', library: 'paho.golang' },
];

/** The topic field of the struct literal a window starts with (a nested one has its own window), pushed onto `out`. */
function fieldSites(ctx: Context, out: TopicSite[]): void {
  const { tokens, brackets } = ctx;
  const t = tokens[0];
  if (t?.kind !== 'ident' || tokens.length < 2) return;
  const spec = FIELD_SITES.find((f) => f.family === ctx.family && f.container.test(t.text));
  if (!spec) return;
  const open = tokens[1]!.text === '{' ? 1 : tokens[1]!.text === ':' && tokens[2]?.text === '{' ? 2 : -1;
  if (open < 0) return;
  const close = brackets.get(open);
  if (close === undefined) return;
  const fields = splitArguments(tokens, open + 1, close, brackets);
  const topic = fields.find((f) => f.name === spec.field);
  if (!topic) return;
  const qosField = spec.qosField ? fields.find((f) => f.name === spec.qosField) : undefined;
  const from = out.length;
  sitesFromArgument(topic, spec.role, t.text, spec.library, ctx, out, qosField ? qosOf(qosField.tokens) : undefined);
  if (spec.role === 'publish' && tokens.some(isTopicAlias))
    for (let i = from; i < out.length; i++) out[i]!.topicAlias = true;
}

/**
 * paho.mqtt.cpp topic objects, `mqtt::topic top(cli, "data/time", QOS)`: their names (calls on them carry no
 * topic argument: `top.publish(payload)`), and the name argument as a site for each way the file uses them.
 */
function cppTopicObjects(
  text: string,
  scan: SourceScan,
  constants: ExpressionContext['constants'],
  budget: Budget | undefined,
): { names: Set<string>; sites: TopicSite[] } {
  const names = new Set<string>();
  const sites: TopicSite[] = [];
  // The name follows the match (a lookahead), so each window starts at it: `top ( cli , "data/time" , QOS )`.
  const declarations = [...codeMatches(text, scan, /\bmqtt\s*::\s*topic\s+(?=([A-Za-z_]\w*)\s*[({])/g)];
  for (const m of declarations) names.add(m[1]!);
  const windows = windowsFrom(
    text,
    scan,
    declarations.map((m) => m.index! + m[0].length),
    budget,
  );
  windows.forEach((window, k) => {
    const name = declarations[k]![1]!;
    const ctx: Context = { family: 'c', ...window, constants };
    const close = window.brackets.get(1);
    if (close === undefined) return;
    const args = splitArguments(window.tokens, 2, close, window.brackets);
    const topic = args[1];
    if (!topic) return;
    const qos = args[2] ? qosOf(args[2].tokens) : undefined;
    for (const role of ['publish', 'subscribe'] as const) {
      if (!new RegExp(`\\b${name}\\s*(?:\\.|->)\\s*${role}\\s*\\(`).test(text)) continue;
      sitesFromArgument(topic, role, 'mqtt::topic', 'paho.mqtt.cpp', ctx, sites, qos);
    }
  });
  return { names, sites };
}

/**
 * All topic sites of a source file, or none when the language is not one we read; partial when `budget`
 * runs out. For an open `document`, what each call read and gave is kept (`calls`), and the calls an edit
 * did not touch since the `previous` analysis are not read again: their sites are taken over (the same
 * answer, see callMemo.ts).
 */
export function findTopics(
  text: string,
  languageId: string,
  extraPatterns: readonly CallPattern[] = [],
  budget?: Budget,
  document?: { previous?: FoundTopics },
): FoundTopics | undefined {
  const family = familyOf(languageId);
  if (!family) return undefined;
  const scan = scanSource(text, family);
  const constants = lazyConstants(text, scan, budget);
  const imports = IMPORT_EVIDENCE[family].test(text);
  const evidence = new Map<RegExp, boolean>();
  const uses = (re: RegExp) => evidence.get(re) ?? evidence.set(re, re.test(text)).get(re)!;
  const patterns = [...CALL_PATTERNS, ...extraPatterns].filter(
    (pt) => pt.families.includes(family) && (imports || !pt.needsImport) && (!pt.evidence || uses(pt.evidence)),
  );
  const topicObjects = imports && family === 'c' ? cppTopicObjects(text, scan, constants, budget) : undefined;
  const byName = new Map<string, CallPattern[]>();
  for (const pattern of patterns) byName.set(pattern.name, [...(byName.get(pattern.name) ?? []), pattern]);
  const sites: TopicSite[] = [];
  let setsAlias: boolean | undefined;
  const fileSetsAlias = () => (setsAlias ??= /\btopic_?alias\b/i.test(text));
  // `mqtt::topic` objects change what calls mean file-wide: such files are read whole.
  const calls = document && !topicObjects?.names.size ? new CallMemo(text, patterns) : undefined;
  const previous = document?.previous;
  const earlier = calls && previous?.family === family ? previous.calls : undefined;
  const reusable = earlier && samePatterns(earlier.patterns, patterns) ? earlier : undefined;
  const edit = reusable && editBetween(reusable.text, text);
  const now = { constants, alias: fileSetsAlias };
  const reused =
    reusable && edit ? (at: number, from: number) => reusable.reuse(edit, at, from, now, calls!, sites) : undefined;
  // Sites kept for later analyses must not keep this text alive (topicSite.ts says why).
  const own = calls !== undefined;
  // What the call being read looks up besides its text goes into the memo with it.
  const recorded: ConstantLookup = {
    get(name) {
      const value = constants.get(name);
      calls?.constant(name, value);
      return value;
    },
  };
  const aliasRecorded = () => {
    const answer = fileSetsAlias();
    calls?.askedAlias(answer);
    return answer;
  };
  const names = new Set(byName.keys());
  for (const { call, tokens, brackets, at, from, read } of callsNamed(text, scan, names, budget, CHAINED, reused)) {
    if (budget?.expired()) break;
    const first = sites.length;
    topicSitesOf(call, tokens, brackets);
    calls?.add(at, from, read, sites, first);
  }

  /** The sites of one call, pushed onto `sites`. */
  function topicSitesOf(call: Call, tokens: Token[], brackets: Map<number, number>): void {
    const ctx: Context = { family: family!, tokens, brackets, constants: recorded };
    const candidates = byName.get(call.name);
    if (!candidates) return;
    const pattern = candidates.find((c) => !c.receiver || c.receiver === call.receiver);
    if (!pattern) return;
    // `top.publish(payload)` on an `mqtt::topic`: the topic is the object's, read at its declaration.
    if (call.receiver && topicObjects?.names.has(call.receiver)) return;
    const arg = argumentFor(call, pattern.arg, pattern.kwarg);
    if (!arg) return;
    let qos: QosLiteral | undefined;
    if (pattern.qosInOptions !== undefined) qos = qosInObject(call.args[pattern.qosInOptions]);
    else if (pattern.qosArg !== undefined || pattern.qosKwarg) {
      const q = argumentFor(call, pattern.qosArg ?? -1, pattern.qosKwarg);
      if (q) qos = qosOf(q.tokens);
    }
    const role = chainRole(call, pattern, tokens);
    // Unsubscribe in Go may take several topics as separate arguments.
    const args = pattern.role === 'unsubscribe' && family === 'go' ? call.args : [arg];
    const alias = role === 'publish' && withTopicAlias(call, arg, aliasRecorded);
    const first = sites.length;
    for (const a of args) sitesFromArgument(a, role, pattern.name, pattern.library, ctx, sites, qos);
    for (let i = first; i < sites.length; i++) {
      if (alias) sites[i]!.topicAlias = true;
      if (own) sites[i] = ownedSite(sites[i]!);
    }
  }

  if (imports) {
    const specs = FIELD_SITES.filter((f) => f.family === family);
    if (specs.length) {
      const containers = new RegExp(
        `\\b(?:${specs.map((f) => f.container.source.replace(/^\^|\$$/g, '')).join('|')})\\s*:?\\s*\\{`,
        'g',
      );
      const starts = codeOffsets(text, scan, containers);
      for (const window of windowsFrom(text, scan, starts, budget)) fieldSites({ family, ...window, constants }, sites);
    }
  }
  if (topicObjects) for (const site of topicObjects.sites) sites.push(site);
  sites.sort((a, b) => a.start - b.start);
  return { family, sites, directives: scan.directives, ...(calls ? { calls } : {}) };
}

/** Whether two analyses looked for the same calls (the same table entries, in the same order). */
function samePatterns(a: readonly CallPattern[], b: readonly CallPattern[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}
