/** Files a mosquitto config names, resolved the way the analysis resolves them (relative to the config). */
import { dirname, isAbsolute, join } from 'node:path';
import { lexConfig, restTrimmed } from './lexer';

/**
 * A path written in a config, made absolute against the folder of the file it is written in. (mosquitto
 * itself resolves relative paths against its working directory; the config's folder is the best guess.)
 * Undefined for a relative path in a document that has no folder (unsaved).
 */
export function resolveConfPath(value: string, writtenIn: string | undefined): string | undefined {
  if (isAbsolute(value)) return value;
  return writtenIn ? join(dirname(writtenIn), value) : undefined;
}

/** Absolute paths of the ACL files (`acl_file`) a config names. */
export function aclFilesOf(configPath: string, text: string): string[] {
  const out: string[] = [];
  for (const line of lexConfig(text)) {
    if (line.name?.text !== 'acl_file') continue;
    const value = restTrimmed(line.text, line.restStart!);
    if (!value) continue;
    out.push(resolveConfPath(value.text, configPath)!);
  }
  return out;
}
