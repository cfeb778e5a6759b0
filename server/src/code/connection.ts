/**
 * Connection options written as literals in code, where they hide MQTT's traps: a fixed client id used
 * twice (the two clients kick each other off), a persistent session with a random id (sessions pile up
 * on the broker), TLS verification off, passwords over plain TCP, keepalive 0 or very long, no
 * automatic reconnect. JavaScript/TypeScript (mqtt.js) and Python (paho-mqtt, aiomqtt).
 */
import { type Argument, type Call, splitArguments, tokenIndexAt } from './calls';
import { familyOf } from '../../../common/src/languages';
import type { CodeFinding } from './codes';
import { type LanguageFamily, stringValue, type Token } from './lexer';
import { callsNamed, codeMatches, scanSource, type SourceScan } from './windows';
import { IMPORT_EVIDENCE } from './patterns';
import { earlierLiveSite } from './clientLifetimes';
import { clip } from '../text';
import { type LineIndex, lineIndex } from './lineIndex';
import type { Budget } from '../budget';

export type ConnectionCode =
  | 'duplicate-client-id'
  | 'persistent-session-without-client-id'
  | 'tls-verification-off'
  | 'plaintext-credentials-in-code'
  | 'keepalive-zero'
  | 'keepalive-too-long'
  | 'no-reconnect';

export type ConnectionFinding = CodeFinding<ConnectionCode>;

/** A literal client id and where it is written, for workspace-wide duplicate checks. */
export interface ClientIdSite {
  id: string;
  start: number;
  end: number;
}

export interface ConnectionAnalysis {
  findings: ConnectionFinding[];
  clientIds: ClientIdSite[];
}

/**
 * The calls the connection checks read, per language: other calls are not even split into arguments (and
 * each name costs a look at every offset of the file: a regular expression cannot skip ahead over an
 * alternation of names with different first letters).
 */
const JS_CONNECTION_CALLS: ReadonlySet<string> = new Set(['connect', 'connectAsync', 'MqttClient']);
const PYTHON_CONNECTION_CALLS: ReadonlySet<string> = new Set([
  'connect',
  'Client',
  'connect_async',
  'tls_set',
  'tls_set_context',
  'username_pw_set',
  'tls_insecure_set',
]);

/** Keepalives above this many seconds detect a dead client late. */
export const LONG_KEEPALIVE = 600;

const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0)$/i;

