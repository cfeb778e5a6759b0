/**
 * Every option mosquitto 2.0 (and 2.1) accepts: the single source for parsing, hovers and completion.
 * Facts from the project's reference (mosquitto's src/conf.c, checked against the 2.0.11 binary).
 */
import type { OptionScope, OptionSpec } from './optionTypes';

type Extra = Partial<OptionSpec>;

const bool = (name: string, scope: OptionScope, def: string, doc: string, extra: Extra = {}): OptionSpec => ({
  name,
  kind: 'bool',
  scope,
  repeat: 'last-wins',
  argument: 'true|false',
  default: def,
  doc,
  ...extra,
});
const int = (
  name: string,
  scope: OptionScope,
  argument: string,
  def: string,
  doc: string,
  extra: Extra = {},
): OptionSpec => ({
  name,
  kind: 'int',
  scope,
  repeat: 'last-wins',
  argument,
  default: def,
  doc,
  ...extra,
});
const str = (name: string, scope: OptionScope, argument: string, doc: string, extra: Extra = {}): OptionSpec => ({
  name,
  kind: 'string',
  scope,
  repeat: 'duplicate-error',
  argument,
  doc,
  ...extra,
});
const file = (name: string, scope: OptionScope, doc: string, extra: Extra = {}): OptionSpec => ({
  name,
  kind: 'file',
  scope,
  repeat: 'duplicate-error',
  argument: '<file path>',
  default: 'none',
  doc,
  ...extra,
});
const dir = (name: string, scope: OptionScope, doc: string, extra: Extra = {}): OptionSpec => ({
  name,
  kind: 'directory',
  scope,
  repeat: 'duplicate-error',
  argument: '<directory path>',
  default: 'none',
  doc,
  ...extra,
});
const enumOf = (
  name: string,
  scope: OptionScope,
  values: Record<string, string>,
  def: string,
  doc: string,
  extra: Extra = {},
): OptionSpec => ({
  name,
  kind: 'enum',
  scope,
  repeat: 'last-wins',
  argument: Object.keys(values).join('|'),
  values: Object.keys(values),
  valueDocs: values,
  default: def,
  doc,
  ...extra,
});
const special = (name: string, scope: OptionScope, argument: string, doc: string, extra: Extra = {}): OptionSpec => ({
  name,
  kind: 'special',
  scope,
  repeat: 'last-wins',
  argument,
  doc,
  ...extra,
});

const TLS_VERSIONS = {
  'tlsv1.3': 'TLS 1.3 only.',
  'tlsv1.2': 'TLS 1.2 or newer (the default allows 1.2 and 1.3).',
  'tlsv1.1': 'TLS 1.1 or newer; TLS 1.1 is obsolete and insecure.',
};

