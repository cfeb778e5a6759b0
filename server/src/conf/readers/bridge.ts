/** Readers for bridge options with their own syntax, and the checks a bridge gets once its file is read. */
import { checkTopic } from '../../../../common/src/topics';
import { nextToken, type OptionLine, type Token, tokensFrom } from '../lexer';
import type { Bridge, Entry } from '../model';
import { atoi, isWholeInteger } from '../values';
import { missing, type ReadContext } from './context';
import { clip } from '../../text';

const BRIDGE_CERT_OPTIONS = new Set(['bridge_cafile', 'bridge_capath', 'bridge_certfile', 'bridge_keyfile']);
const BRIDGE_PSK_OPTIONS = new Set(['bridge_identity', 'bridge_psk']);

/** `connection <name>`: opens a new bridge that later bridge options apply to. */
export function openBridge(ctx: ReadContext, line: OptionLine, entry: Entry, value: Token): void {
  const name = value.text;
  const existing = ctx.model.bridges.find((b) => b.name === name);
  if (existing) {
    ctx.reportToken(
      'duplicate-option',
      line,
      value,
      `A bridge named \`${clip(name)}\` already exists; mosquitto stops with "Duplicate bridge name".`,
    );
  }
  const bridge: Bridge = { entry, name, options: new Map(), topics: [] };
  entry.bridge = bridge;
  ctx.bridge = bridge;
  ctx.model.bridges.push(bridge);
}

/** `address`/`addresses <host[:port]> ...`: every host on one line, and only one such line per bridge. */
export function readAddress(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const bridge = entry.bridge;
  const tokens = tokensFrom(line.text, line.restStart);
  const hosts: Token[] = [];
  for (const token of tokens) {
    if (token.text.startsWith('#')) break;
    hosts.push(token);
  }
  if (!bridge) return;
  if (bridge.address) {
    ctx.reportToken(
      'duplicate-option',
      line,
      entry.nameToken,
      `A second address line for bridge \`${clip(bridge.name, 30)}\`: mosquitto stops. List every host on one line`,
      {
        detail: `Bridge \`${clip(bridge.name)}\` already has an address line (line ${bridge.address.line + 1}); list every host on one line. mosquitto stops with "Invalid bridge configuration".`,
      },
    );
    return;
  }
  const first = hosts[0];
  const last = hosts[hosts.length - 1];
  if (!first || !last) return missing(ctx, line, entry, 'address');
  entry.value = { text: hosts.map((h) => h.text).join(' '), start: first.start, end: last.end };
  bridge.address = entry;
  for (const host of hosts) {
    const colon = host.text.lastIndexOf(':');
    if (colon < 0) continue;
    const portText = host.text.slice(colon + 1);
    const port = atoi(portText);
    if (port < 1 || port > 65535) {
      ctx.report(
        'value-out-of-range',
        line.line,
        host.start + colon + 1,
        host.end,
        `Port \`${clip(portText, 20)}\` is not 1–65535: mosquitto stops`,
        {
          detail: `Port \`${clip(portText)}\` is not 1–65535 (an IPv6 address needs a port after it); mosquitto stops with "Invalid port value".`,
        },
      );
      return;
    }
  }
}

