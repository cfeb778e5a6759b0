/**
 * The packages as a person builds them from a fresh clone: the files git would clone (tracked, plus new
 * files not ignored) copied to a temporary folder with no out/ or dist/, then `vsce package` and
 * `npm pack` there with no flags, each running the manifest's own build scripts. Built once per process
 * (the package tier and the VS Code tier share it) and removed when the process exits.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './lspClient';

export interface Packed {
  /** The fresh copy the packages were built in. */
  dir: string;
  vsix: string;
  tarball: string;
}

const run = promisify(execFile);
let packed: Promise<Packed> | undefined;

/** Builds the VSIX and the npm tarball once; later calls share the result. */
export function packedProject(): Promise<Packed> {
  packed ??= pack();
  return packed;
}

function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mqttwb-pack-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0')) {
    // A linked folder (a worktree's node_modules or .vscode-test) is listed as one untracked file; a file
    // deleted but not committed is not there.
    const source = join(projectRoot, file);
    if (!file || !existsSync(source) || statSync(source).isDirectory()) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(source, join(dir, file));
  }
  // Installed packages are not the subject: share them instead of a minute of `npm ci`.
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

async function pack(): Promise<Packed> {
  const dir = freshCopy();
  const options = { cwd: dir, maxBuffer: 16 * 1024 * 1024 };
  await run(process.execPath, [join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package'], options);
  await run('npm', ['pack', '--loglevel=error'], options);
  const named = (ext: string) => {
    const found = readdirSync(dir).filter((f) => f.endsWith(ext));
    if (found.length !== 1) throw new Error(`expected one ${ext} in ${dir}, found ${found.join(', ') || 'none'}`);
    return join(dir, found[0]!);
  };
  return { dir, vsix: named('.vsix'), tarball: named('.tgz') };
}
