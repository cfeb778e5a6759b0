/**
 * Which files hold what (mosquitto configs, ACL files, MQTT source code) and how to find them in a
 * folder: through git inside a checkout (so .gitignore is honoured), or by walking it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders never searched, even outside a git checkout. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', 'out', 'dist', 'build', 'target', 'vendor', '__pycache__', '.venv', 'venv']);

/** Source files searched in folders, by extension, with their VS Code language id. */
const SOURCE_EXTENSIONS: Record<string, string> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascriptreact',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescriptreact',
  '.py': 'python', '.go': 'go', '.c': 'c', '.h': 'c', '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.hpp': 'cpp', '.hh': 'cpp',
  '.ino': 'cpp', '.java': 'java', '.cs': 'csharp', '.rs': 'rust',
};

/** Files in a folder walk larger than this are skipped (generated or vendored code). */
const MAX_WALKED_FILE = 2 * 1024 * 1024;

/** What a file is: a mosquitto config, an ACL file, a source language id, or nothing we read. */
export function kindOf(file: string, explicit = false): string | undefined {
  const base = path.basename(file);
  if (base === 'mosquitto.conf') return 'mosquitto-conf';
  if (base.endsWith('.acl') || base === 'aclfile' || base === 'acl_file') return 'mosquitto-acl';
  if (base.endsWith('.conf')) {
    const parts = file.split(path.sep).slice(0, -1);
    if (explicit || parts.some((p) => p === 'conf.d' || p.startsWith('mosquitto'))) return 'mosquitto-conf';
    return undefined;
  }
  if (base.endsWith('.min.js')) return undefined;
  return SOURCE_EXTENSIONS[path.extname(base)];
}

/** Simple globs: `*` within a path segment, `**` across segments, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${re}($|/)`);
}

/** Files git would commit below `dir` (tracked or untracked, not ignored), or undefined outside a checkout. */
function gitFiles(dir: string): string[] | undefined {
  const r = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 || r.error) return undefined;
  return r.stdout.split('\0').filter(Boolean).map((f) => path.join(dir, f));
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, out);
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
}

/**
 * Explicit files as given; folders searched for configs, ACL files and source files, honouring
 * .gitignore (through git, inside a checkout) and `excludes`. Sorted, without duplicates.
 */
export function collectFiles(paths: string[], excludes: string[] = []): { file: string; kind: string }[] {
  const found = new Map<string, string>();
  const patterns = excludes.map(globToRegExp);
  for (const p of paths) {
    if (!fs.statSync(p).isDirectory()) {
      const kind = kindOf(p, true);
      if (kind) found.set(p, kind);
      continue;
    }
    const files = gitFiles(p) ?? (() => { const all: string[] = []; walk(p, all); return all; })();
    for (const file of files) {
      const relative = path.relative(p, file).split(path.sep).join('/');
      if (relative.split('/').some((part) => SKIP_DIRS.has(part))) continue;
      if (patterns.some((re) => re.test(relative))) continue;
      const kind = kindOf(file);
      if (!kind) continue;
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile() || (kind !== 'mosquitto-conf' && stat.size > MAX_WALKED_FILE)) continue;
      } catch {
        continue;
      }
      found.set(file, kind);
    }
  }
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, kind]) => ({ file, kind }));
}

/** Decode as mosquitto would see the bytes: invalid UTF-8 becomes U+FFFD, which the analysis flags. */
export function readConfigText(file: string): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(fs.readFileSync(file));
}
