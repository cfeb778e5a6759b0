/** Files a mosquitto config names, resolved the way mosquitto resolves them (against its working directory). */
import { dirname, isAbsolute, join } from 'node:path';
import type { FileSystemView } from '../types';
import { lexConfig, restTrimmed } from './lexer';
import { clip } from '../text';

/**
 * A path written in a config, made absolute the way mosquitto does: a relative path against the
 * broker's working directory (`workingDirectory`; '' means the main config's folder, the most likely
 * setup; a relative setting is taken from the config's folder). Included files do not change it.
 * Undefined for a relative path when the working directory is unknown (an unsaved document).
 */
export function resolveConfPath(
  value: string,
  mainConfig: string | undefined,
  workingDirectory = '',
): string | undefined {
  if (isAbsolute(value)) return value;
  const cwd = brokerWorkingDirectory(mainConfig, workingDirectory);
  return cwd === undefined ? undefined : join(cwd, value);
}

/** The folder mosquitto runs in, as far as the analysis knows it. */
export function brokerWorkingDirectory(mainConfig: string | undefined, workingDirectory = ''): string | undefined {
  if (isAbsolute(workingDirectory)) return workingDirectory;
  if (!mainConfig) return undefined;
  return join(dirname(mainConfig), workingDirectory);
}

/** Where a relative path was looked for, and why there, for messages. */
export function lookedIn(value: string, resolved: string, workingDirectory = ''): string {
  if (isAbsolute(value)) return '';
  return workingDirectory
    ? ` (looked in ${clip(resolved)}: relative paths are resolved against mosquitto's working directory, \`mqttWorkbench.mosquitto.workingDirectory\`)`
    : ` (looked in ${clip(resolved)}: mosquitto resolves relative paths against its working directory, not the config's folder; the analysis assumes the broker runs in the config's folder: set \`mqttWorkbench.mosquitto.workingDirectory\` if it does not)`;
}

/** Absolute paths of the ACL files (`acl_file`) a config names. */
export function aclFilesOf(configPath: string, text: string, workingDirectory = ''): string[] {
  const out: string[] = [];
  for (const line of lexConfig(text)) {
    if (line.name?.text !== 'acl_file') continue;
    const value = restTrimmed(line.text, line.restStart!);
    if (!value) continue;
    out.push(resolveConfPath(value.text, configPath, workingDirectory)!);
  }
  return out;
}

/**
 * Whether a path that does not exist would lie in the workspace: its nearest existing folder is one the
 * analysis may read. A missing absolute path elsewhere (`/mosquitto/config/...`, `/etc/mosquitto/certs`) is
 * most often where the config runs, a container or another machine, so its absence here says nothing.
 */
export function wouldBeInWorkspace(path: string, fs: FileSystemView): boolean {
  let folder = dirname(path);
  for (let i = 0; i < 64 && !fs.exists(folder); i++) {
    const parent = dirname(folder);
    if (parent === folder) return false;
    folder = parent;
  }
  return fs.mayRead(folder);
}