const GENERAL: OptionSpec[] = [
  bool(
    'allow_duplicate_messages',
    'global',
    'false in the 2.0 code (the man page says true)',
    'Whether a client subscribed with overlapping subscriptions receives a message once per matching subscription.',
    {
      deprecated: { note: 'mosquitto prints a NOTICE on every use; the behaviour will default to true.' },
      caveat: 'The man page says the default is true; in 2.0.x the code default is false (true only from 2.1).',
    },
  ),
  int(
    'autosave_interval',
    'global',
    '<seconds>',
    '1800',
    'Seconds between saves of the in-memory database to disk when `persistence` is on. 0 saves only on shutdown (or by change count with `autosave_on_changes`).',
    { clamp: { below: 0, to: 0 } },
  ),
  bool(
    'autosave_on_changes',
    'global',
    'false',
    'When true, `autosave_interval` counts changes (messages, subscriptions) instead of seconds.',
  ),
  bool(
    'check_retain_source',
    'global',
    'false in the code (the man page says true)',
    'Re-check publish ACL permission for a retained message before sending it to a new subscriber, so revoking access also hides old retained messages.',
    {
      security: true,
      caveat:
        'The man page says the default is true; the variable is never initialised in the code, so it is false in 2.0.x and 2.1.',
    },
  ),
  str('clientid_prefixes', 'global', '<prefix>', 'Only clients whose client id starts with this prefix may connect.', {
    deprecated: { note: 'mosquitto prints a NOTICE: the option will be removed. Use ACLs or a plugin instead.' },
  }),
  bool('connection_messages', 'global', 'true', 'Log a line for every client connect and disconnect.'),
  {
    name: 'include_dir',
    kind: 'directory',
    scope: 'main',
    repeat: 'accumulate',
    argument: '<directory path>',
    raw: true,
    default: 'none',
    doc: 'Read every file in the directory whose name ends in `.conf` (and is longer than 5 characters), sorted case-insensitively with upper case first. Each included file starts with no listener, bridge or plugin open.',
    trap: "A relative path resolves against the broker's working directory, not this file's folder. The value is the raw rest of the line: a trailing space becomes part of the path. In an included file `include_dir` is silently ignored.",
  },
  special(
    'log_dest',
    'global',
    'stdout|stderr|syslog|topic|dlt|none|file <path>',
    'Where log messages go. May be repeated to log to several destinations; `none` clears them. `file <path>` may be used once.',
    {
      repeat: 'accumulate',
      default: "stderr (Debian's packaged config sets `file /var/log/mosquitto/mosquitto.log`)",
      values: ['stdout', 'stderr', 'syslog', 'topic', 'dlt', 'none', 'file'],
      valueDocs: {
        stdout: 'Standard output.',
        stderr: 'Standard error (the default).',
        syslog: 'The system log, facility `log_facility`.',
        topic: 'Publish each log line to `$SYS/broker/log/<level>`.',
        dlt: 'The automotive Diagnostic Log and Trace daemon, if built in.',
        none: 'No logging at all (clears destinations given earlier).',
        file: 'Append to the file named after `file`; the broker falls back to stderr if it cannot open it.',
      },
    },
  ),
  int('log_facility', 'global', '<0-7>', 'daemon', 'The syslog facility: `local0` to `local7`.', {
    min: 0,
    max: 7,
    rangeMessage: 'Error: Invalid log_facility value.',
  }),
  bool('log_timestamp', 'global', 'true', 'Prefix each log line with a timestamp.'),
  str(
    'log_timestamp_format',
    'global',
    '<strftime format>',
    'strftime(3) format of log timestamps, e.g. `%Y-%m-%dT%H:%M:%S`. Unset, the timestamp is seconds since the epoch.',
  ),
  enumOf(
    'log_type',
    'global',
    {
      debug: 'Debug messages.',
      error: 'Errors.',
      warning: 'Warnings.',
      notice: 'Notices.',
      information: 'Information.',
      subscribe: 'Each subscription.',
      unsubscribe: 'Each unsubscription.',
      websockets: 'libwebsockets messages (see `websockets_log_level`).',
      internal: 'Internal messages (undocumented).',
      none: 'Nothing (clears types given earlier).',
      all: 'Every type.',
    },
    'error, warning, notice, information',
    'Which kinds of log message to write. May be repeated; `all` selects everything, `none` clears.',
    {
      repeat: 'accumulate',
      emptyIsNotFatal: true,
      caveat: '`internal` is accepted but undocumented.',
    },
  ),
  int(
    'max_inflight_bytes',
    'global',
    '<bytes>',
    '0 (no limit)',
    'Outgoing QoS 1 and 2 bytes that may be in flight per client before further messages are queued.',
    { clamp: { below: 0, to: 0 } },
  ),
  int(
    'max_inflight_messages',
    'global',
    '<count>',
    '20',
    "Outgoing QoS 1 and 2 messages that may be in flight per client (0 = unlimited). For MQTT 5 clients this is the broker's Receive Maximum.",
    {
      max: 65535,
      rangeMessage: 'Error: max_inflight_messages must be <= 65535.',
      clamp: { below: 0, to: 0 },
    },
  ),
  int(
    'max_keepalive',
    'global',
    '<seconds>',
    '65535 (0 = no limit from 2.0.16)',
    'The longest keepalive a client may ask for; MQTT 5 clients asking for more are told to use this value.',
    {
      min: 10,
      max: 65535,
      rangeMessage: 'Error: Invalid max_keepalive value.',
      caveat:
        'mosquitto 2.0.11 and 2.0.12 reject values below 10; 2.0.13+ accept 0–65535. From 2.0.16 the code default is 0 (no limit) while the man page still says 65535.',
    },
  ),
  int(
    'max_packet_size',
    'global',
    '<bytes>',
    'no limit',
    'The largest MQTT packet the broker accepts; larger packets disconnect the client.',
    {
      min: 20,
      rangeMessage: 'Error: Invalid max_packet_size value.',
      caveat: '"Defaults to no limit", but writing 0 (or any value below 20) explicitly is rejected.',
    },
  ),
  int(
    'max_queued_bytes',
    'global',
    '<bytes>',
    '0 (no limit)',
    'Bytes of QoS 1/2 messages queued per client (offline persistent sessions, or above the in-flight limit) before new ones are dropped.',
    {
      clamp: { below: 0, to: 0 },
      trap: 'With no byte limit, a few very large messages to a stuck subscriber can use a lot of memory even when `max_queued_messages` is set.',
    },
  ),
  int(
    'max_queued_messages',
    'global',
    '<count>',
    '1000',
    'Messages queued per client (offline persistent sessions, or above the in-flight limit) before new ones are dropped. 0 means unlimited.',
    {
      clamp: { below: 0, to: 0 },
      trap: "0 (or any text, which atoi reads as 0) means unlimited: one slow or offline persistent subscriber can exhaust the broker's memory.",
    },
  ),
  int(
    'memory_limit',
    'global',
    '<bytes>',
    '0 (no limit)',
    'Heap memory mosquitto may use; messages that would exceed it are refused.',
    { min: 0, rangeMessage: 'Error: Invalid memory_limit value.' },
  ),
  int('message_size_limit', 'global', '<bytes>', '0 (no limit)', 'The largest PUBLISH payload accepted.', {
    min: 0,
    max: 268435455,
    rangeMessage: 'Error: Invalid message_size_limit value.',
    caveat: 'A negative value wraps around to 4294967295 and is rejected.',
    deprecated: {
      replacement: 'max_packet_size',
      note: 'mosquitto recommends max_packet_size, which also covers the MQTT 5 negotiation.',
    },
  }),
  bool(
    'per_listener_settings',
    'global',
    'false',
    'When true, security options (authentication, ACLs, anonymous access, plugins) apply to the listener they follow instead of globally.',
    {
      deprecated: { since: '2.1', note: 'mosquitto 2.1 deprecates it in favour of listener-specific options.' },
      trap: 'It must come before every security option, or mosquitto stops. With it false, `allow_anonymous true` written under one listener opens all listeners.',
    },
  ),
  bool(
    'persistence',
    'global',
    'false',
    'Save retained messages, persistent sessions and their queued messages to `persistence_location`/`persistence_file`, so they survive a restart.',
    {
      trap: 'Off by default: a restart loses every retained message and every persistent session with its queued messages.',
    },
  ),
  bool('retained_persistence', 'global', 'false', 'Undocumented alias of `persistence`.', {
    aliasOf: 'persistence',
    caveat: 'Accepted by the code but not documented.',
  }),
  str(
    'persistence_file',
    'global',
    '<file name>',
    'The file name of the persistence database inside `persistence_location`.',
    { default: 'mosquitto.db' },
  ),
  dir(
    'persistence_location',
    'global',
    "The directory of the persistence database (the file is `<location>/<persistence_file>`). Unset, it is the broker's working directory.",
    {
      default: 'the working directory',
      trap: 'Include the trailing slash: mosquitto joins the location and the file name as written.',
    },
  ),
  special(
    'persistent_client_expiration',
    'global',
    '<number><h|d|w|m|y>',
    'Remove persistent sessions of clients that have not reconnected for this long, e.g. `14d` (m = 30 days, y = 365 days).',
    {
      default: 'never',
      emptyIsNotFatal: true,
      trap: 'Unset, sessions of clients that never return (and their queued messages) are kept forever.',
    },
  ),
  file('pid_file', 'global', "Write the broker's process id to this file (init scripts use it).", {
    default: 'none (Debian: /run/mosquitto/mosquitto.pid)',
  }),
  bool(
    'queue_qos0_messages',
    'global',
    'false',
    'Queue QoS 0 messages for offline persistent sessions too (they count towards `max_queued_messages`).',
  ),
  bool(
    'retain_available',
    'global',
    'true',
    'When false, retained messages are refused (MQTT 5 clients are told; 3.1.1 clients are disconnected when they publish one).',
  ),
  special('retry_interval', 'global', '<seconds>', 'Removed in mosquitto 1.5; accepted and ignored with a warning.', {
    deprecated: {
      note: 'mosquitto warns "The retry_interval option is no longer available" and ignores it. Remove the line.',
    },
  }),
  bool(
    'set_tcp_nodelay',
    'global',
    'false',
    "Disable Nagle's algorithm on client sockets: lower latency for small messages, more packets.",
  ),
  int(
    'sys_interval',
    'global',
    '<seconds>',
    '10',
    'Seconds between updates of the `$SYS/broker/...` status topics. 0 disables them.',
    {
      min: 0,
      max: 65535,
      rangeMessage: 'Error: Invalid sys_interval value.',
      trap: '0 turns `$SYS` off: monitoring tools see no client counts, load or uptime.',
    },
  ),
  bool(
    'upgrade_outgoing_qos',
    'global',
    'false',
    "Deliver messages at the subscription's QoS even when published at a lower QoS (not MQTT-conformant).",
  ),
  str(
    'user',
    'global',
    '<user name>',
    'The user mosquitto switches to after opening its listeners when started as root. Files named in the config are read as this user.',
    {
      default: 'mosquitto (nobody if that user does not exist)',
      caveat: 'Setting it twice is an error ("Duplicate user value"), because of a memory bug in 2.0.',
    },
  ),
  int(
    'websockets_headers_size',
    'global',
    '<bytes>',
    "0 (libwebsockets' 1024)",
    'Size of the buffer for websockets HTTP headers.',
    {
      min: 0,
      max: 65535,
      rangeMessage: 'Error: Websockets headers size must be between 0 and 65535 inclusive.',
    },
  ),
  int(
    'websockets_log_level',
    'global',
    '<bitmask>',
    '0',
    'libwebsockets log level bitmask; needs `log_type websockets`.',
  ),
  int(
    'retain_expiry_interval',
    'global',
    '<minutes>',
    '0 (never)',
    'Retained messages older than this many minutes are removed.',
    { since: '2.0.21' },
  ),
];

