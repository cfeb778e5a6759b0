/** Options of kind `special`: each has a reader of its own, chosen by name (rules as data). */
import { restTrimmed, type OptionLine } from '../lexer';
import type { Entry } from '../model';
import { readAddress, readRestartTimeout, readTopic } from './bridge';
import { missing, type ReadContext, type Reader } from './context';
import { readExpiration, readKpass, readLogDest, readPluginOpt } from './formats';
import { readListener, readMountPoint } from './listener';

/** 2.1-only options with free-form values: they need a value, nothing more is known. */
const readFreeForm: Reader = (ctx, line, entry) => {
  const value = restTrimmed(line.text, line.restStart);
  if (!value) return missing(ctx, line, entry);
  entry.value = value;
  ctx.store(line, entry);
};

const READERS = new Map<string, Reader>([
  ['listener', readListener],
  ['address', readAddress],
  ['addresses', readAddress],
  ['topic', readTopic],
  ['log_dest', readLogDest],
  ['restart_timeout', readRestartTimeout],
  ['persistent_client_expiration', readExpiration],
  // mosquitto ignores the value (the deprecation says so): nothing to check or store.
  ['retry_interval', () => undefined],
  ['tls_engine_kpass_sha1', readKpass],
  ['mount_point', readMountPoint],
  ['plugin_opt_*', readPluginOpt],
  ['auth_opt_*', readPluginOpt],
]);

/** Read the value of a `special` option with its own reader. */
export function readSpecial(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  (READERS.get(entry.spec.name) ?? readFreeForm)(ctx, line, entry);
}
