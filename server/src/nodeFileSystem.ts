/**
 * The real file system, for the server and the CLI. Never throws. Reads go through safeRead (regular files
 * only, capped, never blocking) and only inside the roots it was given; elsewhere it answers whether a path
 * exists, and nothing more. Folders are listed by `git ls-files` (so .gitignore is honoured) run so that
 * nothing the repository configures can run, or by a walk.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { WorkspaceFileSystem } from './types';
import { SKIP_DIRS } from './files';
import { isInside, isNetworkPath } from './pathPolicy';
import {
  DEFAULT_MAX_FILE_BYTES,
  type ReadGuard,
  readablePath,
  readFileGuarded,
  readFileGuardedAsync,
  readHeadGuarded,
} from './safeRead';

export interface NodeFileSystemOptions {
  /**
   * Folders whose files may be read (the workspace folders; the CLI's PATHs). Anywhere else the analyses
   * only learn whether a path exists. A function is asked again on every check, so the folders may change.
   */
  roots: readonly string[] | (() => readonly string[]);
  /** Whether folders may be listed with `git ls-files`; false walks them instead (an untrusted workspace). */
  git?: boolean | (() => boolean);
  /** Largest file read, in bytes. */
  maxFileBytes?: number;
  /** How long git may take to list a folder before it is killed and the folder walked instead. */
  gitTimeoutMs?: number;
}

/**
 * `-c` settings that win over the repository's own config. git 2.39 runs nothing else from a repository's
 * config on `ls-files`: filters, diff drivers, pagers, editors and credential helpers are other commands'.
 */
const GIT_OVERRIDES = [
  // A program named here runs on every read of the index.
  'core.fsmonitor=false',
  // A committed folder holding HEAD, config, objects/ and refs/ would be taken for a repository, with its config.
  'safe.bareRepository=explicit',
  // ls-files runs no hooks; should a later git start to, none of the repository's.
  'core.hooksPath=/dev/null',
];

const GIT_ARGS = [
  '--no-pager',
  '--no-optional-locks',
  ...GIT_OVERRIDES.flatMap((setting) => ['-c', setting]),
  'ls-files',
  '--cached',
  '--others',
  '--exclude-standard',
  '-z',
];

/**
 * A repository's config can include a FIFO (`include.path`) or name one as `core.excludesFile`; git then
 * waits forever. Listing even a very large checkout takes a few seconds.
 */
const GIT_TIMEOUT_MS = 10_000;

/**
 * The environment git runs with: the user's, without any GIT_* variable (GIT_DIR, GIT_CONFIG_*, GIT_EXEC_PATH
 * and the like could come from a repository's .envrc or a task and point git at other config or programs).
 */
export function gitEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (!/^GIT_/i.test(key)) clean[key] = value;
  clean.GIT_TERMINAL_PROMPT = '0';
  return clean;
}

/**
 * The git executable by absolute path: the first absolute, non-network PATH entry, outside the working
 * directory, holding an executable regular file named git (git.exe on Windows). Never a relative entry or
 * the working directory, where a cloned repository could have put its own git.
 */
