/**
 * The parse pass: reads a mosquitto.conf the way mosquitto 2.0's config__read_file_core does, moving
 * the same listener/bridge/plugin cursors, and records what mosquitto would reject (Errors) and what
 * it silently misreads (Warnings). Included files (include_dir) are read in the main file's context.
 * The trap rules run afterwards on the resulting model (rules/).
 */
import { isAbsolute, join } from 'node:path';
import { isNetworkPath } from '../pathPolicy';
import type { AnalysisSettings, DocumentContext } from '../types';
import { CONF_CODES, type ConfCode } from './codes';
import { type ConfLine, forEachOptionLine, nextToken, type OptionLine, restTrimmed, type Token } from './lexer';
import { boolGuess, enumFixes, intMeaning, rangeWords, scopeWords, suggestName, tabFix } from './messages';
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
import { lookedIn, possiblePaths, wouldBeInWorkspace } from './references';
import { isConfSnippet } from './recognise';
import { defaultListenerCreator, isDefaultListenerTrigger } from './defaultListener';
import { findOption, OPTIONS, REMOVED_OPTIONS } from './options';
import { isAvailable, valuesFor } from './optionVersions';
import { bridgeTlsConflict, checkBridgesOfFile, openBridge } from './readers/bridge';
import { extraTokens, inlineComment, missing, type ReadContext } from './readers/context';
import { readSpecial } from './readers/index';
import { listenerTlsConflict, newListener } from './readers/listener';
import { atoi, isWholeInteger, parseBool, utf8Problem } from './values';
import { clip } from '../text';

export interface Analysis {
  model: ConfModel;
  findings: Finding[];
}

/** Options that mosquitto 2.1 wants after an explicit listener (reference §5); 2.0 applies them to the default listener. */
const NEEDS_LISTENER_IN_2_1 = new Set([
  'cafile',
  'tls_version',
  'http_dir',
  'mount_point',
  'max_topic_alias',
  'max_topic_alias_broker',
  'websockets_origin',
  'listener_allow_anonymous',
  'listener_auto_id_prefix',
  'disable_client_cert_date_checks',
  'enable_proxy_protocol',
  'proxy_protocol_v2_require_tls',
  'accept_protocol_versions',
  'plugin_use',
]);

/** Without any of these options mosquitto 2.0 starts in local-only mode. */
const OPENS_LISTENER = new Set(['listener', 'port', 'bind_address']);

/** Included files read in one analysis at most (a config can repeat `include_dir .` thousands of times). */
export const MAX_INCLUDED_FILES = 500;
/** Bytes of included text parsed in one analysis at most. */
export const MAX_INCLUDED_BYTES = 16 * 1024 * 1024;

/** Parse `text` (the document) and, with a file system, the files its include_dir lines name. */
export function analyzeConfig(text: string, settings: AnalysisSettings, ctx: DocumentContext = {}): Analysis {
  return new Parser(settings, ctx).run(text);
}

/** Names offered as "did you mean" for unknown options under a version. */
function knownNames(settings: AnalysisSettings): string[] {
  return OPTIONS.filter((o) => !o.name.endsWith('*') && isAvailable(o, settings.mosquittoVersion)).map((o) => o.name);
}

/** Holds mosquitto's cursors while reading; the readers (readers/) see it as their ReadContext. */
class Parser implements ReadContext {
  private readonly findings: Finding[] = [];
  readonly model: ConfModel = {
    entries: [],
    listeners: [],
    defaultListener: newListener(true, 1883),
    bridges: [],
    globals: new Map(),
    security: newSecurityScope(),
    perListenerSettings: false,
    localOnly: true,
    partial: false,
    includedFiles: [],
    files: new Map(),
  };
  /** Whether a security option has been seen (for the per_listener_settings ordering rule). */
  private seenSecurityOption = false;
  /** Listener options (but mount_point) read before the first `listener` of their file: the default listener's. */
  private readonly beforeFirstListener: Entry[] = [];
  logDestFile?: Entry;
  private readonly names: string[];
  /** Each folder listed and each included file read once per analysis, however often include_dir names it. */
  private readonly listed = new Map<string, string[] | undefined>();
  private readonly texts = new Map<string, string | undefined>();
  private includedCount = 0;
  private includedBytes = 0;
  private includeLimitReported = false;