const SECURITY: OptionSpec[] = [
  file(
    'acl_file',
    'security',
    'The access control list: which user may read or write which topics. Checked at startup (exit 13 if unreadable).',
    {
      security: true,
      trap: 'Without an ACL (or plugin), every authenticated client may read and write every topic: one compromised device reads all traffic.',
    },
  ),
  bool(
    'allow_anonymous',
    'security',
    'false once a listener exists; forced true in local-only mode',
    'Whether clients may connect without a username.',
    {
      security: true,
      trap: 'On a listener other hosts can reach, true lets anyone in; bots scan for open brokers constantly. With false and no password_file or plugin, nobody can connect at all.',
      caveat:
        'mosquitto 2.0.0–2.0.20 force it true in local-only mode (no listener), even when the file says false; fixed in 2.0.21 (#3198).',
    },
  ),
  bool(
    'allow_zero_length_clientid',
    'security',
    'true',
    'Whether MQTT 3.1.1/5 clients may connect with an empty client id (the broker then assigns `auto_id_prefix` + a random id).',
    { security: true },
  ),
  str(
    'auto_id_prefix',
    'security',
    '<prefix>',
    'Prefix of the client ids mosquitto generates for clients that connect without one.',
    {
      security: true,
      default: 'auto-',
      deprecated: { since: '2.1', replacement: 'listener_auto_id_prefix', note: 'mosquitto 2.1 deprecates it.' },
    },
  ),
  file(
    'password_file',
    'security',
    'The users and password hashes (made with `mosquitto_passwd`). Read at startup (exit 13 if unreadable).',
    {
      security: true,
      trap: 'Passwords cross the network in plain text unless the listener has TLS (`certfile` + `keyfile`). The file must hold hashes: run `mosquitto_passwd -U` on a plaintext file.',
    },
  ),
  file('psk_file', 'security', 'Pre-shared keys (identity:hexkey) for TLS-PSK listeners (`psk_hint`).', {
    security: true,
  }),
  {
    name: 'plugin',
    kind: 'file',
    scope: 'security',
    repeat: 'accumulate',
    argument: '<path to .so>',
    default: 'none',
    security: true,
    doc: 'Load an authentication/authorisation plugin (a shared object). Plugins load in order; `plugin_opt_*` lines after it configure it.',
  },
  {
    name: 'auth_plugin',
    kind: 'file',
    scope: 'security',
    repeat: 'accumulate',
    argument: '<path to .so>',
    default: 'none',
    security: true,
    aliasOf: 'plugin',
    doc: 'Old name of `plugin`.',
    deprecated: { replacement: 'plugin', note: 'Renamed in 2.0.' },
  },
];

