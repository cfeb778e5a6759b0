/**
 * The parse pass: reads a mosquitto.conf the way mosquitto 2.0's config__read_file_core does, moving
 * the same listener/bridge/plugin cursors, and records what mosquitto would reject (Errors) and what
 * it silently misreads (Warnings). Included files (include_dir) are read in the main file's context.
 * The trap rules run afterwards on the resulting model (rules/).
 */
import { isAbsolute, join } from 'node:path';
import type { AnalysisSettings, DocumentContext } from '../types';
import { CONF_CODES, type ConfCode } from './codes';
import { lexConfig, nextToken, restTrimmed, type ConfLine, type Token, tokensFrom } from './lexer';
import {
  type Bridge,
  canonicalName,
  type ConfModel,
  type Entry,
  type Finding,
  type Fix,
  type Listener,
  newSecurityScope,
  type SecurityScope,
} from './model';
import type { OptionSpec } from './optionTypes';
import { resolveConfPath } from './references';
import { findOption, OPTIONS, REMOVED_OPTIONS } from './options';
import { isAvailable } from './optionVersions';
import { checkTopic } from '../mqtt/topic';
import { atoi, BOOL_VALUES, closest, isWholeInteger, parseBool, utf8Problem } from './values';

export interface Analysis {
  model: ConfModel;
  findings: Finding[];
}

/** Options that mosquitto 2.1 wants after an explicit listener (reference §5); 2.0 applies them to the default listener. */
const NEEDS_LISTENER_IN_2_1 = new Set([
  'cafile', 'tls_version', 'http_dir', 'mount_point', 'max_topic_alias', 'max_topic_alias_broker', 'websockets_origin',
  'listener_allow_anonymous', 'listener_auto_id_prefix', 'disable_client_cert_date_checks', 'enable_proxy_protocol',
  'proxy_protocol_v2_require_tls', 'accept_protocol_versions', 'plugin_use',
]);

const BRIDGE_CERT_OPTIONS = new Set(['bridge_cafile', 'bridge_capath', 'bridge_certfile', 'bridge_keyfile']);
const BRIDGE_PSK_OPTIONS = new Set(['bridge_identity', 'bridge_psk']);

/** Parse `text` (the document) and, with a file system, the files its include_dir lines name. */
export function analyzeConfig(text: string, settings: AnalysisSettings, ctx: DocumentContext = {}): Analysis {
  return new Parser(settings, ctx).run(text);
}

function newListener(isDefault: boolean, port: number): Listener {
  return { isDefault, port, unixSocket: false, options: new Map(), security: newSecurityScope() };
}

/** Names offered as "did you mean" for unknown options under a version. */
function knownNames(settings: AnalysisSettings): string[] {
  return OPTIONS.filter((o) => !o.name.endsWith('*') && isAvailable(o, settings.mosquittoVersion)).map((o) => o.name);
}

class Parser {
  private readonly findings: Finding[] = [];
  private readonly model: ConfModel = {
    entries: [],
    listeners: [],
    defaultListener: newListener(true, 1883),
    bridges: [],
    globals: new Map(),
    security: newSecurityScope(),
    perListenerSettings: false,
    localOnly: true,
    includedFiles: [],
    files: new Map(),
  };
  /** Whether a security option has been seen (for the per_listener_settings ordering rule). */
  private seenSecurityOption = false;
  private logDestFile?: Entry;
  private readonly names: string[];

  // Cursors, reset for every file as mosquitto does.
  private file = '';
  private listener: Listener;
  private bridge?: Bridge;
  private plugin?: Entry;
  private kpassSeen?: Entry;

  constructor(
    private readonly settings: AnalysisSettings,
    private readonly ctx: DocumentContext,
  ) {
    this.listener = this.model.defaultListener;
    this.names = knownNames(settings);
  }

  run(text: string): Analysis {
    this.readFile('', text);
    this.model.localOnly = !this.model.entries.some((e) => ['listener', 'port', 'bind_address'].includes(e.spec.name));
    return { model: this.model, findings: this.findings };
  }

  private readFile(file: string, text: string): void {
    this.file = file;
    this.listener = this.model.defaultListener;
    this.bridge = undefined;
    this.plugin = undefined;
    this.kpassSeen = undefined;
    const lines = lexConfig(text);
    const info: { lineCount: number; firstOption?: Entry } = { lineCount: lines.length };
    this.model.files.set(file, info);
    for (const line of lines) {
      if (line.kind !== 'option' || !line.name) continue;
      const entry = this.readLine(line);
      if (entry && !info.firstOption) info.firstOption = entry;
    }
    this.checkBridgesOfFile(file);
  }

  private report(code: ConfCode, line: number, start: number, end: number, message: string, extra: Partial<Finding> = {}): void {
    this.findings.push({ code, file: this.file, line, start, end, message, ...extra });
  }

  private reportToken(code: ConfCode, line: ConfLine, token: Token, message: string, extra: Partial<Finding> = {}): void {
    this.report(code, line.line, token.start, token.end, message, extra);
  }

  /** Read one option line; returns its entry when the option is known. */
  private readLine(line: ConfLine): Entry | undefined {
    const nameToken = line.name!;
    const name = nameToken.text;
    const spec = findOption(name);
    if (!spec) {
      this.unknownOption(line, nameToken);
      return undefined;
    }
    if (!isAvailable(spec, this.settings.mosquittoVersion)) {
      this.reportToken('unsupported-in-version', line, nameToken, spec.since === '2.1'
        ? `\`${name}\` is new in mosquitto 2.1; mosquitto 2.0 rejects it as an unknown option. If your broker is 2.1, set \`mqttWorkbench.mosquitto.version\` to "2.1".`
        : `\`${name}\` exists only from mosquitto 2.0.21; 2.0.0–2.0.20 (Debian 12 ships 2.0.11) reject it as an unknown option.`);
      return undefined;
    }
    const entry: Entry = { spec, name, file: this.file, line: line.line, nameToken, text: line.text };
    this.model.entries.push(entry);
    this.deprecation(line, entry);
    this.applyScope(line, entry);
    this.readValue(line, entry);
    return entry;
  }

