/** The real file system, for the server and the CLI. Never throws. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceFileSystem } from './types';
import { SKIP_DIRS } from './files';

/** Files git would commit below `dir` (tracked or untracked, not ignored), or undefined outside a checkout. */
function gitFiles(dir: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    // core.fsmonitor would run a program named in the repository's own config.
    execFile(
      'git',
      ['-c', 'core.fsmonitor=false', 'ls-files', '--cached', '--others', '--exclude-standard', '-z'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (err, stdout) => {
        resolve(
          err
            ? undefined
            : stdout
                .split('\0')
                .filter(Boolean)
                .map((f) => join(dir, f)),
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

export const nodeFileSystem: WorkspaceFileSystem = {
  exists: (path) => fs.existsSync(path),
  isDirectory(path) {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  fileSize(path) {
    try {
      const stat = fs.statSync(path);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  },
  readDirectory(path) {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  },
  hasByteOrderMark(path) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path, 'r');
      const head = Buffer.alloc(3);
      return fs.readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
  readFile(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  async readText(path) {
    try {
      // Decoded as mosquitto sees bytes: invalid UTF-8 becomes U+FFFD (which the analysis flags), a BOM is kept.
      return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(await fs.promises.readFile(path));
    } catch {
      return undefined;
    }
  },
  async listFiles(folder) {
    return (await gitFiles(folder)) ?? (await walk(folder));
  },
};

/** The view of an untrusted workspace: no file exists, nothing is listed or read, no program runs. */
export const NO_FILES: WorkspaceFileSystem = {
  exists: () => false,
  isDirectory: () => false,
  fileSize: () => undefined,
  readDirectory: () => undefined,
  readFile: () => undefined,
  hasByteOrderMark: () => false,
  readText: () => Promise.resolve(undefined),
  listFiles: () => Promise.resolve([]),
};
