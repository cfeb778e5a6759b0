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

/**
 * Where a relative path may resolve. With \`mqttWorkbench.mosquitto.workingDirectory\` set, there alone; else
 * mosquitto's working directory is unknown: the config's folder and each folder above it inside the
 * workspace (a repository's scripts often start the broker from its root: \`mosquitto -c test/broker.conf\`).
 */
export function possiblePaths(
  value: string,
  path: string | undefined,
  workingDirectory: string,
  fs: FileSystemView,
): string[] {
  const first = resolveConfPath(value, path, workingDirectory);
  if (!first) return [];
  if (isAbsolute(value) || workingDirectory || !path) return [first];
  const out = [first];
  for (let dir = dirname(dirname(path)); out.length < 16 && fs.mayRead(dir); dir = dirname(dir)) {
    out.push(join(dir, value));
    if (dirname(dir) === dir) break;
  }
  return out;
}

/** Where a relative path was looked for, and why there, for messages. */
export function lookedIn(value: string, places: readonly string[], workingDirectory = ''): string {
  if (isAbsolute(value)) return '';
  const where = places.length > 1 ? `${clip(places[0]!)} and ${places.length - 1} folders above` : clip(places[0]!);
  return workingDirectory
    ? ` (looked in ${where}: relative paths are resolved against mosquitto's working directory, \`mqttWorkbench.mosquitto.workingDirectory\`)`
    : ` (looked in ${where}: mosquitto resolves relative paths against its working directory, which is not known here, so the config's folder and the workspace folders above it were tried; set \`mqttWorkbench.mosquitto.workingDirectory\` to say where the broker runs)`;
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