/** The host of an MQTT URL, and whether its scheme is unencrypted. */
function parseUrl(url: string): { host: string; plain: boolean; credentials: boolean } | undefined {
  const m = /^(mqtts?|wss?|tcp|ssl|tls):\/\/(?:([^@/]*)@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  return {
    host: m[3]!,
    plain: scheme === 'mqtt' || scheme === 'ws' || scheme === 'tcp',
    credentials: m[2] !== undefined && m[2].includes(':'),
  };
}

/** Properties of an object literal argument: name → value tokens. */
function objectProperties(
  arg: Argument | undefined,
  tokens: Token[],
  brackets: Map<number, number>,
): Map<string, Token[]> {
  const props = new Map<string, Token[]>();
  const open = arg?.tokens[0];
  if (!open || open.text !== '{') return props;
  const at = tokenIndexAt(tokens, open.start);
  const close = brackets.get(at);
  if (close === undefined) return props;
  for (const item of splitArguments(tokens, at + 1, close, brackets)) {
    if (item.name) {
      props.set(item.name, item.tokens);
      continue;
    }
    const [key, colon] = item.tokens;
    if (colon?.text === ':' && (key?.kind === 'ident' || key?.kind === 'string')) {
      props.set(key.kind === 'string' ? stringValue(key) : key.text, item.tokens.slice(2));
    } else if (key?.kind === 'ident' && item.tokens.length === 1) {
      props.set(key.text, item.tokens); // shorthand { username }
    }
  }
  return props;
}

const literalString = (tokens: Token[] | undefined) =>
  tokens?.length === 1 && tokens[0]!.kind === 'string' && !tokens[0]!.parts?.some((p) => 'placeholder' in p)
    ? stringValue(tokens[0]!)
    : undefined;
const literalNumber = (tokens: Token[] | undefined) =>
  tokens?.length === 1 && tokens[0]!.kind === 'number' ? Number(tokens[0]!.text) : undefined;
const literalBool = (tokens: Token[] | undefined) =>
  tokens?.length === 1 && tokens[0]!.kind === 'ident' && /^(?:true|false|True|False)$/.test(tokens[0]!.text)
    ? /^t/i.test(tokens[0]!.text)
    : undefined;
/** Whether a client id argument is fixed: a non-empty literal, or an expression that does not look random. */
function fixedId(tokens: Token[] | undefined): boolean {
  if (!tokens?.length) return false;
  const literal = literalString(tokens);
  if (literal !== undefined) return literal !== '';
  if (tokens.length === 1 && tokens[0]!.kind === 'ident' && /^(?:None|null|undefined)$/.test(tokens[0]!.text))
    return false;
  return !tokens.some((t) =>
    t.kind === 'string'
      ? t.parts?.some((p) => 'placeholder' in p && RANDOM_ID.test(p.placeholder))
      : t.kind === 'ident' && RANDOM_ID.test(t.text),
  );
}
const span = (tokens: Token[]) => ({ start: tokens[0]!.start, end: tokens[tokens.length - 1]!.end });

function keepaliveFindings(tokens: Token[] | undefined, out: ConnectionFinding[]): void {
  const value = literalNumber(tokens);
  if (value === undefined || !tokens) return;
  if (value === 0) {
    out.push({
      code: 'keepalive-zero',
      ...span(tokens),
      message: 'Keepalive 0: a dead connection is never noticed and the will never fires. Use about 60 s',
      detail:
        'Keepalive 0 turns keepalive off: neither side notices a dead connection (a pulled cable, a NAT timeout), so the client stops receiving silently and its will message never fires. 60 s is a sane default.',
    });
  } else if (value > LONG_KEEPALIVE) {
    out.push({
      code: 'keepalive-too-long',
      ...span(tokens),
      message: `Keepalive ${value} s: a dead client is noticed only after ${Math.round(value * 1.5)} s. Use about 60 s`,
      detail: `A keepalive of ${value} s means a dead client is noticed only after ${Math.round(value * 1.5)} s (1.5 × keepalive), and its will message fires that late. 60 s is a sane default.`,
    });
  }
}

function analyseJs(calls: Call[], tokens: Token[], brackets: Map<number, number>, out: ConnectionAnalysis): void {
  for (const call of calls) {
    const [first, second] = call.args;
    const url = literalString(first?.tokens);
    const options = objectProperties(
      url !== undefined ? second : first?.tokens[0]?.text === '{' ? first : second,
      tokens,
      brackets,
    );
    const clientId = options.get('clientId');
    const id = literalString(clientId);
    if (id && clientId) out.clientIds.push({ id, ...span(clientId) });
    const clean = options.get('clean');
    if (clean && literalBool(clean) === false && !fixedId(clientId)) {
      out.findings.push({
        code: 'persistent-session-without-client-id',
        ...span(clean),
        message: '`clean: false` without a fixed `clientId`: each start leaves a session behind. Set one',
        detail:
          '`clean: false` keeps the session on the broker, but without a fixed `clientId` mqtt.js makes a random one on every start: the old sessions, with their queued messages, pile up on the broker and the new client never sees them. Set a stable `clientId`.',
      });
    }
    const reject = options.get('rejectUnauthorized');
    if (reject && literalBool(reject) === false) {
      out.findings.push({
        code: 'tls-verification-off',
        ...span(reject),
        message: "`rejectUnauthorized: false` accepts any certificate: trust the broker's CA with `ca` instead",
        detail:
          "`rejectUnauthorized: false` accepts any certificate: anyone between the client and the broker can read and change the traffic, passwords included. Trust the broker's CA with `ca` instead.",
      });
    }
    keepaliveFindings(options.get('keepalive'), out.findings);
    const reconnect = options.get('reconnectPeriod');
    if (reconnect && literalNumber(reconnect) === 0) {
      out.findings.push({
        code: 'no-reconnect',
        ...span(reconnect),
        message: '`reconnectPeriod: 0`: after the first network blip the client stays offline',
        detail:
          '`reconnectPeriod: 0` turns automatic reconnection off: after the first network blip the client stays offline. Handle reconnection yourself or keep the default (1000 ms).',
      });
    }
    const parsed = url !== undefined ? parseUrl(url) : undefined;
    const hasPassword = options.has('password') || parsed?.credentials === true;
    if (parsed && parsed.plain && !LOCAL_HOST.test(parsed.host) && hasPassword) {
      out.findings.push({
        code: 'plaintext-credentials-in-code',
        ...span(first!.tokens),
        message: `The password goes to ${clip(parsed.host, 30)} unencrypted: use \`mqtts://\` or \`wss://\``,
        detail: `The password goes to ${clip(parsed.host)} over unencrypted MQTT: anyone on the path can read it. Use \`mqtts://\` (port 8883) or \`wss://\`.`,
      });
    }
  }
}

function kwarg(call: Call, name: string): Token[] | undefined {
  return call.args.find((a) => a.name === name)?.tokens;
}

/** A client id written as an expression we cannot evaluate counts as fixed, unless it is visibly random. */
const RANDOM_ID = /random|uuid|urandom|token_hex|getrandbits|time|Date|nanoid|randint|choice/i;

/**
 * The client id and clean-session arguments of a Python `Client(...)`. paho 1.x is
 * `Client(client_id, clean_session, ...)`, paho 2.x `Client(callback_api_version, client_id, clean_session, ...)`,
 * gmqtt `Client(client_id, clean_session, ...)`; aiomqtt's `Client(hostname, port, *, identifier=...)` takes
 * the host first, so positions are read only for paho and gmqtt.
 */
function pythonClientArguments(
  call: Call,
  text: string,
): { id: Token[] | undefined; clean: Token[] | undefined; host: Token[] | undefined } {
  const positional = call.args.filter((a) => !a.name);
  const aiomqtt =
    call.receiver === 'aiomqtt' ||
    call.receiver === 'asyncio_mqtt' ||
    (call.receiver !== 'mqtt' && call.receiver !== 'gmqtt' && !/\b(?:paho\.mqtt|gmqtt)\b/.test(text));
  if (aiomqtt)
    return {
      id: kwarg(call, 'identifier') ?? kwarg(call, 'client_id'),
      clean: kwarg(call, 'clean_start') ?? kwarg(call, 'clean_session'),
      host: kwarg(call, 'hostname') ?? (positional[0]?.tokens[0]?.kind === 'string' ? positional[0].tokens : undefined),
    };
  const versioned =
    positional[0]?.tokens.some((t) => t.kind === 'ident' && /^(?:CallbackAPIVersion|VERSION[12])$/.test(t.text)) ===
    true;
  const at = versioned ? 1 : 0;
  return {
    id: kwarg(call, 'client_id') ?? kwarg(call, 'identifier') ?? positional[at]?.tokens,
    clean: kwarg(call, 'clean_session') ?? kwarg(call, 'clean_start') ?? positional[at + 1]?.tokens,
    host: kwarg(call, 'hostname'),
  };
}

function analysePython(calls: Call[], out: ConnectionAnalysis, text: string): void {
  let tlsConfigured = false;
  let credentials = false;
  const targets: { host: Token[] | undefined; port: Token[] | undefined }[] = [];
  for (const call of calls) {
    const positional = call.args.filter((a) => !a.name);
    if (
      call.name === 'tls_set' ||
      call.name === 'tls_set_context' ||
      kwarg(call, 'tls_params') ||
      kwarg(call, 'tls_context')
    )
      tlsConfigured = true;
    if (call.name === 'username_pw_set' || (call.name === 'Client' && kwarg(call, 'password'))) credentials = true;
    if (call.name === 'tls_insecure_set' && literalBool(call.args[0]?.tokens) === true) {
      out.findings.push({
        code: 'tls-verification-off',
        start: call.args[0]!.start,
        end: call.args[0]!.end,
        message: '`tls_insecure_set(True)` skips the host name check: anyone in the path can pose as the broker',
        detail:
          "`tls_insecure_set(True)` skips the check that the certificate belongs to the broker's host name: anyone in the path can impersonate the broker and read passwords.",
      });
    }
    if (call.name === 'connect' || call.name === 'connect_async') {
      keepaliveFindings(kwarg(call, 'keepalive') ?? positional[2]?.tokens, out.findings);
      targets.push({
        host: kwarg(call, 'host') ?? positional[0]?.tokens,
        port: kwarg(call, 'port') ?? positional[1]?.tokens,
      });
    }
    if (call.name !== 'Client') continue;
    const { id: idTokens, clean, host } = pythonClientArguments(call, text);
    const id = literalString(idTokens);
    if (id && idTokens) out.clientIds.push({ id, ...span(idTokens) });
    if (clean && literalBool(clean) === false && !fixedId(idTokens)) {
      out.findings.push({
        code: 'persistent-session-without-client-id',
        ...span(clean),
        message: '`clean_session=False` without a fixed `client_id`: each start leaves a session behind. Set one',
        detail:
          '`clean_session=False` keeps the session on the broker, but without a fixed `client_id` every start gets a random id: old sessions and their queued messages pile up on the broker. Set a stable `client_id`.',
      });
    }
    keepaliveFindings(kwarg(call, 'keepalive'), out.findings);
    if (host) targets.push({ host, port: kwarg(call, 'port') ?? positional[1]?.tokens });
  }
  if (!credentials || tlsConfigured) return;
  for (const { host: hostTokens, port: portTokens } of targets) {
    const host = literalString(hostTokens);
    if (!host || !hostTokens || LOCAL_HOST.test(host)) continue;
    const port = literalNumber(portTokens);
    if (port !== undefined && port !== 1883) continue;
    out.findings.push({
      code: 'plaintext-credentials-in-code',
      ...span(hostTokens),
      message: `Username and password go to ${clip(host, 30)} unencrypted: call \`tls_set()\`, use port 8883`,
      detail: `The username and password go to ${clip(host)} without TLS (no \`tls_set()\`): anyone on the path can read them. Call \`tls_set()\` and connect to port 8883.`,
    });
  }
}

/**
 * Go, C/C++, Java, C# and Rust clients are configured through setters and builders: the rules are a
 * table of (call, argument, what a literal there means).
 */
interface Setter {
  families: readonly LanguageFamily[];
  name: string;
  receiver?: string;
  arg: number;
  /** `client-id`: a literal here is a client id; otherwise the literal value that is a finding. */
  kind: 'client-id' | 'clean-false' | 'tls-off' | 'keepalive' | 'no-reconnect';
}

const SETTERS: readonly Setter[] = [
  { families: ['go'], name: 'SetClientID', arg: 0, kind: 'client-id' },
  { families: ['go'], name: 'SetCleanSession', arg: 0, kind: 'clean-false' },
  { families: ['go'], name: 'SetKeepAlive', arg: 0, kind: 'keepalive' },
  { families: ['go'], name: 'SetAutoReconnect', arg: 0, kind: 'no-reconnect' },
  { families: ['java'], name: 'MqttClient', arg: 1, kind: 'client-id' },
  { families: ['java'], name: 'MqttAsyncClient', arg: 1, kind: 'client-id' },
  { families: ['java'], name: 'MqttAndroidClient', arg: 2, kind: 'client-id' },
  { families: ['java'], name: 'identifier', arg: 0, kind: 'client-id' },
  { families: ['java'], name: 'setCleanSession', arg: 0, kind: 'clean-false' },
  { families: ['java'], name: 'setKeepAliveInterval', arg: 0, kind: 'keepalive' },
  { families: ['java'], name: 'setAutomaticReconnect', arg: 0, kind: 'no-reconnect' },
  { families: ['java'], name: 'setHttpsHostnameVerificationEnabled', arg: 0, kind: 'tls-off' },
  { families: ['csharp'], name: 'WithClientId', arg: 0, kind: 'client-id' },
  { families: ['csharp'], name: 'WithCleanSession', arg: 0, kind: 'clean-false' },
  { families: ['csharp'], name: 'WithCleanStart', arg: 0, kind: 'clean-false' },
  { families: ['csharp'], name: 'WithKeepAlivePeriod', arg: 0, kind: 'keepalive' },
  { families: ['csharp'], name: 'WithAllowUntrustedCertificates', arg: 0, kind: 'tls-off' },
  { families: ['csharp'], name: 'WithIgnoreCertificateChainErrors', arg: 0, kind: 'tls-off' },
  { families: ['csharp'], name: 'WithIgnoreCertificateRevocationErrors', arg: 0, kind: 'tls-off' },
  { families: ['rust'], name: 'new', receiver: 'MqttOptions', arg: 0, kind: 'client-id' },
  { families: ['rust'], name: 'set_clean_session', arg: 0, kind: 'clean-false' },
  { families: ['rust'], name: 'set_keep_alive', arg: 0, kind: 'keepalive' },
  { families: ['c'], name: 'setKeepAlive', arg: 0, kind: 'keepalive' },
];

const SETTER_NAMES: ReadonlySet<string> = new Set(SETTERS.map((x) => x.name));

/** Seconds in a duration literal: `0`, `60`, `time.Second * 0`, `TimeSpan.Zero`, `TimeSpan.FromSeconds(0)`, `Duration::from_secs(5)`. */
function durationSeconds(tokens: Token[]): number | undefined {
  const idents = tokens.filter((t) => t.kind === 'ident').map((t) => t.text);
  const numbers = tokens.filter((t) => t.kind === 'number').map((t) => Number(t.text));
  if (idents.includes('Zero')) return 0;
  if (numbers.length !== 1 || Number.isNaN(numbers[0])) return undefined;
  const n = numbers[0]!;
  if (idents.some((i) => /^(?:Millisecond|FromMilliseconds|from_millis)$/.test(i))) return n / 1000;
  if (idents.some((i) => /^(?:Minute|FromMinutes)$/.test(i))) return n * 60;
  if (tokens.length === 1 || idents.some((i) => /^(?:Second|FromSeconds|from_secs)$/.test(i))) return n;
  return undefined;
}

/** Struct fields and properties that switch certificate checks off: `InsecureSkipVerify: true`, `AllowUntrustedCertificates = true`. */
const TLS_OFF_FIELDS = new Set([
  'InsecureSkipVerify',
  'AllowUntrustedCertificates',
  'IgnoreCertificateChainErrors',
  'IgnoreCertificateRevocationErrors',
]);

function analyseSetters(
  family: LanguageFamily,
  text: string,
  scan: SourceScan,
  calls: Call[],
  out: ConnectionAnalysis,
): void {
  for (const match of codeMatches(
    text,
    scan,
    new RegExp(`\\b(${[...TLS_OFF_FIELDS].join('|')})\\s*[:=]\\s*true\\b`, 'g'),
  )) {
    const start = match.index!;
    out.findings.push({
      code: 'tls-verification-off',
      start,
      end: start + match[0].length,
      message: `\`${match[1]}\` accepts any certificate: trust the broker's CA instead`,
      detail: `\`${match[1]}\` set to true accepts any certificate: anyone between the client and the broker can impersonate the broker and read passwords. Trust the broker's CA instead.`,
    });
  }
  let idGiven = false;
  // Java clients get their id when they are made; made elsewhere (a factory, another class), it is unknown here.
  let clientSeen = family !== 'java';
  const cleanFalse: Argument[] = [];
  for (const call of calls) {
    const setter = SETTERS.find(
      (x) => x.name === call.name && x.families.includes(family) && (!x.receiver || x.receiver === call.receiver),
    );
    if (setter?.kind === 'client-id') clientSeen = true;
    const arg = setter ? call.args.filter((a) => !a.name)[setter.arg] : undefined;
    if (!setter || !arg) continue;
    switch (setter.kind) {
      case 'client-id': {
        const id = literalString(arg.tokens);
        if (id !== undefined && id !== '') {
          idGiven = true;
          out.clientIds.push({ id, ...span(arg.tokens) });
        } else if (arg.tokens.length) {
          idGiven = true; // computed ids count as fixed: we cannot tell
        }
        break;
      }
      case 'clean-false':
        if (literalBool(arg.tokens) === false) cleanFalse.push(arg);
        break;
      case 'tls-off': {
        const value = literalBool(arg.tokens);
        const bad = call.name === 'setHttpsHostnameVerificationEnabled' ? value === false : value === true;
        if (bad)
          out.findings.push({
            code: 'tls-verification-off',
            ...span(arg.tokens),
            message: `\`${clip(`${call.name}(${arg.tokens.map((t) => t.text).join('')})`, 50)}\` switches off TLS certificate checks`,
            detail: `\`${clip(`${call.name}(${arg.tokens.map((t) => t.text).join('')})`)}\` switches off part of TLS certificate verification: anyone between the client and the broker can impersonate the broker and read passwords.`,
          });
        break;
      }
      case 'keepalive': {
        const seconds = durationSeconds(arg.tokens);
        if (seconds !== undefined)
          keepaliveFindings([{ kind: 'number', text: String(seconds), start: arg.start, end: arg.end }], out.findings);
        break;
      }
      case 'no-reconnect':
        if (literalBool(arg.tokens) === false)
          out.findings.push({
            code: 'no-reconnect',
            ...span(arg.tokens),
            message: `\`${call.name}(false)\`: after the first network blip the client stays offline`,
            detail: `\`${call.name}(false)\` turns automatic reconnection off: after the first network blip the client stays offline unless your code reconnects.`,
          });
        break;
    }
  }
  if (!idGiven && clientSeen) {
    for (const arg of cleanFalse) {
      out.findings.push({
        code: 'persistent-session-without-client-id',
        ...span(arg.tokens),
        message: 'Persistent session without a fixed client id: each start leaves a session behind. Set one',
        detail:
          'A persistent session (clean session false) without a fixed client id: each start gets a new random id, so old sessions and their queued messages pile up on the broker and the new client never sees them. Set a stable client id.',
      });
    }
  }
}

/** A condition that names an opt-in to insecure TLS (`if args.insecure:`, `if (opts.skipVerify) {`). */
const OPT_IN =
  /\bif\b[^\n]*?(?:insecure|no_?verify|skip_?verify|skip_?tls|self_?signed|allow_?unauthori[sz]ed|unsafe|dev(?:elopment)?_?mode)/i;

/** Whether the code at `offset` sits under such a condition: on its line or one of the three above. */
function behindOptIn(text: string, offset: number): boolean {
  let start = offset;
  for (let lines = 0; lines < 4 && start > 0; lines++) start = text.lastIndexOf('\n', start - 1);
  const end = text.indexOf('\n', offset);
  return OPT_IN.test(text.slice(Math.max(0, start), end === -1 ? text.length : end));
}

/** Connection findings and literal client ids of one source file; partial when `budget` runs out. */
export function analyseConnections(text: string, languageId: string, budget?: Budget): ConnectionAnalysis {
  const out: ConnectionAnalysis = { findings: [], clientIds: [] };
  const family = familyOf(languageId);
  if (!family || !IMPORT_EVIDENCE[family].test(text)) return out;
  const scan = scanSource(text, family);
  if (family === 'js')
    for (const w of callsNamed(text, scan, JS_CONNECTION_CALLS, budget)) analyseJs([w.call], w.tokens, w.brackets, out);
  else if (family === 'python')
    analysePython(
      Array.from(callsNamed(text, scan, PYTHON_CONNECTION_CALLS, budget), (w) => w.call),
      out,
      text,
    );
  else
    analyseSetters(
      family,
      text,
      scan,
      Array.from(callsNamed(text, scan, SETTER_NAMES, budget), (w) => w.call),
      out,
    );
  // Verification switched off only when the user asks for it (`if args.insecure:`) is a feature, not a mistake.
  out.findings = out.findings.filter((f) => f.code !== 'tls-verification-off' || !behindOptIn(text, f.start));
  // The same literal id for two clients that can be connected at once: they disconnect each other.
  out.clientIds.sort((a, b) => a.start - b.start);
  const ids = new Set<string>();
  if (out.clientIds.some((site) => ids.size === ids.add(site.id).size)) {
    let lines: LineIndex | undefined;
    const live = earlierLiveSite(text, scan, out.clientIds);
    out.clientIds.forEach((site, i) => {
      const first = out.clientIds[live[i]!];
      if (!first) return;
      const line = (lines ??= lineIndex(text)).positionAt(first.start).line + 1;
      out.findings.push({
        code: 'duplicate-client-id',
        start: site.start,
        end: site.end,
        message: `Client id "${clip(site.id, 30)}" is also used on line ${line} while that client may be connected: give each its own`,
        detail: `The client id "${clip(site.id)}" is also used on line ${line}: both clients are made in the same function (or both at file level) and nothing ends the first before the second, so while both are connected the broker disconnects the older one whenever the other connects, and with automatic reconnect they take turns forever. Give each client its own id (reusing an id after ending the first client, to resume its session, is fine).`,
      });
    });
  }
  return out;
}