const PLUGIN: OptionSpec[] = [
  special(
    'plugin_opt_*',
    'plugin',
    '<value>',
    'An option for the plugin loaded by the last `plugin` line: `plugin_opt_<key> <value>`. The value is the rest of the line (leading spaces skipped, trailing kept).',
    { repeat: 'accumulate' },
  ),
  special('auth_opt_*', 'plugin', '<value>', 'Old name of `plugin_opt_*`.', {
    repeat: 'accumulate',
    deprecated: { note: 'Renamed to plugin_opt_ in 2.0.' },
  }),
  bool(
    'auth_plugin_deny_special_chars',
    'plugin',
    'true',
    'Refuse clients whose username or client id contains `+` or `#` before asking the plugin (protects ACL patterns that use `%u`/`%c`).',
  ),
];

const LISTENER: OptionSpec[] = [
  special(
    'listener',
    'listener',
    '<port> [<bind address> | <unix socket path>]',
    'Open a listener on a port, optionally bound to one address or host. Options after it apply to this listener. Port 0 with a path makes a Unix socket.',
    {
      repeat: 'accumulate',
      default: 'none: mosquitto 2.0 then runs in local-only mode (127.0.0.1 and ::1 port 1883)',
      trap: 'No address means every interface, IPv4 and IPv6; `0.0.0.0` means every IPv4 interface (IPv6 clients cannot connect). Use `127.0.0.1` for a local-only broker.',
    },
  ),
  str('bind_address', 'default-listener', '<address>', 'The address of the implicit default listener.', {
    label: 'default listener bind_address',
    deprecated: { replacement: 'listener', note: 'Use `listener <port> <address>`.' },
  }),
  int('port', 'default-listener', '<port>', '1883', 'The port of the implicit default listener.', {
    min: 1,
    max: 65535,
    rangeMessage: 'Error: Invalid port value.',
    deprecated: { replacement: 'listener', note: 'Use `listener <port>`.' },
  }),
  str(
    'bind_interface',
    'listener',
    '<interface>',
    'Bind the listener to a network interface (e.g. `eth0`, `lo`); takes priority over the address.',
  ),
  dir('http_dir', 'listener', 'Serve static files from this directory on a websockets listener.'),
  int(
    'max_connections',
    'listener',
    '<count>',
    '-1 (unlimited)',
    'The most clients connected to this listener at once.',
    { clamp: { below: -1, to: -1 }, emptyIsNotFatal: true },
  ),
  int('max_qos', 'listener', '<0-2>', '2', 'The highest QoS clients of this listener may use.', {
    min: 0,
    max: 2,
    rangeMessage: 'Error: max_qos must be between 0 and 2 inclusive.',
  }),
  int('maximum_qos', 'listener', '<0-2>', '2', 'The mosquitto 1.6 name of `max_qos`, still accepted.', {
    min: 0,
    max: 2,
    rangeMessage: 'Error: max_qos must be between 0 and 2 inclusive.',
    aliasOf: 'max_qos',
    caveat: 'Accepted but undocumented in 2.0.',
  }),
  int(
    'max_topic_alias',
    'listener',
    '<0-65535>',
    '10',
    'The most topic aliases an MQTT 5 client may use on this listener (0 = none).',
    { min: 0, max: 65535, rangeMessage: 'Error: Invalid max_topic_alias value in configuration.' },
  ),
  special(
    'mount_point',
    'listener',
    '<topic prefix>',
    "Prefix every topic of this listener's clients with this string (isolates tenants).",
    { repeat: 'duplicate-error' },
  ),
  enumOf(
    'protocol',
    'listener',
    { mqtt: 'Plain MQTT over TCP.', websockets: 'MQTT over websockets (browsers).' },
    'mqtt',
    'The protocol this listener speaks.',
    {
      emptyIsNotFatal: true,
      // The official 2.1 container config has an `http_api` listener.
      valuesSince: { http_api: '2.1' },
      caveat:
        "On Debian's 2.0.11 the bind address of a websockets listener is ignored, and a config whose only listener is websockets fails to start.",
    },
  ),
  enumOf(
    'socket_domain',
    'listener',
    { ipv4: 'IPv4 only.', ipv6: 'IPv6 only.' },
    'both',
    'Restrict the listener to one address family.',
  ),
  bool(
    'use_username_as_clientid',
    'listener',
    'false',
    "Replace each client's id with its username (stops clients from taking over each other's sessions).",
  ),
  file('cafile', 'listener', 'CA certificates (PEM) used to verify client certificates.', {
    caveat: 'Ignored without `certfile` + `keyfile` in 2.0.0–2.0.20; an error from 2.0.21.',
  }),
  dir('capath', 'listener', "A directory of CA certificates (c_rehash'ed) used to verify client certificates."),
  file('certfile', 'listener', 'The server certificate (PEM). TLS switches on only when `keyfile` is set too.', {
    trap: 'Without `keyfile`, mosquitto 2.0.0–2.0.20 silently run a plain, unencrypted listener; 2.0.21+ refuse to start.',
  }),
  file('keyfile', 'listener', 'The server private key (PEM). TLS switches on only when `certfile` is set too.'),
  str('ciphers', 'listener', '<OpenSSL cipher list>', 'Allowed TLS 1.2 (and PSK) cipher suites.'),
  str('ciphers_tls1.3', 'listener', '<TLS 1.3 ciphersuites>', 'Allowed TLS 1.3 cipher suites.'),
  file('crlfile', 'listener', 'A certificate revocation list (PEM) for client certificates.'),
  file('dhparamfile', 'listener', 'Diffie-Hellman parameters (PEM) for DHE cipher suites.'),
  bool(
    'require_certificate',
    'listener',
    'false',
    'Require clients to present a certificate signed by `cafile`/`capath`.',
  ),
  str('tls_engine', 'listener', '<engine id>', 'An OpenSSL engine (e.g. a hardware security module) for TLS.'),
  special(
    'tls_engine_kpass_sha1',
    'listener',
    '<40 hex characters>',
    "SHA-1 of the password of the engine's private key.",
    {
      repeat: 'duplicate-error',
      caveat: 'A second use anywhere in the same file is an error (a memory bug in 2.0).',
    },
  ),
  enumOf(
    'tls_keyform',
    'listener',
    { pem: 'The key is a PEM file.', engine: 'The key is held by `tls_engine`.' },
    'pem',
    'Where the private key comes from.',
    {
      caveat: 'Any value other than `engine` silently means `pem`.',
    },
  ),
  enumOf(
    'tls_version',
    'listener',
    TLS_VERSIONS,
    'TLS 1.2 and 1.3',
    'The minimum TLS version (in 1.6 it was the only allowed version).',
    { repeat: 'duplicate-error' },
  ),
  bool(
    'use_identity_as_username',
    'listener',
    'false',
    "Use the client certificate's Common Name (or the PSK identity) as the username.",
  ),
  bool('use_subject_as_username', 'listener', 'false', "Use the client certificate's full subject as the username."),
  str(
    'psk_hint',
    'listener',
    '<hint>',
    'Switch the listener to TLS-PSK and send this hint; keys come from `psk_file`.',
  ),
];

