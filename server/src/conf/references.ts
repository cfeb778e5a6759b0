/** Files a mosquitto config names, resolved the way the analysis resolves them (relative to the config). */
import { dirname, isAbsolute, join } from 'node:path';
import { lexConfig, restTrimmed } from './lexer';

/** Absolute paths of the ACL files (`acl_file`) a config names. */
export function aclFilesOf(configPath: string, text: string): string[] {
  const out: string[] = [];
  for (const line of lexConfig(text)) {
    if (line.name?.text !== 'acl_file') continue;
    const value = restTrimmed(line.text, line.restStart!);
    if (!value) continue;
    out.push(isAbsolute(value.text) ? value.text : join(dirname(configPath), value.text));
  }
  return out;
}