  private unknownOption(line: ConfLine, nameToken: Token): void {
    const name = nameToken.text;
    if (line.line === 0 && this.file === '' && name.startsWith('\uFEFF')) {
      this.report('byte-order-mark', 0, 0, 1, 'The file starts with a UTF-8 byte order mark; mosquitto reads it as part of the first option name and stops. Save the file as UTF-8 without BOM.', {
        fixes: [{ title: 'Remove the byte order mark', edits: [{ line: 0, start: 0, end: 1, newText: '' }], preferred: true }],
      });
      return;
    }
    if (name.startsWith('#')) {
      this.reportToken('indented-comment', line, { text: name, start: nameToken.start, end: line.text.length },
        'Only a `#` in the first column starts a comment; mosquitto reads an indented `#` as an unknown option and stops.', {
          fixes: [{ title: 'Move the comment to column 1', edits: [{ line: line.line, start: 0, end: nameToken.start, newText: '' }], preferred: true }],
        });
      return;
    }
    const tab = name.indexOf('\t');
    if (tab >= 0) {
      const parts = name.split('\t').filter((p) => p !== '');
      const intended = parts[0];
      const known = intended !== undefined && findOption(intended) !== undefined;
      this.reportToken('tab-separator', line, nameToken,
        known
          ? `A TAB separates \`${intended}\` from its value; mosquitto separates on spaces only, reads \`${name.replace(/\t/g, '\\t')}\` as one unknown option and stops.`
          : 'This line contains a TAB where mosquitto expects spaces; it reads the TAB as part of the option name and stops.',
        { fixes: [{ title: 'Replace TABs with spaces', edits: [tabFix(line)], preferred: true }] });
      return;
    }
    const removed = REMOVED_OPTIONS[name];
    if (removed !== undefined) {
      this.reportToken('removed-option', line, nameToken, `\`${name}\` was removed in mosquitto 2.0, which rejects it as an unknown option. ${removed}`, {
        fixes: [{ title: `Remove \`${name}\``, edits: [{ line: line.line, start: 0, end: line.text.length, newText: '' }] }],
      });
      return;
    }
    const suggestion = suggestName(name, this.names, this.settings.mosquittoVersion);
    this.reportToken('unknown-option', line, nameToken,
      `Unknown option \`${name}\`: mosquitto stops with "Unknown configuration variable".${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      suggestion ? { fixes: [{ title: `Change to \`${suggestion}\``, edits: [{ line: line.line, start: nameToken.start, end: nameToken.end, newText: suggestion }], preferred: true }] } : {});
  }

  private deprecation(line: ConfLine, entry: Entry): void {
    const dep = entry.spec.deprecated;
    if (!dep) return;
    if (dep.since === '2.1' && this.settings.mosquittoVersion !== '2.1') return;
    const fixes: Fix[] = [];
    let replacementName: string | undefined;
    if (entry.spec.aliasOf) replacementName = entry.spec.aliasOf;
    else if (entry.spec.name === 'auth_opt_*') replacementName = 'plugin_opt_' + entry.name.slice('auth_opt_'.length);
    if (replacementName) {
      fixes.push({
        title: `Change to \`${replacementName}\``,
        edits: [{ line: line.line, start: entry.nameToken.start, end: entry.nameToken.end, newText: replacementName }],
        preferred: true,
      });
    }
    const replacement = dep.replacement ?? replacementName;
    const message = `\`${entry.name}\` is deprecated${replacement ? `; use \`${replacement}\`` : ''}. ${dep.note}`;
    this.reportToken('deprecated-option', line, entry.nameToken, message.trim(), { deprecated: true, ...(fixes.length ? { fixes } : {}) });
  }

  /** Attach the entry to its listener/bridge/plugin and check it is allowed here. */
  private applyScope(line: ConfLine, entry: Entry): void {
    const spec = entry.spec;
    if (spec.security) this.seenSecurityOption = true;
    // `listener` opens its own scope (readListener); it is not an option of the listener before it.
    if (spec.name === 'listener') return;
    switch (spec.scope) {
      case 'listener':
        entry.listener = this.listener;
        if (this.listener.isDefault) {
          if (spec.name === 'mount_point') {
            this.reportToken('option-outside-scope', line, entry.nameToken,
              '`mount_point` needs a `listener` line before it (in the same file); mosquitto stops with "You must use create a listener before using the mount_point option".');
          } else if (this.settings.mosquittoVersion === '2.1' && NEEDS_LISTENER_IN_2_1.has(spec.name)) {
            this.reportToken('option-outside-scope', line, entry.nameToken, `mosquitto 2.1 requires a \`listener\` before \`${spec.name}\`.`);
          } else {
            this.listener.firstUse ??= entry;
            this.reportToken('implicit-default-listener', line, entry.nameToken,
              `\`${spec.name}\` comes before any \`listener\` line${this.file ? ' of this included file' : ''}, so it configures mosquitto's implicit default listener: port 1883 on all interfaces. Mosquitto 2.0.0–2.0.11 (Debian 12) then open 0.0.0.0:1883 and [::]:1883${this.model.entries.some((e) => e.spec.name === 'listener') ? '' : ' with anonymous access forced on'}; 2.0.12+ stay in local-only mode unless a listener exists. Put it after the \`listener\` it belongs to.`);
          }
        }
        break;
      case 'default-listener':
        entry.listener = this.model.defaultListener;
        this.model.defaultListener.firstUse ??= entry;
        break;
      case 'bridge':
        if (!this.bridge && spec.name !== 'connection') {
          this.reportToken('option-outside-scope', line, entry.nameToken,
            `\`${entry.name}\` is a bridge option but no \`connection\` comes before it${this.file ? ' in this file' : ''}; mosquitto stops with "Invalid bridge configuration".`);
        }
        entry.bridge = this.bridge;
        break;
      case 'plugin':
        if (!this.plugin) {
          this.reportToken('option-outside-scope', line, entry.nameToken,
            `\`${entry.name}\` belongs to a plugin but no \`plugin\` line comes before it${this.file ? ' in this file' : ''}; mosquitto stops.`);
        }
        break;
      case 'security':
        if (this.model.perListenerSettings) entry.listener = this.listener;
        break;
      case 'main':
        if (this.file !== '') {
          this.reportToken('ignored-option', line, entry.nameToken, '`include_dir` is only read in the main config file; mosquitto silently ignores it in an included file.');
        }
        break;
      default:
        break;
    }
  }

  /** Where duplicates of this option are counted: the scope's option map. */
  private scopeMap(entry: Entry): Map<string, Entry> | undefined {
    switch (entry.spec.scope) {
      case 'listener':
      case 'default-listener':
        return entry.listener?.options;
      case 'bridge':
        return entry.bridge?.options;
      case 'plugin':
        return undefined;
      case 'security':
        return entry.listener ? entry.listener.options : this.model.globals;
      default:
        return this.model.globals;
    }
  }

  /** Record the entry in its scope, reporting duplicates per the option's repeat rule. */
  private store(line: ConfLine, entry: Entry): void {
    const map = this.scopeMap(entry);
    if (!map) return;
    const key = canonicalName(entry);
    const previous = map.get(key);
    if (previous && entry.spec.repeat === 'duplicate-error') {
      this.reportToken('duplicate-option', line, entry.nameToken,
        `\`${entry.name}\` is already set ${previous.file === this.file ? `on line ${previous.line + 1}` : `in ${previous.file || 'the main config'}`}${scopeWords(entry)}; mosquitto stops with "Duplicate ${entry.spec.label ?? entry.spec.name} value in configuration".`,
        { related: { file: previous.file, line: previous.line, start: previous.nameToken.start, end: previous.nameToken.end, message: 'First set here' } });
      return;
    }
    if (previous && entry.spec.repeat === 'last-wins' && previous.file === entry.file && entry.spec.name !== 'port') {
      this.reportToken('repeated-option', line, entry.nameToken, `\`${entry.name}\` is also set on line ${previous.line + 1}${scopeWords(entry)}; this later value wins.`, {
        related: { file: previous.file, line: previous.line, start: previous.nameToken.start, end: previous.nameToken.end, message: 'Overridden here' },
      });
    }
    if (entry.spec.repeat !== 'accumulate') map.set(key, entry);
  }

  private readValue(line: ConfLine, entry: Entry): void {
    const spec = entry.spec;
    switch (spec.kind) {
      case 'bool':
        return this.readBool(line, entry);
      case 'int':
        return this.readInt(line, entry);
      case 'enum':
        return this.readEnum(line, entry);
      case 'string':
      case 'file':
      case 'directory':
        return this.readString(line, entry);
      case 'special':
        return this.readSpecial(line, entry);
    }
  }

  private missing(line: ConfLine, entry: Entry, label = entry.spec.label ?? entry.spec.name): void {
    const end = line.text.length;
    if (entry.spec.emptyIsNotFatal) {
      this.report('empty-value-ignored', line.line, entry.nameToken.start, end, `\`${entry.name}\` has no value; mosquitto logs "Empty ${label} value" and ignores the line.`);
    } else {
      this.report('missing-value', line.line, entry.nameToken.start, end, `\`${entry.name}\` needs a value (${entry.spec.argument}); mosquitto stops with "Empty ${label} value in configuration".`);
    }
  }

  /** Warn about words after a single-token value that mosquitto never reads (a `# comment` is fine). */
  private extraTokens(line: ConfLine, after: Token, entry: Entry): void {
    const extra = nextToken(line.text, after.end);
    if (!extra || extra.text.startsWith('#')) return;
    this.report('ignored-extra-tokens', line.line, extra.start, line.text.length,
      `mosquitto reads only \`${after.text}\` for \`${entry.name}\` and ignores the rest of the line.`);
  }

  private readBool(line: ConfLine, entry: Entry): void {
    const token = nextToken(line.text, line.restStart!);
    if (!token) return this.missing(line, entry);
    entry.value = token;
    const value = parseBool(token.text);
    if (value === undefined) {
      const hasTab = token.text.includes('\t');
      const guess = boolGuess(token.text);
      this.reportToken('invalid-bool', line, token,
        hasTab
          ? `A TAB follows the value: mosquitto reads \`${token.text.replace(/\t/g, '\\t')}\` and stops with "Invalid ${entry.spec.name} value". Separate with spaces only.`
          : `\`${token.text}\` is not a boolean for mosquitto: only \`true\`, \`false\`, \`1\` and \`0\` (case-sensitive). It stops with "Invalid ${entry.spec.name} value".`,
        guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ line: line.line, start: token.start, end: token.end, newText: guess }], preferred: true }] } : {});
      return;
    }
    this.store(line, entry);
    this.extraTokens(line, token, entry);
    this.afterBool(line, entry, value);
  }

  private afterBool(line: ConfLine, entry: Entry, value: boolean): void {
    const name = canonicalName(entry);
    if (name === 'per_listener_settings') {
      if (value && this.seenSecurityOption) {
        this.reportToken('per-listener-settings-order', line, entry.nameToken,
          '`per_listener_settings true` must come before every security option (allow_anonymous, password_file, acl_file, plugin, ...); mosquitto stops with "per_listener_settings must be set before any other security settings".');
      }
      this.model.perListenerSettings = value;
    }
    if (name === 'allow_anonymous') this.securityScope(entry).allowAnonymous = entry;
    if (name === 'bridge_insecure' && value && entry.bridge) {
      this.reportToken('insecure-bridge', line, entry.value!, `Bridge \`${entry.bridge.name}\` does not verify the remote broker's certificate host name: anyone in the path can impersonate it. Use it only for testing.`);
    }
  }

  private securityScope(entry: Entry): SecurityScope {
    return entry.listener && this.model.perListenerSettings ? entry.listener.security : this.model.security;
  }

  private readInt(line: ConfLine, entry: Entry): void {
    const token = nextToken(line.text, line.restStart!);
    if (!token) return this.missing(line, entry);
    entry.value = token;
    const spec = entry.spec;
    const value = atoi(token.text);
    const whole = isWholeInteger(token.text);
    if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
      const read = whole ? '' : ` (mosquitto reads \`${token.text}\` as ${value})`;
      this.reportToken('value-out-of-range', line, token,
        `\`${spec.name}\` must be ${rangeWords(spec)}${read}; mosquitto stops with "${(spec.rangeMessage ?? `Invalid ${spec.name} value`).replace(/^Error: /, '').replace(/\.$/, '')}".`);
      return;
    }
    if (!whole) {
      this.reportToken('non-numeric-integer', line, token,
        `mosquitto reads \`${token.text}\` with atoi() as ${value}${intMeaning(spec.name, value)}; it reports nothing.`);
    }
    if (spec.clamp && value < spec.clamp.below) {
      this.reportToken('value-adjusted', line, token,
        `mosquitto replaces ${value} with ${spec.clamp.to}${intMeaning(spec.name, spec.clamp.to)}${spec.clamp.notice ? ` and logs "${spec.clamp.notice}"` : ''}.`);
    }
    if (spec.name === 'port' && this.model.defaultListener.options.has('port')) {
      this.reportToken('repeated-option', line, entry.nameToken, 'The default listener port is set more than once; mosquitto warns and uses the last one.');
    }
    if (spec.name === 'port') {
      this.model.defaultListener.port = value;
    }
    this.store(line, entry);
    this.extraTokens(line, token, entry);
  }

  private readEnum(line: ConfLine, entry: Entry): void {
    const spec = entry.spec;
    if (spec.raw) {
      const rest = line.text.slice(line.restStart!);
      if (rest === '' || nextToken(rest, 0) === undefined) return this.missing(line, entry);
      const start = line.restStart!;
      entry.value = { text: rest, start, end: line.text.length };
      if (!spec.values!.includes(rest)) {
        const trimmed = rest.trim();
        const why = spec.values!.includes(trimmed)
          ? `mosquitto takes the raw rest of the line for \`${spec.name}\`, so the extra spaces make \`${JSON.stringify(rest)}\` invalid`
          : `\`${rest}\` is not one of ${spec.values!.map((v) => `\`${v}\``).join(', ')}`;
        this.report('invalid-enum-value', line.line, start, line.text.length, `${why}; mosquitto stops with "Invalid ${spec.name} value".`,
          spec.values!.includes(trimmed) ? { fixes: [{ title: `Change to \`${trimmed}\``, edits: [{ line: line.line, start, end: line.text.length, newText: trimmed }], preferred: true }] } : {});
        return;
      }
      this.store(line, entry);
      return;
    }
    const token = nextToken(line.text, line.restStart!);
    if (!token) return this.missing(line, entry);
    entry.value = token;
    if (spec.name === 'tls_keyform') {
      if (token.text !== 'pem' && token.text !== 'engine') {
        this.reportToken('value-adjusted', line, token, `mosquitto treats every value other than \`engine\` as \`pem\`; \`${token.text}\` means \`pem\`.`);
      }
      this.store(line, entry);
      return;
    }
    if (!spec.values!.includes(token.text)) {
      // TLS versions are only checked when TLS starts: the tlsVersion rule judges them once the listener is known.
      if (spec.name === 'tls_version' || spec.name === 'bridge_tls_version') {
        this.store(line, entry);
        return;
      }
      this.reportToken('invalid-enum-value', line, token,
        `\`${token.text}\` is not a valid \`${spec.name}\` (${spec.values!.map((v) => `\`${v}\``).join(', ')}, case-sensitive); mosquitto stops.`,
        enumFixes(line, token, spec.values!));
      return;
    }
    this.store(line, entry);
    this.extraTokens(line, token, entry);
  }

  /** A string/path value: rest of line, trimmed; an inline comment becomes part of it. */
  private readString(line: ConfLine, entry: Entry): void {
    const spec = entry.spec;
    let value: Token | undefined;
    if (spec.raw) {
      const start = line.restStart!;
      value = start < line.text.length ? { text: line.text.slice(start), start, end: line.text.length } : undefined;
      if (value && value.text.trim() === '') value = undefined;
    } else {
      value = restTrimmed(line.text, line.restStart!);
    }
    if (!value) return this.missing(line, entry);
    entry.value = value;
    const bad = utf8Problem(value.text);
    if (bad) {
      this.report('malformed-utf8', line.line, value.start + bad.index, value.start + bad.index + 1,
        `The value contains ${bad.reason}; mosquitto stops with "Malformed UTF-8 in configuration".`,
        bad.reason === 'a TAB character' ? { fixes: [{ title: 'Replace TABs with spaces', edits: [tabFix(line)], preferred: true }] } : {});
      return;
    }
    if (this.bridgeTlsConflict(line, entry)) return;
    this.store(line, entry);
    this.inlineComment(line, entry, value);
    if (/^["'].*["']$/.test(value.text) && value.text.length >= 2) {
      this.reportToken('quoted-value', line, value, `mosquitto has no quoting: the quotes are part of the ${spec.kind === 'string' ? 'value' : 'path'} \`${value.text}\`.`, {
        fixes: [{ title: 'Remove the quotes', edits: [{ line: line.line, start: value.start, end: value.end, newText: value.text.slice(1, -1) }], preferred: true }],
      });
    }
    if (spec.raw && value.text !== value.text.trim()) {
      this.reportToken('value-adjusted', line, value, `\`${spec.name}\` takes the raw rest of the line: the path is \`${JSON.stringify(value.text)}\`, spaces included.`);
    }
    this.afterString(line, entry);
  }

  private inlineComment(line: ConfLine, entry: Entry, value: Token): void {
    const hash = value.text.search(/ #/);
    if (hash < 0) return;
    const commentStart = value.start + hash + 1;
    const kept = value.text.slice(0, hash).trimEnd();
    const comment = line.text.slice(commentStart).trimEnd();
    this.report('inline-comment-in-value', line.line, commentStart, value.end,
      `mosquitto has no inline comments: \`${entry.name}\` is read as \`${value.text}\`, comment included.`, {
        fixes: [{
          title: 'Move the comment to its own line',
          preferred: true,
          edits: [
            { line: line.line, start: 0, end: 0, newText: `${comment}\n` },
            { line: line.line, start: value.start, end: line.text.length, newText: kept },
          ],
        }],
      });
  }

  private afterString(line: ConfLine, entry: Entry): void {
    const name = canonicalName(entry);
    const scope = this.securityScope(entry);
    switch (name) {
      case 'password_file':
        scope.passwordFile = entry;
        break;
      case 'acl_file':
        scope.aclFile = entry;
        break;
      case 'psk_file':
        scope.pskFile = entry;
        break;
      case 'plugin':
        scope.plugins.push(entry);
        this.plugin = entry;
        break;
      case 'bind_address':
        this.model.defaultListener.address = entry.value!.text;
        this.model.defaultListener.addressToken = entry.value;
        break;
      case 'connection':
        this.startBridge(line, entry);
        break;
      case 'include_dir':
        if (this.file === '') this.includeDir(line, entry);
        break;
      default:
        break;
    }
  }

  private startBridge(line: ConfLine, entry: Entry): void {
    const name = entry.value!.text;
    const existing = this.model.bridges.find((b) => b.name === name);
    if (existing) {
      this.reportToken('duplicate-option', line, entry.value!, `A bridge named \`${name}\` already exists; mosquitto stops with "Duplicate bridge name".`);
    }
    const bridge: Bridge = { entry, name, options: new Map(), topics: [] };
    entry.bridge = bridge;
    this.bridge = bridge;
    this.model.bridges.push(bridge);
  }

  /** Certificate and PSK options are exclusive within one bridge; mosquitto stops at the second kind. */
  private bridgeTlsConflict(line: ConfLine, entry: Entry): boolean {
    const bridge = entry.bridge;
    if (!bridge) return false;
    const name = entry.spec.name;
    const clash = BRIDGE_CERT_OPTIONS.has(name)
      ? [...bridge.options.keys()].find((k) => BRIDGE_PSK_OPTIONS.has(k))
      : BRIDGE_PSK_OPTIONS.has(name)
        ? [...bridge.options.keys()].find((k) => BRIDGE_CERT_OPTIONS.has(k))
        : undefined;
    if (!clash) return false;
    this.reportToken('invalid-value', line, entry.nameToken,
      `Bridge \`${bridge.name}\` already uses \`${clash}\`; certificate and PSK encryption cannot be combined in one bridge, and mosquitto stops.`);
    return true;
  }

  private includeDir(line: ConfLine, entry: Entry): void {
    const fs = this.ctx.fs;
    const raw = entry.value!.text;
    const dir = resolveConfPath(raw, this.ctx.path);
    if (!fs || !dir) return;
    const names = fs.isDirectory(dir) ? fs.readDirectory(dir) : undefined;
    if (!names) {
      if (!this.settings.checkReferencedFiles) return;
      this.reportToken('include-dir-error', line, entry.value!,
        `mosquitto stops with "Unable to open include_dir '${raw}'": no such directory${isAbsolute(raw) ? '' : ` (looked in ${dir}; mosquitto resolves a relative include_dir against its working directory, not the config file's)`}. If this config runs in a container where it exists, turn off \`mqttWorkbench.diagnostics.checkReferencedFiles\`.`);
      return;
    }
    const files = names.filter((n) => n.length > 5 && n.endsWith('.conf')).sort(includeOrder);
    const saved = { file: this.file, listener: this.listener, bridge: this.bridge, plugin: this.plugin, kpass: this.kpassSeen };
    for (const name of files) {
      const path = join(dir, name);
      const text = fs.readFile(path);
      const before = this.findings.length;
      if (text === undefined) {
        this.file = saved.file;
        this.reportToken('include-dir-error', line, entry.value!, `mosquitto cannot read the included file ${name}.`);
        continue;
      }
      this.model.includedFiles.push(path);
      this.readFile(path, text);
      this.file = saved.file;
      // Mosquitto names both the included file's line and this include_dir line.
      const firstError = this.findings.slice(before).find((f) => isErrorCode(f.code) && f.file === path);
      if (firstError) {
        this.reportToken('include-dir-error', line, entry.value!, `${name}:${firstError.line + 1}: ${firstError.message}`, {
          related: { file: path, line: firstError.line, start: firstError.start, end: firstError.end, message: firstError.message },
        });
      }
    }
    this.file = saved.file;
    this.listener = saved.listener;
    this.bridge = saved.bridge;
    this.plugin = saved.plugin;
    this.kpassSeen = saved.kpass;
  }

  private readSpecial(line: ConfLine, entry: Entry): void {
    const name = entry.spec.name;
    switch (name) {
      case 'listener':
        return this.readListener(line, entry);
      case 'address':
      case 'addresses':
        return this.readAddress(line, entry);
      case 'topic':
        return this.readTopic(line, entry);
      case 'log_dest':
        return this.readLogDest(line, entry);
      case 'restart_timeout':
        return this.readRestartTimeout(line, entry);
      case 'persistent_client_expiration':
        return this.readExpiration(line, entry);
      case 'retry_interval':
        return;
      case 'tls_engine_kpass_sha1':
        return this.readKpass(line, entry);
      case 'mount_point':
        return this.readMountPoint(line, entry);
      case 'plugin_opt_*':
      case 'auth_opt_*':
        return this.readPluginOpt(line, entry);
      default: {
        // 2.1-only options with free-form values: need a value, nothing more is known.
        const value = restTrimmed(line.text, line.restStart!);
        if (!value) return this.missing(line, entry);
        entry.value = value;
        this.store(line, entry);
      }
    }
  }

  private readListener(line: ConfLine, entry: Entry): void {
    const tokens = tokensFrom(line.text, line.restStart!);
    const portToken = tokens[0];
    if (!portToken) return this.missing(line, entry);
    entry.value = portToken;
    const port = atoi(portToken.text);
    const addressToken: Token | undefined = tokens[1]?.text.startsWith('#') ? undefined : tokens[1];
    const listener = newListener(false, port);
    listener.entry = entry;
    entry.listener = listener;
    this.listener = listener;
    this.model.listeners.push(listener);
    if (addressToken) {
      listener.address = addressToken.text;
      listener.addressToken = addressToken;
    }
    if (port < 0 || port > 65535) {
      this.reportToken('value-out-of-range', line, portToken, `Port ${port} is outside 0–65535; mosquitto stops with "Invalid port value".`);
      return;
    }
    if (port === 0) {
      if (!addressToken) {
        this.reportToken('invalid-value', line, portToken,
          isWholeInteger(portToken.text)
            ? 'A listener on port 0 must name a Unix socket path; mosquitto stops.'
            : `mosquitto reads the port \`${portToken.text}\` with atoi() as 0, and a listener on port 0 must name a Unix socket path; it stops.`);
        return;
      }
      listener.unixSocket = true;
      if (!isWholeInteger(portToken.text)) {
        this.reportToken('unix-socket-listener', line, portToken,
          `mosquitto reads the port \`${portToken.text}\` as 0, so \`${addressToken.text}\` becomes a Unix socket path created in the broker's working directory, not a network address.`);
      }
    } else if (!isWholeInteger(portToken.text)) {
      this.reportToken('non-numeric-integer', line, portToken, `mosquitto reads the port \`${portToken.text}\` with atoi() as ${port}.`);
    }
    const extra = tokens[2];
    if (extra && !extra.text.startsWith('#') && !tokens[1]?.text.startsWith('#')) {
      this.report('ignored-extra-tokens', line.line, extra.start, line.text.length, 'mosquitto reads a port and one address for `listener` and ignores the rest of the line.');
    }
  }

  private readAddress(line: ConfLine, entry: Entry): void {
    const bridge = entry.bridge;
    const tokens = tokensFrom(line.text, line.restStart!);
    const hosts: Token[] = [];
    for (const token of tokens) {
      if (token.text.startsWith('#')) break;
      hosts.push(token);
    }
    if (!bridge) return;
    if (bridge.address) {
      this.reportToken('duplicate-option', line, entry.nameToken,
        `Bridge \`${bridge.name}\` already has an address line (line ${bridge.address.line + 1}); list every host on one line. mosquitto stops with "Invalid bridge configuration".`);
      return;
    }
    if (hosts.length === 0) return this.missing(line, entry, 'address');
    entry.value = { text: hosts.map((h) => h.text).join(' '), start: hosts[0]!.start, end: hosts[hosts.length - 1]!.end };
    bridge.address = entry;
    for (const host of hosts) {
      const colon = host.text.lastIndexOf(':');
      if (colon < 0) continue;
      const portText = host.text.slice(colon + 1);
      const port = atoi(portText);
      if (port < 1 || port > 65535) {
        this.report('value-out-of-range', line.line, host.start + colon + 1, host.end, `Port \`${portText}\` is not 1–65535 (an IPv6 address needs a port after it); mosquitto stops with "Invalid port value".`);
        return;
      }
    }
  }

  private readTopic(line: ConfLine, entry: Entry): void {
    const bridge = entry.bridge;
    const tokens = tokensFrom(line.text, line.restStart!);
    const pattern = tokens[0];
    if (!pattern) return this.missing(line, entry);
    entry.value = pattern;
    if (!bridge) return;
    bridge.topics.push(entry);
    for (const problem of checkTopic(pattern.text === '""' ? '' : pattern.text, 'filter')) {
      if (pattern.text === '""') break;
      this.report('bridge-topic-problem', line.line, pattern.start + problem.start, pattern.start + Math.max(problem.end, problem.start + 1),
        `${problem.message}${problem.invalid ? ' mosquitto accepts the line, but the bridge subscription fails at run time.' : ''}`);
    }
    const direction = tokens[1];
    if (!direction) return;
    if (!['in', 'out', 'both'].includes(direction.text.toLowerCase())) {
      const comment = direction.text.startsWith('#') ? ' A `#` here is not a comment: mosquitto reads it as the direction.' : '';
      this.reportToken('invalid-enum-value', line, direction, `Bridge topic direction must be \`in\`, \`out\` or \`both\`; mosquitto stops with "Invalid bridge topic direction".${comment}`);
      return;
    }
    const qos = tokens[2];
    if (!qos || qos.text.startsWith('#')) return;
    const qosValue = atoi(qos.text);
    if (qosValue < 0 || qosValue > 2) {
      this.reportToken('value-out-of-range', line, qos, `Bridge topic QoS must be 0, 1 or 2; mosquitto stops with "Invalid bridge QoS level".`);
      return;
    }
    if (!isWholeInteger(qos.text)) this.reportToken('non-numeric-integer', line, qos, `mosquitto reads the QoS \`${qos.text}\` with atoi() as ${qosValue}.`);
    const local = tokens[3];
    const remote = tokens[4];
    for (const [prefix, which] of [[local, 'local'], [remote, 'remote']] as const) {
      if (prefix && !prefix.text.startsWith('#') && /[+#]/.test(prefix.text)) {
        this.reportToken('invalid-value', line, prefix, `A bridge ${which} prefix cannot contain wildcards; mosquitto stops with "Invalid bridge topic ${which} prefix".`);
        return;
      }
    }
    const isEmpty = (t?: Token) => !t || t.text === '""';
    if (pattern.text === '""' && isEmpty(local) && isEmpty(remote)) {
      this.reportToken('invalid-value', line, pattern, 'An empty bridge topic (`""`) needs a local or remote prefix to remap to; mosquitto stops with "Invalid bridge remapping".');
    }
  }

  private readLogDest(line: ConfLine, entry: Entry): void {
    const token = nextToken(line.text, line.restStart!);
    if (!token) return this.missing(line, entry);
    entry.value = token;
    const values = entry.spec.values ?? [];
    if (token.text === 'file') {
      let start = token.end;
      while (start < line.text.length && (line.text[start] === ' ' || line.text[start] === '\t')) start++;
      if (start >= line.text.length) {
        this.report('missing-value', line.line, entry.nameToken.start, line.text.length, '`log_dest file` needs a path; mosquitto stops with "Empty \\"log_dest file\\" value in configuration".');
        return;
      }
      if (this.logDestFile) {
        this.reportToken('duplicate-option', line, token, `\`log_dest file\` is already set (line ${this.logDestFile.line + 1}); mosquitto stops with "Duplicate \\"log_dest file\\" value".`);
        return;
      }
      this.logDestFile = entry;
      const path: Token = { text: line.text.slice(start), start, end: line.text.length };
      entry.value = path;
      this.inlineComment(line, entry, path);
      return;
    }
    if (!values.includes(token.text)) {
      this.reportToken('invalid-enum-value', line, token, `\`${token.text}\` is not a log destination (${values.map((v) => `\`${v}\``).join(', ')}); mosquitto stops with "Invalid log_dest value".`,
        enumFixes(line, token, values));
      return;
    }
    this.extraTokens(line, token, entry);
  }

  private readRestartTimeout(line: ConfLine, entry: Entry): void {
    const base = nextToken(line.text, line.restStart!);
    if (!base) return this.missing(line, entry);
    entry.value = base;
    const cap = nextToken(line.text, base.end);
    const baseValue = atoi(base.text);
    if (cap && !cap.text.startsWith('#')) {
      const capValue = atoi(cap.text);
      if (capValue < baseValue) {
        this.reportToken('invalid-value', line, cap, `The cap (${capValue}) is lower than the base (${baseValue}); mosquitto stops with "backoff cap is lower than the base in restart_timeout".`);
        return;
      }
    }
    if (baseValue < 1) this.reportToken('value-adjusted', line, base, `mosquitto replaces ${baseValue} with 1 second.`);
    this.store(line, entry);
  }

  private readExpiration(line: ConfLine, entry: Entry): void {
    const token = nextToken(line.text, line.restStart!);
    if (!token) return this.missing(line, entry);
    entry.value = token;
    const unit = token.text[token.text.length - 1] ?? '';
    if (atoi(token.text) <= 0 || !'hdwmy'.includes(unit)) {
      this.reportToken('invalid-value', line, token,
        `\`${token.text}\` is not a duration: write a positive number followed by h, d, w, m (30 days) or y (365 days), e.g. \`14d\`. mosquitto stops with "Invalid persistent_client_expiration duration".`);
      return;
    }
    this.store(line, entry);
  }

  private readKpass(line: ConfLine, entry: Entry): void {
    const token = nextToken(line.text, line.restStart!);
    if (!token) return this.missing(line, entry);
    entry.value = token;
    if (this.kpassSeen) {
      this.reportToken('duplicate-option', line, entry.nameToken, `\`tls_engine_kpass_sha1\` is already used on line ${this.kpassSeen.line + 1} of this file; mosquitto (2.0) stops on the second one anywhere in a file.`);
      return;
    }
    this.kpassSeen = entry;
    if (!/^[0-9a-fA-F]{40}$/.test(token.text)) {
      this.reportToken('invalid-value', line, token, 'Expected the SHA-1 of the key password as 40 hexadecimal characters; mosquitto stops (printing only the line number).');
      return;
    }
    this.store(line, entry);
  }

  private readMountPoint(line: ConfLine, entry: Entry): void {
    if (this.listener.isDefault) return; // reported by applyScope
    const value = restTrimmed(line.text, line.restStart!);
    if (!value) return this.missing(line, entry);
    entry.value = value;
    if (/[+#]/.test(value.text)) {
      this.reportToken('invalid-value', line, value, 'A mount point is a topic prefix and cannot contain `+` or `#`; mosquitto stops with "Invalid mount_point".');
      return;
    }
    const bad = utf8Problem(value.text);
    if (bad) {
      this.reportToken('malformed-utf8', line, value, `The value contains ${bad.reason}; mosquitto stops with "Malformed UTF-8 in configuration".`);
      return;
    }
    this.store(line, entry);
  }

  private readPluginOpt(line: ConfLine, entry: Entry): void {
    let start = line.restStart!;
    while (start < line.text.length && (line.text[start] === ' ' || line.text[start] === '\t')) start++;
    if (start >= line.text.length) {
      const key = entry.name.replace(/^(plugin|auth)_opt_/, '');
      return this.missing(line, entry, key);
    }
    entry.value = { text: line.text.slice(start), start, end: line.text.length };
  }

  /** After each file: bridge checks mosquitto makes once the whole configuration is read. */
  private checkBridgesOfFile(file: string): void {
    for (const bridge of this.model.bridges) {
      if (bridge.entry.file !== file) continue;
      const at = bridge.entry.value ?? bridge.entry.nameToken;
      const missing: string[] = [];
      if (!bridge.address) missing.push('no `address`');
      if (bridge.topics.length === 0) missing.push('no `topic`');
      if (missing.length) {
        this.report('bridge-incomplete', bridge.entry.line, at.start, at.end,
          `Bridge \`${bridge.name}\` has ${missing.join(' and ')}; mosquitto refuses the configuration ("Invalid bridge configuration: ${bridge.address ? 'no topics defined' : 'no remote addresses defined'}").`);
      }
      const identity = bridge.options.get('bridge_identity');
      const psk = bridge.options.get('bridge_psk');
      if (identity && !psk) this.report('bridge-incomplete', identity.line, identity.nameToken.start, identity.nameToken.end, '`bridge_identity` needs `bridge_psk` in the same bridge; mosquitto refuses the configuration.');
      if (psk && !identity) this.report('bridge-incomplete', psk.line, psk.nameToken.start, psk.nameToken.end, '`bridge_psk` needs `bridge_identity` in the same bridge; mosquitto refuses the configuration.');
    }
  }
}

/** mosquitto reads include_dir files sorted case-insensitively, upper case first on ties. */
function includeOrder(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Errors are what mosquitto refuses: only those make it print the include_dir line too. */
function isErrorCode(code: ConfCode): boolean {
  return CONF_CODES[code].severity === 'error';
}

function tabFix(line: ConfLine) {
  const fixed = line.text.replace(/^[\t ]+/, (m) => m.replace(/\t/g, '')).replace(/\t+/g, ' ');
  return { line: line.line, start: 0, end: line.text.length, newText: fixed };
}

/** A quick fix to the closest allowed value, if one is close. */
function enumFixes(line: { line: number }, token: Token, values: readonly string[]): Partial<Finding> {
  const guess = values.find((v) => v.toLowerCase() === token.text.toLowerCase()) ?? closest(token.text, values);
  return guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ line: line.line, start: token.start, end: token.end, newText: guess }], preferred: true }] } : {};
}