const BRIDGE: OptionSpec[] = [
  str(
    'connection',
    'bridge',
    '<bridge name>',
    'Start a bridge to another broker. Options after it configure this bridge.',
    { repeat: 'accumulate' },
  ),
  special(
    'address',
    'bridge',
    '<host>[:<port>] [<host>[:<port>] ...]',
    'The remote broker(s), tried in turn; port 1883 unless given. An IPv6 address needs a port.',
    { repeat: 'duplicate-error' },
  ),
  special('addresses', 'bridge', '<host>[:<port>] [<host>[:<port>] ...]', 'Same as `address`.', {
    repeat: 'duplicate-error',
    aliasOf: 'address',
  }),
  special(
    'topic',
    'bridge',
    '<pattern> [in|out|both [<qos> [<local prefix> [<remote prefix>]]]]',
    'A topic pattern to bridge: `out` sends local messages to the remote broker, `in` brings remote ones here (direction defaults to out, QoS to 0).',
    { repeat: 'accumulate' },
  ),
  bool(
    'bridge_attempt_unsubscribe',
    'bridge',
    'true',
    'Unsubscribe from unused remote topics when the bridge (re)connects.',
  ),
  str('bridge_bind_address', 'bridge', '<address>', 'The local address the bridge connects from.'),
  int(
    'bridge_max_packet_size',
    'bridge',
    '<bytes>',
    '0 (unlimited)',
    'The largest packet the bridge accepts from the remote broker.',
    { clamp: { below: 0, to: 0 } },
  ),
  bool('bridge_outgoing_retain', 'bridge', 'true', 'Keep the retain flag on messages sent to the remote broker.'),
  {
    name: 'bridge_protocol_version',
    kind: 'enum',
    scope: 'bridge',
    repeat: 'last-wins',
    argument: 'mqttv31|mqttv311|mqttv50',
    raw: true,
    default: 'mqttv311',
    values: ['mqttv31', 'mqttv311', 'mqttv50'],
    valueDocs: { mqttv31: 'MQTT 3.1.', mqttv311: 'MQTT 3.1.1 (the default).', mqttv50: 'MQTT 5 (new in 2.0).' },
    doc: 'The MQTT version the bridge speaks to the remote broker.',
    trap: 'The value is the raw rest of the line: a trailing space makes it invalid.',
  },
  bool(
    'cleansession',
    'bridge',
    'false',
    "Clean session on the remote broker: false keeps the bridge's subscriptions and queued messages there while it is disconnected.",
  ),
  bool(
    'local_cleansession',
    'bridge',
    'same as cleansession',
    "Clean session for the bridge's connection to the local broker.",
  ),
  str('remote_clientid', 'bridge', '<client id>', 'The client id the bridge uses on the remote broker.', {
    label: 'bridge remote clientid',
    default: '<hostname>.<connection name>',
  }),
  str('clientid', 'bridge', '<client id>', 'Old name of `remote_clientid`.', {
    label: 'bridge remote clientid',
    aliasOf: 'remote_clientid',
    deprecated: { replacement: 'remote_clientid', note: 'Renamed.' },
  }),
  str(
    'local_clientid',
    'bridge',
    '<client id>',
    'The client id the bridge uses on the local broker; must be unique across bridges.',
    { label: 'bridge local clientd', default: 'local.<remote_clientid>' },
  ),
  str('remote_username', 'bridge', '<username>', 'The username on the remote broker.', {
    label: 'bridge remote_username',
  }),
  str('username', 'bridge', '<username>', 'Old name of `remote_username`.', {
    label: 'bridge remote_username',
    aliasOf: 'remote_username',
    deprecated: { replacement: 'remote_username', note: 'Renamed.' },
  }),
  str('remote_password', 'bridge', '<password>', 'The password on the remote broker.', {
    label: 'bridge remote_password',
    trap: 'Sent in plain text unless the bridge uses TLS (`bridge_cafile` or `bridge_capath`).',
  }),
  str('password', 'bridge', '<password>', 'Old name of `remote_password`.', {
    label: 'bridge remote_password',
    aliasOf: 'remote_password',
    deprecated: { replacement: 'remote_password', note: 'Renamed.' },
  }),
  str('local_username', 'bridge', '<username>', 'The username on the local broker.', {
    label: 'bridge local_username',
  }),
  str('local_password', 'bridge', '<password>', 'The password on the local broker.', {
    label: 'bridge local_password',
  }),
  int('idle_timeout', 'bridge', '<seconds>', '60', 'For `start_type lazy`: disconnect after this many idle seconds.', {
    clamp: { below: 1, to: 1, notice: 'idle_timeout interval too low, using 1 second.' },
  }),
  int('keepalive_interval', 'bridge', '<seconds>', '60', "The bridge's MQTT keepalive towards the remote broker.", {
    max: 65535,
    rangeMessage: 'Error: Bridge keepalive value too high.',
    clamp: { below: 5, to: 5, notice: 'keepalive interval too low, using 5 seconds.' },
  }),
  bool('notifications', 'bridge', 'true', "Publish the bridge's connection state (1/0) to `notification_topic`."),
  bool('notifications_local_only', 'bridge', 'false', 'Publish notifications only on the local broker.'),
  str('notification_topic', 'bridge', '<topic>', 'Where the bridge publishes its state.', {
    default: '$SYS/broker/connection/<remote_clientid>/state',
  }),
  special(
    'restart_timeout',
    'bridge',
    '<seconds> | <base> <cap>',
    'Wait before reconnecting: a constant, or a jittered backoff from base to cap.',
    { default: 'backoff, base 5, cap 30' },
  ),
  bool(
    'round_robin',
    'bridge',
    'false',
    'With several addresses: false returns to the first (primary) when it is back; true keeps rotating.',
  ),
  enumOf(
    'start_type',
    'bridge',
    {
      automatic: 'Connect at startup and reconnect after `restart_timeout`.',
      lazy: 'Connect when `threshold` messages are queued; disconnect after `idle_timeout`.',
      once: 'Connect at startup once; never reconnect.',
    },
    'automatic',
    'When the bridge connects.',
  ),
  int('threshold', 'bridge', '<count>', '10', 'For `start_type lazy`: queued messages that trigger a connection.', {
    clamp: { below: 1, to: 1, notice: 'threshold too low, using 1 message.' },
  }),
  bool('try_private', 'bridge', 'true', 'Tell the remote broker (mosquitto) this is a bridge, to avoid message loops.'),
  file('bridge_cafile', 'bridge', 'CA certificates to verify the remote broker; enables TLS for the bridge.'),
  dir('bridge_capath', 'bridge', 'A directory of CA certificates to verify the remote broker; enables TLS.'),
  file('bridge_certfile', 'bridge', "The bridge's client certificate."),
  file('bridge_keyfile', 'bridge', "The bridge's private key."),
  str(
    'bridge_alpn',
    'bridge',
    '<protocol>',
    'The ALPN protocol name sent to the remote broker (some cloud brokers require it).',
  ),
  bool('bridge_insecure', 'bridge', 'false', "Skip verification of the remote certificate's host name.", {
    trap: 'Anyone in the network path can impersonate the remote broker. Testing only.',
  }),
  bool('bridge_require_ocsp', 'bridge', 'false', 'Require an OCSP-stapled response from the remote broker.'),
  enumOf('bridge_tls_version', 'bridge', TLS_VERSIONS, 'tlsv1.2', 'The TLS version the bridge uses.', {
    repeat: 'duplicate-error',
  }),
  str(
    'bridge_identity',
    'bridge',
    '<identity>',
    'TLS-PSK identity for the bridge (needs `bridge_psk`; excludes certificates).',
  ),
  str('bridge_psk', 'bridge', '<hex key>', 'TLS-PSK key for the bridge, in hex (needs `bridge_identity`).'),
];

