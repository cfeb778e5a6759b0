/**
 * When mosquitto creates its implicit default listener. 2.0.11 (config__parse_args in src/conf.c)
 * creates it only when, after the whole config is read, one of the default listener's settings differs
 * from its default: a listener option before the first `listener` of a file that is set to its default
 * value (`protocol mqtt`, `max_connections -1`) creates nothing. 2.1 creates it for any of them.
 */
import type { MosquittoVersion } from '../types';
import { canonicalName, type ConfModel, type Entry } from './model';
import { atoi, parseBool } from './values';

type Differs = (value: string) => boolean;
const SET: Differs = () => true;
const TRUE: Differs = (v) => parseBool(v) === true;

/** The default listener's settings mosquitto 2.0.11 compares with their defaults, by canonical option name. */
const TRIGGERS: ReadonlyMap<string, Differs> = new Map([
  ['port', SET],
  ['bind_address', SET],
  ['bind_interface', SET],
  ['cafile', SET],
  ['capath', SET],
  ['certfile', SET],
  ['keyfile', SET],
  ['tls_engine', SET],
  ['tls_engine_kpass_sha1', SET],
  ['tls_keyform', (v) => v === 'engine'],
  ['ciphers', SET],
  ['ciphers_tls1.3', SET],
  ['dhparamfile', SET],
  ['psk_hint', SET],
  ['crlfile', SET],
  ['require_certificate', TRUE],
  ['use_identity_as_username', TRUE],
  ['use_subject_as_username', TRUE],
  ['use_username_as_clientid', TRUE],
  // A negative max_connections is stored as -1, the default.
  ['max_connections', (v) => atoi(v) >= 0],
  ['max_qos', (v) => atoi(v) !== 2],
  ['mount_point', SET],
  ['protocol', (v) => v !== 'mqtt'],
  ['socket_domain', SET],
]);

/** With per_listener_settings, these security options before the first listener belong to the default listener. */
const SECURITY_TRIGGERS: ReadonlyMap<string, Differs> = new Map([
  ['password_file', SET],
  ['psk_file', SET],
  ['allow_zero_length_clientid', (v) => parseBool(v) === false],
]);

/** Whether this listener option is one mosquitto compares with its default at all. */
export function isDefaultListenerTrigger(name: string): boolean {
  return TRIGGERS.has(name);
}

/** The entry (first in reading order) that makes mosquitto create the default listener, if any. */
export function defaultListenerCreator(model: ConfModel, version: MosquittoVersion): Entry | undefined {
  const listener = model.defaultListener;
  const creators = new Set<Entry>();
  for (const [name, entry] of listener.options) {
    const differs = TRIGGERS.get(name) ?? (model.perListenerSettings ? SECURITY_TRIGGERS.get(name) : undefined);
    if (!differs || !entry.value) continue;
    if (version === '2.1' || differs(entry.value.text)) creators.add(entry);
  }
  if (model.perListenerSettings && listener.security.plugins[0]) creators.add(listener.security.plugins[0]);
  if (creators.size === 0) return undefined;
  return model.entries.find((e) => creators.has(e));
}

/** Listener options before the first `listener` that are set but change nothing mosquitto compares. */
export function isDefaultValued(entry: Entry): boolean {
  const differs = TRIGGERS.get(canonicalName(entry));
  return differs !== undefined && entry.value !== undefined && !differs(entry.value.text);
}
