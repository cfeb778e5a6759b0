/**
 * Every diagnostic the mosquitto.conf analysis can report: a stable code, its default severity and one
 * line for docs and settings. Rules as data: tests assert codes and severities, users override them by
 * code in `mqttWorkbench.diagnostics.severity`.
 */
import type { Area, CodeInfo } from '../diagnostics';

export const CONF_CODES = {
  // What mosquitto 2.0 rejects (it stops at the first one, exit code 3).
  'unknown-option': { severity: 'error', summary: 'Option name mosquitto does not know (typos get a suggestion).' },
  'removed-option': { severity: 'error', summary: 'A mosquitto 1.x option that 2.0 rejects as unknown.' },
  'unsupported-in-version': {
    severity: 'error',
    summary: 'An option the selected mosquitto version does not accept yet.',
  },
  'invalid-bool': { severity: 'error', summary: 'A boolean that is not exactly true, false, 1 or 0.' },
  'missing-value': { severity: 'error', summary: 'An option without its value.' },
  'value-out-of-range': { severity: 'error', summary: 'A number outside the range mosquitto accepts for this option.' },
  'invalid-enum-value': { severity: 'error', summary: 'A value that is not one of the option’s allowed words.' },
  'invalid-value': { severity: 'error', summary: 'A value mosquitto cannot parse for this option.' },
  'duplicate-option': { severity: 'error', summary: 'A string or path option set twice in one scope.' },
  'option-outside-scope': {
    severity: 'error',
    summary: 'A bridge, listener or plugin option without its `connection`, `listener` or `plugin`.',
  },
  'per-listener-settings-order': {
    severity: 'error',
    summary: '`per_listener_settings true` after a security option.',
  },
  'tab-separator': { severity: 'error', summary: 'A TAB where mosquitto only accepts spaces.' },
  'indented-comment': { severity: 'error', summary: 'A `#` that is not in column 1: not a comment for mosquitto.' },
  'byte-order-mark': {
    severity: 'error',
    summary: 'A UTF-8 byte order mark, which becomes part of the first option name.',
  },
  'malformed-utf8': { severity: 'error', summary: 'A value with invalid UTF-8 or control characters.' },
  'bridge-incomplete': { severity: 'error', summary: 'A bridge without an address or a topic.' },
  'listener-conflict': {
    severity: 'error',
    summary: 'Two listeners on the same port and address: the second fails to bind.',
  },
  'websockets-only': { severity: 'error', summary: 'Only websockets listeners: mosquitto 2.0 refuses to start.' },
  'include-dir-error': {
    severity: 'error',
    summary: 'An include_dir that cannot be read, or an error inside an included file.',
  },
  // What mosquitto accepts but silently misreads.
  'non-numeric-integer': { severity: 'warning', summary: 'A number mosquitto reads with atoi(): text becomes 0.' },
  'inline-comment-in-value': {
    severity: 'warning',
    summary: 'A trailing `# comment` that becomes part of a string or path value.',
  },
  'quoted-value': {
    severity: 'warning',
    summary: 'Quotes are not syntax in mosquitto.conf: they become part of the value.',
  },
  'ignored-extra-tokens': { severity: 'warning', summary: 'Words after a value that mosquitto never reads.' },
  'implicit-default-listener': {
    severity: 'warning',
    summary: 'A listener option before the first `listener`: it configures an implicit listener on port 1883.',
  },
  'websockets-bind-address-ignored': {
    severity: 'warning',
    summary: 'A websockets listener address that mosquitto 2.0 ignores.',
  },
  'incomplete-tls': {
    severity: 'warning',
    summary: 'TLS options without both certfile and keyfile: a plain listener.',
  },
  'deprecated-option': {
    severity: 'information',
    summary: 'A deprecated option or alias (still accepted), with its replacement; shown struck through.',
  },
  'empty-value-ignored': { severity: 'warning', summary: 'An empty value mosquitto reports but ignores.' },
  'value-adjusted': {
    severity: 'warning',
    summary: 'A value mosquitto silently replaces (for example a negative limit becomes unlimited).',
  },
  'unix-socket-listener': {
    severity: 'warning',
    summary: 'A listener whose port is not a number: its address becomes a Unix socket path.',
  },
  'bridge-topic-problem': {
    severity: 'warning',
    summary: 'A bridge topic pattern that breaks the MQTT topic rules or hides a trap.',
  },
  'runtime-failure': {
    severity: 'warning',
    summary: 'A value mosquitto accepts while parsing but that fails when the listener or bridge starts.',
  },
  'ignored-option': { severity: 'warning', summary: 'An option mosquitto accepts but ignores here.' },
  'repeated-option': { severity: 'information', summary: 'An option set again in the same scope: the last one wins.' },
  // The traps this product exists for.
  'anonymous-on-public-listener': {
    severity: 'warning',
    summary: 'Anonymous clients allowed on a listener reachable from other hosts.',
  },
  'plaintext-credentials': {
    severity: 'warning',
    summary: 'Passwords accepted over a listener without TLS that other hosts can reach.',
  },
  'listener-all-interfaces': { severity: 'information', summary: 'A listener bound to every interface.' },
  'no-listener': { severity: 'information', summary: 'No listener: mosquitto 2.0 runs in local-only mode.' },
  'no-acl': {
    severity: 'information',
    summary: 'Authentication without an ACL: every client can read and write every topic.',
  },
  'persistence-off': {
    severity: 'information',
    summary: 'Persistence off: retained messages and sessions are lost on restart.',
  },
  'unbounded-queue': {
    severity: 'warning',
    summary: 'No limit on queued messages: one slow subscriber can exhaust memory.',
  },
  'no-queue-byte-limit': {
    severity: 'information',
    summary: 'Persistent sessions whose queues are limited in count but not in bytes.',
  },
  'sessions-never-expire': {
    severity: 'information',
    summary: 'Persistent sessions of clients that never return are kept forever.',
  },
  'listener-refuses-everyone': {
    severity: 'warning',
    summary: 'A listener with no way in: anonymous off and no password file, plugin or certificate login.',
  },
  'sys-disabled': { severity: 'information', summary: '`sys_interval 0` disables the $SYS broker status topics.' },
  'missing-file': {
    severity: 'warning',
    summary:
      "A referenced file or directory (include_dir outside the workspace included) that does not exist where mosquitto's working directory puts it.",
  },
  'plaintext-password-file': {
    severity: 'warning',
    summary: 'A password_file with plaintext passwords instead of mosquitto_passwd hashes.',
  },
  'insecure-bridge': { severity: 'warning', summary: 'A bridge with TLS certificate verification switched off.' },
  'include-limit': {
    severity: 'warning',
    summary: 'More included files or bytes than the analysis reads; the rest is not checked.',
  },
  'not-mosquitto-conf': {
    severity: 'information',
    summary: 'A file named like a mosquitto config whose lines are mostly not mosquitto options: not checked.',
  },
  'too-many-problems': {
    severity: 'information',
    summary: 'More diagnostics than `mqttWorkbench.diagnostics.maxPerFile`.',
  },
} as const satisfies Record<string, CodeInfo>;

export type ConfCode = keyof typeof CONF_CODES;

/** The mosquitto.conf analysis in the diagnostics pipeline. */
export const CONF_AREA: Area = { codes: CONF_CODES };