const V2_1: OptionSpec[] = [
  special(
    'accept_protocol_versions',
    'listener',
    '<3,4,5>',
    'The MQTT protocol versions this listener accepts (3 = 3.1, 4 = 3.1.1, 5 = 5.0).',
    { since: '2.1' },
  ),
  str('bridge_ciphers', 'bridge', '<cipher list>', 'TLS 1.2 cipher suites for the bridge.', { since: '2.1' }),
  str('bridge_ciphers_tls1.3', 'bridge', '<ciphersuites>', 'TLS 1.3 cipher suites for the bridge.', { since: '2.1' }),
  int('bridge_max_topic_alias', 'bridge', '<count>', '10', 'Topic aliases the bridge may use (MQTT 5).', {
    since: '2.1',
  }),
  int('bridge_receive_maximum', 'bridge', '<1-65535>', '65535', "The bridge's MQTT 5 Receive Maximum.", {
    since: '2.1',
    min: 1,
    max: 65535,
    rangeMessage: 'Error: Invalid bridge_receive_maximum value.',
  }),
  enumOf(
    'bridge_reload_type',
    'bridge',
    { lazy: 'Apply changes at the next reconnect.', immediate: 'Reconnect at once on reload.' },
    'lazy',
    'What a config reload does to this bridge.',
    { since: '2.1' },
  ),
  int(
    'bridge_session_expiry_interval',
    'bridge',
    '<seconds>',
    '0',
    'MQTT 5 session expiry of the bridge on the remote broker.',
    { since: '2.1' },
  ),
  special('bridge_tcp_keepalive', 'bridge', '<idle> <interval> <count>', 'TCP keepalive of the bridge socket.', {
    since: '2.1',
  }),
  int('bridge_tcp_user_timeout', 'bridge', '<ms>', 'unset', 'TCP_USER_TIMEOUT of the bridge socket.', { since: '2.1' }),
  bool('bridge_tls_use_os_certs', 'bridge', 'false', "Trust the operating system's CA certificates for the bridge.", {
    since: '2.1',
  }),
  bool('disable_client_cert_date_checks', 'listener', 'false', 'Accept expired or not-yet-valid client certificates.', {
    since: '2.1',
  }),
  bool('enable_control_api', 'global', 'false', 'Enable the `$CONTROL` API.', { since: '2.1' }),
  enumOf(
    'enable_proxy_protocol',
    'listener',
    { '1': 'PROXY protocol v1.', '2': 'PROXY protocol v2.' },
    'off',
    'Accept the HAProxy PROXY protocol on this listener.',
    { since: '2.1' },
  ),
  bool('proxy_protocol_v2_require_tls', 'listener', 'false', 'Require TLS information in PROXY v2 headers.', {
    since: '2.1',
  }),
  int('global_max_clients', 'global', '<count>', 'unlimited', 'The most clients across all listeners.', {
    since: '2.1',
  }),
  int('global_max_connections', 'global', '<count>', '-1 (unlimited)', 'The most connections across all listeners.', {
    since: '2.1',
  }),
  {
    name: 'global_plugin',
    kind: 'file',
    scope: 'global',
    repeat: 'accumulate',
    argument: '<path to .so>',
    doc: 'A plugin that applies to every listener.',
    since: '2.1',
  },
  special('plugin_load', 'global', '<name> <path>', 'Load a plugin under a name for `plugin_use`.', {
    since: '2.1',
    repeat: 'accumulate',
  }),
  str('plugin_use', 'listener', '<name>', 'Use a plugin loaded with `plugin_load` on this listener.', {
    since: '2.1',
    repeat: 'accumulate',
  }),
  bool('listener_allow_anonymous', 'listener', 'false', 'Anonymous access for this listener only.', { since: '2.1' }),
  str('listener_auto_id_prefix', 'listener', '<prefix>', 'Prefix for generated client ids on this listener.', {
    since: '2.1',
  }),
  int('max_topic_alias_broker', 'listener', '<count>', '10', 'Topic aliases the broker may use towards clients.', {
    since: '2.1',
  }),
  int(
    'packet_buffer_size',
    'global',
    '<bytes>',
    '4096',
    'Size of the packet buffer (alias of websockets_headers_size).',
    { since: '2.1' },
  ),
  str('websockets_origin', 'listener', '<origin>', 'An allowed websockets Origin header (repeatable).', {
    since: '2.1',
    repeat: 'accumulate',
  }),
];

