/**
 * The shape of one entry in the mosquitto option table (options.ts). Rules as data: the parser,
 * hovers and completion all read these entries; nothing else lists option names.
 */

/** How mosquitto 2.0 reads the value (src/conf.c). */
export type ValueKind =
  /** Next space-delimited token; exactly `true`, `false`, `1` or `0`. */
  | 'bool'
  /** Next token through atoi(): never fails, `abc` is 0, `10abc` is 10. */
  | 'int'
  /** Rest of the line, trimmed of isspace at both ends; an inline `# comment` becomes part of it. */
  | 'string'
  /** Like string, but names a file (checked for existence relative to the config). */
  | 'file'
  /** Like string, but names a directory. */
  | 'directory'
  /** One token from `values`, case-sensitive; further tokens are never read. */
  | 'enum'
  /** A value with its own parser in the analysis (listener, address, topic, log_dest, ...). */
  | 'special';

/**
 * Where an option applies (reference §2):
 * global: anywhere, position irrelevant. security: global unless per_listener_settings is true.
 * listener: the current listener (or the implicit default listener before any `listener`).
 * default-listener: only the implicit default listener (`port`, `bind_address`).
 * bridge: needs a preceding `connection` in the same file. plugin: needs a preceding `plugin`.
 * main: read only in the main config file (`include_dir`).
 */
export type OptionScope = 'global' | 'security' | 'listener' | 'default-listener' | 'bridge' | 'plugin' | 'main';

/** What a second occurrence in the same scope does. */
export type RepeatRule = 'last-wins' | 'duplicate-error' | 'accumulate';

/** Versions that matter to the table: when an option appeared or went away. */
export type VersionTag = '2.0.21' | '2.1';

export interface OptionSpec {
  name: string;
  kind: ValueKind;
  scope: OptionScope;
  repeat: RepeatRule;
  /** Argument shape for hovers, e.g. `<port> [<bind address>]`. */
  argument: string;
  /** Enum values (kind `enum`), in the order completion offers them. */
  values?: readonly string[];
  /** Enum values only later versions accept (kind `enum`), with the first version that does. */
  valuesSince?: Readonly<Record<string, VersionTag>>;
  /** Short markdown for each enum value, used by value hovers. */
  valueDocs?: Readonly<Record<string, string>>;
  /** int: values below min or above max are fatal; `rangeMessage` is mosquitto's exact error text. */
  min?: number;
  max?: number;
  rangeMessage?: string;
  /** int: values below `below` are silently (or with a NOTICE) replaced by `to`. */
  clamp?: { below: number; to: number; notice?: string };
  /** The value takes the raw rest of the line: no trimming of trailing spaces (include_dir, ...). */
  raw?: boolean;
  /** An empty value is reported but not fatal (max_connections, log_type, protocol, persistent_client_expiration). */
  emptyIsNotFatal?: boolean;
  /** Label used in mosquitto's Empty/Duplicate messages when it is not the option name. */
  label?: string;
  /** Default as the 2.0 code behaves, in words. */
  default?: string;
  /** First version that accepts the option (absent: every 2.0.x). */
  since?: VersionTag;
  /** Deprecation: the replacement option (if any), what the broker prints, and from which version. */
  deprecated?: { replacement?: string; note: string; since?: VersionTag };
  /** Canonical name when this is an alias (`auth_plugin` -> `plugin`). */
  aliasOf?: string;
  /** Markdown: what the option does. */
  doc: string;
  /** Markdown: the trap, when there is one (shown in hovers under a heading). */
  trap?: string;
  /** Markdown: where the man page and the code disagree. */
  caveat?: string;
  /** Counts as a security option for the `per_listener_settings` ordering rule. */
  security?: boolean;
}