/** `topic <pattern> [in|out|both [<qos> [<local prefix> [<remote prefix>]]]]`. */
export function readTopic(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const bridge = entry.bridge;
  const tokens = tokensFrom(line.text, line.restStart);
  const pattern = tokens[0];
  if (!pattern) return missing(ctx, line, entry);
  entry.value = pattern;
  if (!bridge) return;
  bridge.topics.push(entry);
  for (const problem of checkTopic(pattern.text === '""' ? '' : pattern.text, 'filter')) {
    if (pattern.text === '""') break;
    ctx.report(
      'bridge-topic-problem',
      line.line,
      pattern.start + problem.start,
      pattern.start + Math.max(problem.end, problem.start + 1),
      problem.message,
      problem.invalid
        ? { detail: `${problem.message} mosquitto accepts the line, but the bridge subscription fails at run time.` }
        : {},
    );
  }
  const direction = tokens[1];
  if (!direction) return;
  if (!['in', 'out', 'both'].includes(direction.text.toLowerCase())) {
    const comment = direction.text.startsWith('#')
      ? ' A `#` here is not a comment: mosquitto reads it as the direction.'
      : '';
    ctx.reportToken(
      'invalid-enum-value',
      line,
      direction,
      'Bridge topic direction must be `in`, `out` or `both`: mosquitto stops',
      {
        detail: `Bridge topic direction must be \`in\`, \`out\` or \`both\`; mosquitto stops with "Invalid bridge topic direction".${comment}`,
      },
    );
    return;
  }
  const qos = tokens[2];
  if (!qos || qos.text.startsWith('#')) return;
  const qosValue = atoi(qos.text);
  if (qosValue < 0 || qosValue > 2) {
    ctx.reportToken(
      'value-out-of-range',
      line,
      qos,
      `Bridge topic QoS must be 0, 1 or 2; mosquitto stops with "Invalid bridge QoS level".`,
    );
    return;
  }
  if (!isWholeInteger(qos.text))
    ctx.reportToken(
      'non-numeric-integer',
      line,
      qos,
      `mosquitto reads the QoS \`${clip(qos.text)}\` with atoi() as ${qosValue}.`,
    );
  const local = tokens[3];
  const remote = tokens[4];
  for (const [prefix, which] of [
    [local, 'local'],
    [remote, 'remote'],
  ] as const) {
    if (prefix && !prefix.text.startsWith('#') && /[+#]/.test(prefix.text)) {
      ctx.reportToken(
        'invalid-value',
        line,
        prefix,
        `A bridge ${which} prefix cannot contain wildcards: mosquitto stops`,
        {
          detail: `A bridge ${which} prefix cannot contain wildcards; mosquitto stops with "Invalid bridge topic ${which} prefix".`,
        },
      );
      return;
    }
  }
  const isEmpty = (t?: Token) => !t || t.text === '""';
  if (pattern.text === '""' && isEmpty(local) && isEmpty(remote)) {
    ctx.reportToken(
      'invalid-value',
      line,
      pattern,
      'An empty bridge topic needs a local or remote prefix: mosquitto stops',
      {
        detail:
          'An empty bridge topic (`""`) needs a local or remote prefix to remap to; mosquitto stops with "Invalid bridge remapping".',
      },
    );
  }
}

/** `restart_timeout <base> [<cap>]`: the reconnect back-off of a bridge. */
export function readRestartTimeout(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const base = nextToken(line.text, line.restStart);
  if (!base) return missing(ctx, line, entry);
  entry.value = base;
  const cap = nextToken(line.text, base.end);
  const baseValue = atoi(base.text);
  if (cap && !cap.text.startsWith('#')) {
    const capValue = atoi(cap.text);
    if (capValue < baseValue) {
      ctx.reportToken(
        'invalid-value',
        line,
        cap,
        `The cap (${capValue}) is lower than the base (${baseValue}): mosquitto stops`,
        {
          detail: `The cap (${capValue}) is lower than the base (${baseValue}); mosquitto stops with "backoff cap is lower than the base in restart_timeout".`,
        },
      );
      return;
    }
  }
  if (baseValue < 1) ctx.reportToken('value-adjusted', line, base, `mosquitto replaces ${baseValue} with 1 second.`);
  ctx.store(line, entry);
}

/** Certificate and PSK options are exclusive within one bridge; mosquitto stops at the second kind. */
export function bridgeTlsConflict(ctx: ReadContext, line: OptionLine, entry: Entry): boolean {
  const bridge = entry.bridge;
  if (!bridge) return false;
  const name = entry.spec.name;
  const clash = BRIDGE_CERT_OPTIONS.has(name)
    ? [...bridge.options.keys()].find((k) => BRIDGE_PSK_OPTIONS.has(k))
    : BRIDGE_PSK_OPTIONS.has(name)
      ? [...bridge.options.keys()].find((k) => BRIDGE_CERT_OPTIONS.has(k))
      : undefined;
  if (!clash) return false;
  ctx.reportToken(
    'invalid-value',
    line,
    entry.nameToken,
    'Certificate and PSK encryption in one bridge: mosquitto stops. Keep one',
    {
      detail: `Bridge \`${clip(bridge.name)}\` already uses \`${clash}\`; certificate and PSK encryption cannot be combined in one bridge, and mosquitto stops.`,
    },
  );
  return true;
}

/** After each file: bridge checks mosquitto makes once the whole configuration is read. */
export function checkBridgesOfFile(ctx: ReadContext, file: string): void {
  for (const bridge of ctx.model.bridges) {
    if (bridge.entry.file !== file) continue;
    const at = bridge.entry.value ?? bridge.entry.nameToken;
    const absent: string[] = [];
    if (!bridge.address) absent.push('no `address`');
    if (bridge.topics.length === 0) absent.push('no `topic`');
    if (absent.length) {
      ctx.report(
        'bridge-incomplete',
        bridge.entry.line,
        at.start,
        at.end,
        `Bridge \`${clip(bridge.name, 30)}\` has ${absent.join(' and ')}: mosquitto stops`,
        {
          detail: `Bridge \`${clip(bridge.name)}\` has ${absent.join(' and ')}; mosquitto refuses the configuration ("Invalid bridge configuration: ${bridge.address ? 'no topics defined' : 'no remote addresses defined'}").`,
        },
      );
    }
    const identity = bridge.options.get('bridge_identity');
    const psk = bridge.options.get('bridge_psk');
    if (identity && !psk)
      ctx.report(
        'bridge-incomplete',
        identity.line,
        identity.nameToken.start,
        identity.nameToken.end,
        '`bridge_identity` needs `bridge_psk` in the same bridge; mosquitto refuses the configuration.',
      );
    if (psk && !identity)
      ctx.report(
        'bridge-incomplete',
        psk.line,
        psk.nameToken.start,
        psk.nameToken.end,
        '`bridge_psk` needs `bridge_identity` in the same bridge; mosquitto refuses the configuration.',
      );
  }
}