/**
 * A spec with every field, in one order. The factories above spread their extras, which gives the specs
 * dozens of object shapes; one shape keeps the parser's reads of `spec.name`, `spec.kind`, ... fast. (The
 * return type makes the compiler ask for a field added to OptionSpec here.)
 */
function oneShape(spec: OptionSpec): OptionSpec & Record<keyof OptionSpec, unknown> {
  return {
    name: spec.name,
    kind: spec.kind,
    scope: spec.scope,
    repeat: spec.repeat,
    argument: spec.argument,
    values: spec.values,
    valuesSince: spec.valuesSince,
    valueDocs: spec.valueDocs,
    min: spec.min,
    max: spec.max,
    rangeMessage: spec.rangeMessage,
    clamp: spec.clamp,
    raw: spec.raw,
    emptyIsNotFatal: spec.emptyIsNotFatal,
    label: spec.label,
    default: spec.default,
    since: spec.since,
    deprecated: spec.deprecated,
    aliasOf: spec.aliasOf,
    doc: spec.doc,
    trap: spec.trap,
    caveat: spec.caveat,
    security: spec.security,
  };
}

export const OPTIONS: readonly OptionSpec[] = [...GENERAL, ...SECURITY, ...PLUGIN, ...LISTENER, ...BRIDGE, ...V2_1].map(
  oneShape,
);