  // Cursors, reset for every file as mosquitto does.
  file = '';
  listener: Listener;
  bridge?: Bridge;
  private plugin?: Entry;
  kpassSeen?: Entry;
  get pluginOpen(): boolean {
    return this.plugin !== undefined;
  }
  /** The deprecation finding for `auth_opt_` lines in this file, and how many there are. */
  private authOpt?: { finding: Finding; count: number };

  constructor(
    readonly settings: AnalysisSettings,
    private readonly ctx: DocumentContext,
  ) {
    this.listener = this.model.defaultListener;
    this.names = knownNames(settings);
    this.model.partial = isConfSnippet(ctx.path);
  }

  run(text: string): Analysis {
    this.readFile('', text);
    this.model.localOnly = !this.model.entries.some((e) => OPENS_LISTENER.has(e.spec.name));
    this.model.defaultListener.createdBy = defaultListenerCreator(this.model, this.settings.mosquittoVersion);
    this.reportDefaultListener();
    return { model: this.model, findings: this.findings };
  }

  /**
   * Listener options before the first `listener` of a file configure the implicit default listener. Once
   * mosquitto creates it, one warning says so (none when `port` or `bind_address` asks for it on purpose);
   * when it does not, the options that mosquitto then ignores are named.
   */
  private reportDefaultListener(): void {
    const listener = this.model.defaultListener;
    const before = this.beforeFirstListener;
    const creator = listener.createdBy;
    if (creator) {
      if (listener.options.has('port') || listener.options.has('bind_address')) return;
      const others = before.filter((e) => e !== creator).length;
      const opens =
        this.model.partial || this.settings.mosquittoVersion === '2.1'
          ? ''
          : this.model.localOnly
            ? ' With no `listener`, `port` or `bind_address` anywhere, mosquitto 2.0.0–2.0.11 (Debian 12) then open 0.0.0.0:1883 and [::]:1883 with anonymous access forced on; 2.0.12+ stay in local-only mode and ignore it.'
            : ' mosquitto opens it in addition to the `listener` lines.';
      this.findings.push({
        code: 'implicit-default-listener',
        file: creator.file,
        line: creator.line,
        start: creator.nameToken.start,
        end: creator.nameToken.end,
        message: `\`${clip(creator.name, 30)}\` before the first \`listener\` creates a listener on ${listener.port}: move it`,
        detail: `\`${creator.name}\` comes before any \`listener\` line${creator.file ? ' of this included file' : ''} and differs from its default, so mosquitto creates an implicit default listener for it: port ${listener.port} on all interfaces${others ? `, configured by ${others} more line${others === 1 ? '' : 's'} before the first \`listener\`` : ''}.${opens} Put ${others ? 'these lines' : 'it'} after the \`listener\` ${others ? 'they belong' : 'it belongs'} to.`,
      });
      return;
    }
    if (this.settings.mosquittoVersion === '2.1') return; // 2.1 refuses these options before a listener
    for (const entry of before) {
      if (isDefaultListenerTrigger(canonicalName(entry)) || !entry.value) continue;
      this.findings.push({
        code: 'ignored-option',
        file: entry.file,
        line: entry.line,
        start: entry.nameToken.start,
        end: entry.nameToken.end,
        message: `\`${entry.name}\` before the first \`listener\` is ignored: move it below its listener`,
        detail: `\`${entry.name}\` comes before any \`listener\` line${entry.file ? ' of this included file' : ''}, so it belongs to mosquitto's implicit default listener, which is not created here (no option before the first \`listener\` differs from its default): mosquitto ignores this line. Put it after the \`listener\` it belongs to.`,
      });
    }
  }

  private readFile(file: string, text: string): void {
    this.file = file;
    this.listener = this.model.defaultListener;
    this.bridge = undefined;
    this.plugin = undefined;
    this.kpassSeen = undefined;
    this.authOpt = undefined;
    const info: { lineCount: number; firstOption?: Entry } = { lineCount: 0 };
    this.model.files.set(file, info);
    // Each line lexed as it is read: no lexed line outlives its reading (fewer objects for the GC to copy).
    info.lineCount = forEachOptionLine(text, (line) => {
      const entry = this.readLine(line);
      if (entry && !info.firstOption) info.firstOption = entry;
    });
    checkBridgesOfFile(this, file);
  }

  report(
    code: ConfCode,
    line: number,
    start: number,
    end: number,
    message: string,
    extra: Partial<Finding> = {},
  ): void {
    this.findings.push({ code, file: this.file, line, start, end, message, ...extra });
  }

  reportToken(code: ConfCode, line: ConfLine, token: Token, message: string, extra: Partial<Finding> = {}): void {
    this.report(code, line.line, token.start, token.end, message, extra);
  }

  /** Read one option line; returns its entry when the option is known. */
  private readLine(line: OptionLine): Entry | undefined {
    const nameToken = line.name;
    const name = nameToken.text;
    const spec = findOption(name);
    if (!spec) {
      this.unknownOption(line, nameToken);
      return undefined;
    }
    if (!isAvailable(spec, this.settings.mosquittoVersion)) {
      this.reportToken(
        'unsupported-in-version',
        line,
        nameToken,
        spec.since === '2.1'
          ? `\`${name}\` is new in mosquitto 2.1: 2.0 stops on it. On 2.1, set mosquitto.version to 2.1`
          : `\`${name}\` exists only from mosquitto 2.0.21: older 2.0 releases stop on it`,
        {
          detail:
            spec.since === '2.1'
              ? `\`${name}\` is new in mosquitto 2.1; mosquitto 2.0 rejects it as an unknown option. If your broker is 2.1, set \`mqttWorkbench.mosquitto.version\` to "2.1".`
              : `\`${name}\` exists only from mosquitto 2.0.21; 2.0.0–2.0.20 (Debian 12 ships 2.0.11) reject it as an unknown option.`,
        },
      );
      return undefined;
    }
    // Every field set here, in one order: entries keep one shape, which keeps the many reads of them fast.
    const entry: Entry = {
      spec,
      name,
      file: this.file,
      line: line.line,
      nameToken,
      text: line.text,
      value: undefined,
      listener: undefined,
      bridge: undefined,
    };
    this.model.entries.push(entry);
    this.deprecation(line, entry);
    this.applyScope(line, entry);
    this.readValue(line, entry);
    return entry;
  }

  private unknownOption(line: OptionLine, nameToken: Token): void {
    const name = nameToken.text;
    if (line.line === 0 && this.file === '' && name.startsWith('\uFEFF')) {
      this.report(
        'byte-order-mark',
        0,
        0,
        1,
        'A byte order mark starts the file: mosquitto stops. Save as UTF-8 without BOM',
        {
          detail:
            'The file starts with a UTF-8 byte order mark; mosquitto reads it as part of the first option name and stops. Save the file as UTF-8 without BOM.',
          fixes: [
            {
              title: 'Remove the byte order mark',
              edits: [{ line: 0, start: 0, end: 1, newText: '' }],
              preferred: true,
            },
          ],
        },
      );
      return;
    }
    if (name.startsWith('#')) {
      this.reportToken(
        'indented-comment',
        line,
        { text: name, start: nameToken.start, end: line.text.length },
        'An indented `#` is not a comment for mosquitto: it stops. Start the comment in column 1',
        {
          detail:
            'Only a `#` in the first column starts a comment; mosquitto reads an indented `#` as an unknown option and stops.',
          fixes: [
            {
              title: 'Move the comment to column 1',
              edits: [{ line: line.line, start: 0, end: nameToken.start, newText: '' }],
              preferred: true,
            },
          ],
        },
      );
      return;
    }
    const tab = name.indexOf('\t');
    if (tab >= 0) {
      const parts = name.split('\t').filter((p) => p !== '');
      const intended = parts[0];
      const known = intended !== undefined && findOption(intended) !== undefined;
      this.reportToken(
        'tab-separator',
        line,
        nameToken,
        known
          ? `A TAB after \`${clip(intended, 40)}\`: mosquitto splits on spaces only and stops. Use a space`
          : 'A TAB where mosquitto expects spaces: it stops. Use spaces',
        {
          detail: known
            ? `A TAB separates \`${clip(intended)}\` from its value; mosquitto separates on spaces only, reads \`${clip(name.replace(/\t/g, '\\t'))}\` as one unknown option and stops.`
            : 'This line contains a TAB where mosquitto expects spaces; it reads the TAB as part of the option name and stops.',
          fixes: [{ title: 'Replace TABs with spaces', edits: [tabFix(line)], preferred: true }],
        },
      );
      return;
    }
    const removed = Object.hasOwn(REMOVED_OPTIONS, name) ? REMOVED_OPTIONS[name] : undefined;
    if (removed !== undefined) {
      this.reportToken(
        'removed-option',
        line,
        nameToken,
        `\`${clip(name, 40)}\` was removed in mosquitto 2.0, which stops on it. Remove the line`,
        {
          detail: `\`${clip(name)}\` was removed in mosquitto 2.0, which rejects it as an unknown option. ${removed}`,
          fixes: [
            {
              title: `Remove \`${clip(name)}\``,
              edits: [{ line: line.line, start: 0, end: line.text.length, newText: '' }],
            },
          ],
        },
      );
      return;
    }
    const suggestion = suggestName(name, this.names, this.settings.mosquittoVersion);
    this.reportToken(
      'unknown-option',
      line,
      nameToken,
      `Unknown option \`${clip(name, 40)}\`: mosquitto stops.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      {
        detail: `Unknown option \`${clip(name)}\`: mosquitto stops with "Unknown configuration variable".${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        ...(suggestion
          ? {
              fixes: [
                {
                  title: `Change to \`${suggestion}\``,
                  edits: [{ line: line.line, start: nameToken.start, end: nameToken.end, newText: suggestion }],
                  preferred: true,
                },
              ],
            }
          : {}),
      },
    );
  }

  private deprecation(line: OptionLine, entry: Entry): void {
    const dep = entry.spec.deprecated;
    if (!dep) return;
    if (entry.spec.name === 'auth_opt_*') return this.authOptDeprecation(line, entry);
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
    const message = `\`${entry.name}\` is deprecated${replacement ? `; use \`${replacement}\`` : ''}`;
    this.reportToken('deprecated-option', line, entry.nameToken, message, {
      detail: `${message}. ${dep.note}`.trim(),
      deprecated: true,
      ...(fixes.length ? { fixes } : {}),
    });
  }

  /** One warning per file for the `auth_opt_` prefix, however many lines use it, with one fix for all. */
  private authOptDeprecation(line: OptionLine, entry: Entry): void {
    const edit = { line: line.line, start: entry.nameToken.start, end: entry.nameToken.start + 'auth_opt_'.length };
    const fix: Fix = {
      title: 'Change to `plugin_opt_`',
      edits: [{ ...edit, newText: 'plugin_opt_' }],
      preferred: true,
    };
    const seen = this.authOpt;
    if (!seen) {
      const finding: Finding = {
        code: 'deprecated-option',
        file: this.file,
        ...edit,
        message: '`auth_opt_` is the deprecated prefix of `plugin_opt_`; mosquitto still reads it. Use `plugin_opt_`.',
        deprecated: true,
        fixes: [fix],
      };
      this.findings.push(finding);
      this.authOpt = { finding, count: 1 };
      return;
    }
    seen.count++;
    seen.finding.message = `${seen.count} lines use the deprecated prefix \`auth_opt_\`: use \`plugin_opt_\``;
    seen.finding.detail = `${seen.count} lines of this file use \`auth_opt_\`, the deprecated prefix of \`plugin_opt_\` (this is the first); mosquitto still reads them. Use \`plugin_opt_\`.`;
    const all = seen.finding.fixes![0]!;
    all.title = `Change all ${seen.count} to \`plugin_opt_\``;
    all.edits.push({ ...edit, newText: 'plugin_opt_' });
  }

  /** Attach the entry to its listener/bridge/plugin and check it is allowed here. */
  private applyScope(line: OptionLine, entry: Entry): void {
    const spec = entry.spec;
    if (spec.security) this.seenSecurityOption = true;
    // `listener` opens its own scope (readListener); it is not an option of the listener before it.
    if (spec.name === 'listener') return;
    switch (spec.scope) {
      case 'listener':
        entry.listener = this.listener;
        if (this.listener.isDefault) {
          if (spec.name !== 'mount_point') this.beforeFirstListener.push(entry);
          if (spec.name === 'mount_point') {
            this.reportToken(
              'option-outside-scope',
              line,
              entry.nameToken,
              '`mount_point` needs a `listener` line before it in this file: mosquitto stops. Add one',
              {
                detail:
                  '`mount_point` needs a `listener` line before it (in the same file); mosquitto stops with "You must use create a listener before using the mount_point option".',
              },
            );
          } else if (this.settings.mosquittoVersion === '2.1' && NEEDS_LISTENER_IN_2_1.has(spec.name)) {
            this.reportToken(
              'option-outside-scope',
              line,
              entry.nameToken,
              `mosquitto 2.1 requires a \`listener\` before \`${spec.name}\`.`,
            );
          }
        }
        break;
      case 'default-listener':
        entry.listener = this.model.defaultListener;
        break;
      case 'bridge':
        if (!this.bridge && spec.name !== 'connection') {
          this.reportToken(
            'option-outside-scope',
            line,
            entry.nameToken,
            `\`${entry.name}\` is a bridge option with no \`connection\` before it: mosquitto stops`,
            {
              detail: `\`${entry.name}\` is a bridge option but no \`connection\` comes before it${this.file ? ' in this file' : ''}; mosquitto stops with "Invalid bridge configuration".`,
            },
          );
        }
        entry.bridge = this.bridge;
        break;
      case 'plugin':
        if (!this.plugin) {
          this.reportToken(
            'option-outside-scope',
            line,
            entry.nameToken,
            `\`${clip(entry.name, 40)}\` needs a \`plugin\` line before it: mosquitto stops`,
            {
              detail: `\`${entry.name}\` belongs to a plugin but no \`plugin\` line comes before it${this.file ? ' in this file' : ''}; mosquitto stops.`,
            },
          );
        }
        break;
      case 'security':
        if (this.model.perListenerSettings) entry.listener = this.listener;
        break;
      case 'main':
        if (this.file !== '') {
          this.reportToken(
            'ignored-option',
            line,
            entry.nameToken,
            '`include_dir` is only read in the main config file; mosquitto silently ignores it in an included file.',
          );
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
  store(line: OptionLine, entry: Entry): void {
    const map = this.scopeMap(entry);
    if (!map) return;
    const key = canonicalName(entry);
    const previous = map.get(key);
    if (previous && entry.spec.repeat === 'duplicate-error') {
      this.reportToken(
        'duplicate-option',
        line,
        entry.nameToken,
        `\`${entry.name}\` is set twice${scopeWords(entry)}: mosquitto stops. Keep one`,
        {
          detail: `\`${entry.name}\` is already set ${previous.file === this.file ? `on line ${previous.line + 1}` : `in ${clip(previous.file || 'the main config')}`}${scopeWords(entry)}; mosquitto stops with "Duplicate ${entry.spec.label ?? entry.spec.name} value in configuration".`,
          related: {
            file: previous.file,
            line: previous.line,
            start: previous.nameToken.start,
            end: previous.nameToken.end,
            message: 'First set here',
          },
        },
      );
      return;
    }
    if (previous && entry.spec.repeat === 'last-wins' && previous.file === entry.file && entry.spec.name !== 'port') {
      this.reportToken(
        'repeated-option',
        line,
        entry.nameToken,
        `\`${entry.name}\` is also set on line ${previous.line + 1}${scopeWords(entry)}; this later value wins.`,
        {
          related: {
            file: previous.file,
            line: previous.line,
            start: previous.nameToken.start,
            end: previous.nameToken.end,
            message: 'Overridden here',
          },
        },
      );
    }
    if (entry.spec.repeat !== 'accumulate') map.set(key, entry);
  }

  private readValue(line: OptionLine, entry: Entry): void {
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
        return readSpecial(this, line, entry);
    }
  }

  private readBool(line: OptionLine, entry: Entry): void {
    const token = nextToken(line.text, line.restStart);
    if (!token) return missing(this, line, entry);
    entry.value = token;
    const value = parseBool(token.text);
    if (value === undefined) {
      const hasTab = token.text.includes('\t');
      const guess = boolGuess(token.text);
      this.reportToken(
        'invalid-bool',
        line,
        token,
        hasTab
          ? 'A TAB after the value: mosquitto stops. Separate with spaces only'
          : `\`${clip(token.text, 30)}\` is not a boolean for mosquitto: it stops. Use \`${guess ?? 'true'}\` or \`${guess === 'false' ? 'true' : 'false'}\``,
        {
          detail: hasTab
            ? `A TAB follows the value: mosquitto reads \`${clip(token.text.replace(/\t/g, '\\t'))}\` and stops with "Invalid ${entry.spec.name} value". Separate with spaces only.`
            : `\`${clip(token.text)}\` is not a boolean for mosquitto: only \`true\`, \`false\`, \`1\` and \`0\` (case-sensitive). It stops with "Invalid ${entry.spec.name} value".`,
          ...(guess
            ? {
                fixes: [
                  {
                    title: `Change to \`${guess}\``,
                    edits: [{ line: line.line, start: token.start, end: token.end, newText: guess }],
                    preferred: true,
                  },
                ],
              }
            : {}),
        },
      );
      return;
    }
    this.store(line, entry);
    extraTokens(this, line, token, entry);
    this.afterBool(line, entry, token, value);
  }

  private afterBool(line: OptionLine, entry: Entry, token: Token, value: boolean): void {
    const name = canonicalName(entry);
    if (name === 'per_listener_settings') {
      if (value && this.seenSecurityOption) {
        this.reportToken(
          'per-listener-settings-order',
          line,
          entry.nameToken,
          '`per_listener_settings true` after a security option: mosquitto stops. Move it to the top',
          {
            detail:
              '`per_listener_settings true` must come before every security option (allow_anonymous, password_file, acl_file, plugin, ...); mosquitto stops with "per_listener_settings must be set before any other security settings".',
          },
        );
      }
      this.model.perListenerSettings = value;
    }
    if (name === 'allow_anonymous') this.securityScope(entry).allowAnonymous = entry;
    if (name === 'bridge_insecure' && value && entry.bridge) {
      this.reportToken(
        'insecure-bridge',
        line,
        token,
        `Bridge \`${entry.bridge.name}\` does not verify the remote broker's certificate host name: anyone in the path can impersonate it. Use it only for testing.`,
      );
    }
  }

  private securityScope(entry: Entry): SecurityScope {
    return entry.listener && this.model.perListenerSettings ? entry.listener.security : this.model.security;
  }

  private readInt(line: OptionLine, entry: Entry): void {
    const token = nextToken(line.text, line.restStart);
    if (!token) return missing(this, line, entry);
    entry.value = token;
    const spec = entry.spec;
    const value = atoi(token.text);
    const whole = isWholeInteger(token.text);
    if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
      const read = whole ? '' : ` (mosquitto reads \`${clip(token.text)}\` as ${value})`;
      this.reportToken(
        'value-out-of-range',
        line,
        token,
        `\`${spec.name}\` must be ${rangeWords(spec)}: mosquitto stops`,
        {
          detail: `\`${spec.name}\` must be ${rangeWords(spec)}${read}; mosquitto stops with "${(spec.rangeMessage ?? `Invalid ${spec.name} value`).replace(/^Error: /, '').replace(/\.$/, '')}".`,
        },
      );
      return;
    }
    if (!whole) {
      this.reportToken(
        'non-numeric-integer',
        line,
        token,
        `mosquitto reads \`${clip(token.text)}\` with atoi() as ${value}${intMeaning(spec.name, value)}; it reports nothing.`,
      );
    }
    if (spec.clamp && value < spec.clamp.below) {
      this.reportToken(
        'value-adjusted',
        line,
        token,
        `mosquitto replaces ${value} with ${spec.clamp.to}${intMeaning(spec.name, spec.clamp.to)}${spec.clamp.notice ? ` and logs "${spec.clamp.notice}"` : ''}.`,
      );
    }
    if (spec.name === 'port' && this.model.defaultListener.options.has('port')) {
      this.reportToken(
        'repeated-option',
        line,
        entry.nameToken,
        'The default listener port is set more than once; mosquitto warns and uses the last one.',
      );
    }
    if (spec.name === 'port') {
      this.model.defaultListener.port = value;
    }
    this.store(line, entry);
    extraTokens(this, line, token, entry);
  }

  private readEnum(line: OptionLine, entry: Entry): void {
    const spec = entry.spec;
    const values = valuesFor(spec, this.settings.mosquittoVersion);
    if (spec.raw) {
      const rest = line.text.slice(line.restStart);
      if (rest === '' || nextToken(rest, 0) === undefined) return missing(this, line, entry);
      const start = line.restStart;
      entry.value = { text: rest, start, end: line.text.length };
      if (!values.includes(rest)) {
        const trimmed = rest.trim();
        const why = values.includes(trimmed)
          ? `mosquitto takes the raw rest of the line for \`${spec.name}\`, so the extra spaces make \`${clip(JSON.stringify(rest))}\` invalid`
          : `\`${clip(rest)}\` is not one of ${values.map((v) => `\`${v}\``).join(', ')}`;
        this.report(
          'invalid-enum-value',
          line.line,
          start,
          line.text.length,
          values.includes(trimmed)
            ? `Trailing spaces make this \`${spec.name}\` invalid: mosquitto stops. Remove them`
            : `\`${clip(rest, 30)}\` is not a valid \`${spec.name}\`: mosquitto stops`,
          values.includes(trimmed)
            ? {
                detail: `${why}; mosquitto stops with "Invalid ${spec.name} value".`,
                fixes: [
                  {
                    title: `Change to \`${trimmed}\``,
                    edits: [{ line: line.line, start, end: line.text.length, newText: trimmed }],
                    preferred: true,
                  },
                ],
              }
            : { detail: `${why}; mosquitto stops with "Invalid ${spec.name} value".` },
        );
        return;
      }
      this.store(line, entry);
      return;
    }
    const token = nextToken(line.text, line.restStart);
    if (!token) return missing(this, line, entry);
    entry.value = token;
    if (spec.name === 'tls_keyform') {
      if (token.text !== 'pem' && token.text !== 'engine') {
        this.reportToken(
          'value-adjusted',
          line,
          token,
          `mosquitto treats every value other than \`engine\` as \`pem\`; \`${clip(token.text)}\` means \`pem\`.`,
        );
      }
      this.store(line, entry);
      return;
    }
    if (!values.includes(token.text)) {
      // TLS versions are only checked when TLS starts: the tlsVersion rule judges them once the listener is known.
      if (spec.name === 'tls_version' || spec.name === 'bridge_tls_version') {
        this.store(line, entry);
        return;
      }
      this.reportToken(
        'invalid-enum-value',
        line,
        token,
        `\`${clip(token.text, 30)}\` is not a valid \`${spec.name}\`: mosquitto stops. Use one of its ${values.length} values`,
        {
          detail: `\`${clip(token.text)}\` is not a valid \`${spec.name}\` (${values.map((v) => `\`${v}\``).join(', ')}, case-sensitive); mosquitto stops.`,
          ...enumFixes(line, token, values),
        },
      );
      return;
    }
    this.store(line, entry);
    extraTokens(this, line, token, entry);
  }

  /** A string/path value: rest of line, trimmed; an inline comment becomes part of it. */
  private readString(line: OptionLine, entry: Entry): void {
    const spec = entry.spec;
    let value: Token | undefined;
    if (spec.raw) {
      const start = line.restStart;
      value = start < line.text.length ? { text: line.text.slice(start), start, end: line.text.length } : undefined;
      if (value && value.text.trim() === '') value = undefined;
    } else {
      value = restTrimmed(line.text, line.restStart);
    }
    if (!value) return missing(this, line, entry);
    entry.value = value;
    const bad = utf8Problem(value.text);
    if (bad) {
      this.report(
        'malformed-utf8',
        line.line,
        value.start + bad.index,
        value.start + bad.index + 1,
        `The value contains ${bad.reason}; mosquitto stops with "Malformed UTF-8 in configuration".`,
        bad.reason === 'a TAB character'
          ? { fixes: [{ title: 'Replace TABs with spaces', edits: [tabFix(line)], preferred: true }] }
          : {},
      );
      return;
    }
    if (bridgeTlsConflict(this, line, entry) || listenerTlsConflict(this, line, entry)) return;
    this.store(line, entry);
    inlineComment(this, line, entry, value);
    const first = value.text[0];
    // The regex only for a value that starts with a quote (hardly any does).
    if ((first === '"' || first === "'") && /^["'].*["']$/.test(value.text) && value.text.length >= 2) {
      this.reportToken(
        'quoted-value',
        line,
        value,
        `mosquitto has no quoting: the quotes are part of the ${spec.kind === 'string' ? 'value' : 'path'} \`${clip(value.text)}\`.`,
        {
          fixes: [
            {
              title: 'Remove the quotes',
              edits: [{ line: line.line, start: value.start, end: value.end, newText: value.text.slice(1, -1) }],
              preferred: true,
            },
          ],
        },
      );
    }
    if (spec.raw && value.text !== value.text.trim()) {
      this.reportToken(
        'value-adjusted',
        line,
        value,
        `\`${spec.name}\` takes the raw rest of the line: the path is \`${clip(JSON.stringify(value.text))}\`, spaces included.`,
      );
    }
    this.afterString(line, entry, value);
  }

  private afterString(line: OptionLine, entry: Entry, value: Token): void {
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
        this.model.defaultListener.address = value.text;
        this.model.defaultListener.addressToken = value;
        break;
      case 'connection':
        openBridge(this, line, entry, value);
        break;
      case 'include_dir':
        if (this.file === '') this.includeDir(line, value);
        break;
      default:
        break;
    }
  }

  private includeDir(line: OptionLine, value: Token): void {
    const fs = this.ctx.fs;
    const raw = value.text;
    const workingDirectory = this.settings.mosquittoWorkingDirectory;
    const places = fs ? possiblePaths(raw, this.ctx.path, workingDirectory, fs) : [];
    const dir = places.find((p) => fs?.isDirectory(p)) ?? places[0];
    // Files the analysis does not read: the rules do not see the whole broker.
    const unread = () => {
      this.model.partial = true;
    };
    // A network path cannot be checked without contacting its host.
    if (!fs || !dir || isNetworkPath(dir)) return unread();
    // Outside the workspace the analysis learns that the folder exists, never what it holds.
    if (fs.isDirectory(dir) && !fs.mayRead(dir)) return unread();
    if (!this.listed.has(dir)) this.listed.set(dir, fs.isDirectory(dir) ? fs.readDirectory(dir) : undefined);
    const names = this.listed.get(dir);
    if (!names) {
      unread();
      if (!this.settings.checkReferencedFiles) return;
      // A folder the workspace would hold is really missing; elsewhere it is most often a container path,
      // whose absence here says nothing (the whole-broker rules are off all the same: the model is partial).
      if (!isAbsolute(raw) || wouldBeInWorkspace(dir, fs)) {
        this.reportToken(
          'include-dir-error',
          line,
          value,
          `mosquitto stops with "Unable to open include_dir '${clip(raw)}'": no such directory${lookedIn(raw, places, workingDirectory)}.`,
        );
      }
      return;
    }
    const files = names.filter((n) => n.length > 5 && n.endsWith('.conf')).sort(includeOrder);
    const saved = {
      file: this.file,
      listener: this.listener,
      bridge: this.bridge,
      plugin: this.plugin,
      kpass: this.kpassSeen,
      authOpt: this.authOpt,
    };
    for (const name of files) {
      const path = join(dir, name);
      // A link out of the workspace: mosquitto would read it, the analysis does not look.
      if (!fs.mayRead(path)) {
        unread();
        continue;
      }
      if (!this.texts.has(path)) this.texts.set(path, fs.readFile(path));
      const text = this.texts.get(path);
      if (text !== undefined && !this.mayInclude(text)) {
        this.file = saved.file;
        this.reportIncludeLimit(line, value);
        unread();
        break;
      }
      const before = this.findings.length;
      if (text === undefined) {
        unread();
        this.file = saved.file;
        this.reportToken('include-dir-error', line, value, `mosquitto cannot read the included file ${clip(name)}.`);
        continue;
      }
      this.model.includedFiles.push(path);
      this.readFile(path, text);
      this.file = saved.file;
      // Mosquitto names both the included file's line and this include_dir line.
      const firstError = this.findings.slice(before).find((f) => isErrorCode(f.code) && f.file === path);
      if (firstError) {
        this.reportToken(
          'include-dir-error',
          line,
          value,
          `${clip(name)}:${firstError.line + 1}: ${firstError.message}`,
          {
            related: {
              file: path,
              line: firstError.line,
              start: firstError.start,
              end: firstError.end,
              message: firstError.message,
            },
          },
        );
      }
    }
    this.file = saved.file;
    this.listener = saved.listener;
    this.bridge = saved.bridge;
    this.plugin = saved.plugin;
    this.kpassSeen = saved.kpass;
    this.authOpt = saved.authOpt;
  }

  /** Counts an included file against the analysis's caps; false once they are reached. */
  private mayInclude(text: string): boolean {
    if (this.includedCount >= MAX_INCLUDED_FILES || this.includedBytes + text.length > MAX_INCLUDED_BYTES) return false;
    this.includedCount++;
    this.includedBytes += text.length;
    return true;
  }

  private reportIncludeLimit(line: OptionLine, value: Token): void {
    if (this.includeLimitReported) return;
    this.includeLimitReported = true;
    this.reportToken(
      'include-limit',
      line,
      value,
      `The analysis stopped reading included files here, after ${this.includedCount} files (${Math.ceil(this.includedBytes / 1024)} KiB); the rest of the include_dir files are not checked.`,
    );
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