function boolGuess(text: string): string | undefined {
  const lower = text.replace(/\t/g, '').toLowerCase();
  if (['true', 'yes', 'on', 'y', 'enable', 'enabled'].includes(lower)) return 'true';
  if (['false', 'no', 'off', 'n', 'disable', 'disabled'].includes(lower)) return 'false';
  if (BOOL_VALUES.includes(lower)) return lower;
  return undefined;
}

/** Suggestions by version and name: the same typo tends to repeat, and edit distances are not free. */
const suggestionCache = new Map<string, string | null>();

function suggestName(name: string, names: string[], version: string): string | undefined {
  const key = `${version}\u0000${name}`;
  let cached = suggestionCache.get(key);
  if (cached === undefined) {
    const lower = name.toLowerCase();
    cached = names.find((n) => n.toLowerCase() === lower) ?? closest(name, names) ?? null;
    if (suggestionCache.size > 5000) suggestionCache.clear();
    suggestionCache.set(key, cached);
  }
  return cached ?? undefined;
}

function rangeWords(spec: OptionSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `between ${spec.min} and ${spec.max}`;
  if (spec.min !== undefined) return `at least ${spec.min}`;
  return `at most ${spec.max}`;
}

function intMeaning(name: string, value: number): string {
  if (value !== 0) return '';
  if (['max_queued_messages', 'max_queued_bytes', 'max_inflight_messages', 'max_inflight_bytes', 'memory_limit', 'message_size_limit'].includes(name)) return ' (0 means unlimited)';
  if (name === 'sys_interval') return ' (0 disables $SYS)';
  if (name === 'max_qos') return ' (QoS 0 only)';
  if (name === 'autosave_interval') return ' (0 disables periodic autosave)';
  return '';
}

function scopeWords(entry: Entry): string {
  if (entry.bridge) return ` in bridge \`${entry.bridge.name}\``;
  if (entry.listener && !entry.listener.isDefault && entry.spec.scope !== 'global') return ` for this listener`;
  return '';
}

