/**
 * Which files in a folder hold what (mosquitto configs, ACL files, MQTT source code), found through
 * the injected file system: `git ls-files` inside a checkout (so .gitignore is honoured), else a walk.
 */
import { relative, sep } from 'node:path';
import { ACL_LANGUAGE, CONF_LANGUAGE, languageOfPath } from '../../common/src/languages';
import { looksLikeMosquittoConf } from './conf/recognise';
import { globMatcher } from './glob';
import type { WorkspaceFileSystem } from './types';

/** Folders never searched, even outside a git checkout. */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.vscode-test',
  'out',
  'dist',
  'build',
  'target',
  'vendor',
  '__pycache__',
  '.venv',
  'venv',
]);

/** Source files larger than this are skipped in folder searches (generated or vendored code). */
const MAX_SOURCE_FILE = 2 * 1024 * 1024;

/** A file found in a folder, with the language id it is read as. */
export interface FoundFile {
  file: string;
  languageId: string;
}

/**
 * A matcher for exclude globs written relative to a folder (`examples/**`, `*.py`, `{a,b}/**`): a path
 * is excluded when a glob matches it or one of the folders it lies in (so `examples` leaves out the
 * whole folder). `*.py` only matches at the top; `**\/*.py` matches at any depth. A glob too costly to
 * match (see globProblem) leaves nothing out.
 */
export function excludeMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  if (globs.length === 0) return () => false;
  const matchers = globs.map(globMatcher);
  return (relativePath) => matchers.some((matches) => matches(relativePath));
}

/**
 * Explicit files as given; folders searched for configs, ACL files and source files, honouring
 * .gitignore (through git, inside a checkout) and the exclude globs. A config found by its name counts
 * only when its content looks like one. Sorted, without duplicates.
 */
export async function collectFiles(
  paths: readonly string[],
  excludes: readonly string[],
  fs: WorkspaceFileSystem,
): Promise<FoundFile[]> {
  const found = new Map<string, string>();
  const excluded = excludeMatcher(excludes);
  for (const root of paths) {
    if (!fs.isDirectory(root)) {
      const languageId = languageOfPath(root, true);
      if (languageId) found.set(root, languageId);
      continue;
    }
    for (const file of await fs.listFiles(root)) {
      const rel = relative(root, file).split(sep).join('/');
      if (rel.split('/').some((part) => SKIP_DIRS.has(part)) || excluded(rel)) continue;
      const languageId = languageOfPath(file);
      if (!languageId) continue;
      const size = fs.fileSize(file);
      if (size === undefined || (languageId !== CONF_LANGUAGE && languageId !== ACL_LANGUAGE && size > MAX_SOURCE_FILE))
        continue;
      // A name is not enough: nginx sites live in conf.d folders too, and upstart jobs are called mosquitto.conf.
      if (languageId === CONF_LANGUAGE && !looksLikeMosquittoConf((await fs.readText(file)) ?? '')) continue;
      found.set(file, languageId);
    }
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, languageId]) => ({ file, languageId }));
}
