/**
 * What the parse pass knows about a configuration after reading it the way mosquitto does: the
 * entries, the listeners, bridges and plugins they belong to, and the findings so far. The rule files
 * read this model; nothing here depends on LSP.
 */
import type { ConfCode } from './codes';
import type { Token } from './lexer';
import type { OptionSpec } from './optionTypes';

/** An edit inside one file: 0-based line, columns in UTF-16 code units. */
export interface TextEdit {
  line: number;
  start: number;
  end: number;
  newText: string;
}

/** A quick fix the analysis already knows how to make. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user would most likely want (VS Code applies it with the keyboard shortcut). */
  preferred?: boolean;
}

/** A problem found in one file, before severities and caps are applied. */
export interface Finding {
  code: ConfCode;
  /** '' for the analysed document, else the absolute path of an included file. */
  file: string;
  line: number;
  start: number;
  end: number;
  /** The headline (about 100 characters, the action at the end). */
  message: string;
  /** Why, for this occurrence (markdown; the hover shows it). */
  detail?: string;
  fixes?: Fix[];
  deprecated?: boolean;
  /** Also point at another place (for example the first of two duplicates). */
  related?: { file: string; line: number; start: number; end: number; message: string };
}

/** One option line as mosquitto applied it. */
export interface Entry {
  spec: OptionSpec;
  /** The name as written (`plugin_opt_host`, `auth_plugin`, ...). */
  name: string;
  file: string;
  line: number;
  nameToken: Token;
  /** The whole line text. */
  text: string;
  /** The value as mosquitto reads it (first token, or trimmed rest of line). */
  value?: Token;
  listener?: Listener;
  bridge?: Bridge;
}

/** Security settings that belong to one scope (global, or one listener with per_listener_settings). */
export interface SecurityScope {
  allowAnonymous?: Entry;
  passwordFile?: Entry;
  aclFile?: Entry;
  pskFile?: Entry;
  plugins: Entry[];
}

export interface Listener {
  /** The `listener` entry; undefined for the implicit default listener. */
  entry?: Entry;
  isDefault: boolean;
  port: number;
  /** Bind address or host as written; undefined means all interfaces. For unix sockets, the path. */
  address?: string;
  addressToken?: Token;
  unixSocket: boolean;
  /** Options applied to this listener, by canonical name (last one wins). */
  options: Map<string, Entry>;
  /**
   * For the default listener: the option that makes mosquitto create it (one that differs from its
   * default, see defaultListener.ts); undefined while mosquitto would not create it.
   */
  createdBy?: Entry;
  security: SecurityScope;
}

export interface Bridge {
  entry: Entry;
  name: string;
  options: Map<string, Entry>;
  address?: Entry;
  topics: Entry[];
}

export interface ConfModel {
  entries: Entry[];
  /** Explicit listeners in file order (main file first, then included files). */
  listeners: Listener[];
  defaultListener: Listener;
  bridges: Bridge[];
  /** Global options by canonical name (last one wins). */
  globals: Map<string, Entry>;
  security: SecurityScope;
  perListenerSettings: boolean;
  /** No `listener`, `port` or `bind_address` anywhere: mosquitto 2.0 starts in local-only mode. */
  localOnly: boolean;
  /**
   * The analysis does not see the whole broker: a conf.d snippet analysed alone, or an include_dir it
   * could not read. Rules that judge the whole broker stay quiet then.
   */
  partial: boolean;
  /** Included files that were read, in the order mosquitto reads them. */
  includedFiles: string[];
  /** Per file: the number of lines and the first option line (where file-level findings go). */
  files: Map<string, { lineCount: number; firstOption?: Entry }>;
}

export function newSecurityScope(): SecurityScope {
  return { plugins: [] };
}

/** The canonical name of an option entry: aliases share mosquitto's storage (and its duplicate checks). */
export function canonicalName(entry: { spec: OptionSpec }): string {
  return entry.spec.aliasOf ?? entry.spec.name;
}