/**
 * Options by a hash of a name's length, first and last two characters, as an index into an array of
 * candidates to compare. A Map keyed by the names would hash every name read from a config (each a new
 * string), and one keyed by number costs more than an array index; findOption runs once per option line.
 * The wildcard entries are not in it: only the prefix checks below find them.
 */
const nameHash = (name: string): number =>
  (name.length * 31 +
    name.charCodeAt(name.length - 1) * 7 +
    name.charCodeAt(name.length - 2) * 3 +
    name.charCodeAt(0)) &
  1023;
const BY_HASH: OptionSpec[][] = Array.from({ length: 1024 }, () => []);
for (const spec of OPTIONS) if (!spec.name.endsWith('*')) BY_HASH[nameHash(spec.name)]!.push(spec);
const PLUGIN_OPT = OPTIONS.find((o) => o.name === 'plugin_opt_*')!;
const AUTH_OPT = OPTIONS.find((o) => o.name === 'auth_opt_*')!;

/** Exact, case-sensitive lookup; `plugin_opt_<key>`/`auth_opt_<key>` map to their prefix entries. */
export function findOption(name: string): OptionSpec | undefined {
  const candidates = BY_HASH[nameHash(name)]!;
  for (let i = 0; i < candidates.length; i++) if (candidates[i]!.name === name) return candidates[i];
  if (name.endsWith('*')) return undefined;
  if (name.startsWith('plugin_opt_') && name.length > 11) return PLUGIN_OPT;
  if (name.startsWith('auth_opt_') && name.length > 9) return AUTH_OPT;
  return undefined;
}

/** mosquitto 1.x options that 2.0 rejects as unknown. */
export const REMOVED_OPTIONS: Readonly<Record<string, string>> = {
  store_clean_interval: 'It is no longer needed: remove the line.',
  trace_level: 'An rsmb compatibility option; use `log_type`.',
  trace_output: 'An rsmb compatibility option; use `log_dest`.',
  ffdc_output: 'An rsmb compatibility option with no replacement.',
  max_log_entries: 'An rsmb compatibility option with no replacement.',
};