export function findGit(
  pathVariable: string = process.env.PATH ?? '',
  cwd: string = process.cwd(),
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const name = platform === 'win32' ? 'git.exe' : 'git';
  const here = realOrSelf(cwd);
  for (const entry of pathVariable.split(platform === 'win32' ? ';' : delimiter)) {
    if (!entry || !isAbsolute(entry) || isNetworkPath(entry)) continue;
    if (isInside(here, realOrSelf(entry))) continue;
    const candidate = join(entry, name);
    try {
      if (!fs.statSync(candidate).isFile()) continue;
      if (platform !== 'win32') fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}

function realOrSelf(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return resolve(path);
  }
}

let foundGit: { path: string | undefined } | undefined;

/** findGit, looked up once per process. */
function gitExecutable(): string | undefined {
  foundGit ??= { path: findGit() };
  return foundGit.path;
}

/** Files git would commit below `dir` (tracked or untracked, not ignored), or undefined outside a checkout. */
function gitFiles(git: string, dir: string, timeout: number): Promise<string[] | undefined> {
  return new Promise((done) => {
    execFile(
      git,
      GIT_ARGS,
      {
        cwd: dir,
        env: gitEnvironment(),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout,
        killSignal: 'SIGKILL',
        windowsHide: true,
      },
      (err, stdout) => {
        if (err) {
          done(undefined);
          return;
        }
        // ls-files names paths below its working directory; anything else is not this folder's.
        done(
          stdout
            .split('\0')
            .filter(Boolean)
            .map((f) => join(dir, f))
            .filter((f) => isInside(dir, f)),
        );
      },
    );
  });
}

/** Every regular file below `dir`, skipping SKIP_DIRS; iterative, so depth cannot overflow the stack. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const pending = [dir];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) pending.push(full);
      } else if (entry.isFile()) {
        out.push(full);
      }
    }
  }
  return out;
}

function statOf(path: string): fs.Stats | undefined {
  // Even a stat of a network path would contact its host.
  if (isNetworkPath(path)) return undefined;
  try {
    return fs.statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The real file system, reading only inside `roots`. Without roots (a file opened without a workspace)
 * nothing is read: no folder has been named as the user's, and a config's own folder can be Downloads.
 */
export function createNodeFileSystem(options: NodeFileSystemOptions): WorkspaceFileSystem {
  const rootsOption = options.roots;
  const roots = typeof rootsOption === 'function' ? rootsOption : () => rootsOption;
  const gitOption = options.git ?? true;
  const gitAllowed = typeof gitOption === 'function' ? gitOption : () => gitOption;
  const realRoots = new Map<string, string>();
  const realRoot = (root: string): string | undefined => {
    // Resolved once (links such as macOS's /tmp → /private/tmp); a root that does not exist yet is asked again.
    const known = realRoots.get(root);
    if (known !== undefined) return known;
    const real = readablePath(root);
    if (real !== undefined) realRoots.set(root, real);
    return real;
  };
  const insideRoots = (real: string): boolean =>
    roots().some((root) => {
      const r = realRoot(root);
      return r !== undefined && isInside(r, real);
    });
  const guard: ReadGuard = { maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, allowed: insideRoots };

  return {
    mayRead: (path) => readablePath(path, guard) !== undefined,
    exists: (path) => statOf(path) !== undefined,
    isDirectory: (path) => statOf(path)?.isDirectory() ?? false,
    fileSize(path) {
      const stat = statOf(path);
      return stat?.isFile() ? stat.size : undefined;
    },
    readDirectory(path) {
      const real = readablePath(path, guard);
      if (real === undefined) return undefined;
      try {
        return fs.readdirSync(real);
      } catch {
        return undefined;
      }
    },
    hasByteOrderMark(path) {
      const head = readHeadGuarded(path, 3, guard);
      return head?.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    },
    readFile(path) {
      return readFileGuarded(path, guard)?.toString('utf8');
    },
    async readText(path) {
      const bytes = await readFileGuardedAsync(path, guard);
      // Decoded as mosquitto sees bytes: invalid UTF-8 becomes U+FFFD (which the analysis flags), a BOM is kept.
      return bytes && new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
    },
    async listFiles(folder) {
      const git = gitAllowed() ? gitExecutable() : undefined;
      // A git inside the folder (or another root) came with the repository.
      const usable =
        git !== undefined && !isInside(realOrSelf(folder), realOrSelf(git)) && !insideRoots(realOrSelf(git));
      return (
        (usable ? await gitFiles(git, folder, options.gitTimeoutMs ?? GIT_TIMEOUT_MS) : undefined) ??
        (await walk(folder))
      );
    },
  };
}

/** The view of an untrusted workspace: no file exists, nothing is listed or read, no program runs. */
export const NO_FILES: WorkspaceFileSystem = {
  exists: () => false,
  isDirectory: () => false,
  mayRead: () => false,
  fileSize: () => undefined,
  readDirectory: () => undefined,
  readFile: () => undefined,
  hasByteOrderMark: () => false,
  readText: () => Promise.resolve(undefined),
  listFiles: () => Promise.resolve([]),
};
