// code-server (the real VS Code workbench and extension host, from npm) for tests and `npm start` on
// machines where VS Code itself cannot be downloaded. Installed once into .vscode-test/ (git-ignored),
// following shared/notes/real-vscode-offline.md: code-server's own postinstall refuses root and
// downloads ripgrep, so its steps are done here by hand with Debian's rg.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = join(projectRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const marker = join(installDir, '.installed');
const pkg = join(installDir, 'node_modules', 'code-server');
const vscodeDir = join(pkg, 'lib', 'vscode');

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

function step(title, cmd, args, cwd, env = {}) {
  log(title);
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, npm_config_yes: 'true', ...env }, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`code-server install failed at "${title}" (${cmd} ${args.join(' ')} in ${cwd}):\n${(result.stderr ?? '').slice(-3000)}\n` +
      'System packages it needs (Debian): apt-get install libkrb5-dev pkg-config ripgrep chromium');
  }
}

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Install code-server into .vscode-test/ unless a completed install is already there. */
export async function ensureCodeServer() {
  if (existsSync(marker)) return pkg;
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is not installed: apt-get install ripgrep');
  const started = Date.now();
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
  const npm = 'npm';
  step(`npm install code-server@${CODE_SERVER_VERSION}`, npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], installDir);
  step('rebuild argon2', npm, ['rebuild', 'argon2'], installDir);
  step('install the VS Code server dependencies', npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir);
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  if (!existsSync(join(rgBin, 'rg'))) symlinkSync(rg, join(rgBin, 'rg'));
  step('build native modules (node-pty, spdlog, ...)', npm, ['rebuild'], vscodeDir);
  const asar = join(vscodeDir, 'node_modules.asar');
  rmSync(asar, { force: true });
  symlinkSync('node_modules', asar);
  step('install built-in extension dependencies', npm, ['install', '--omit=dev', '--no-audit', '--no-fund'], join(vscodeDir, 'extensions'));
  for (const [target, link] of [['code-linux.sh', 'remote-cli/code-server'], ['browser-linux.sh', 'helpers/browser.sh']]) {
    const path = join(vscodeDir, 'bin', link);
    rmSync(path, { force: true });
    symlinkSync(target, path);
  }
  writeFileSync(marker, new Date().toISOString());
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return pkg;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Settings for a quiet, predictable workbench. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
  'git.openRepositoryInParentFolders': 'never',
  'git.enabled': false,
  'workbench.layoutControl.enabled': false,
};

/**
 * Start code-server on a free loopback port. Returns { url, port, userDataDir, stop() }; stop() ends
 * the process group and removes the temporary user data unless it was given.
 */
export async function startCodeServer({ workspace, userDataDir, settings = {} } = {}) {
  await ensureCodeServer();
  const port = await freePort();
  const ownData = !userDataDir;
  const dataDir = userDataDir ?? mkdtempSync(join(tmpdir(), 'mqttwb-cs-'));
  mkdirSync(join(dataDir, 'User'), { recursive: true });
  writeFileSync(join(dataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const args = [join(pkg, 'out', 'node', 'entry.js'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', dataDir, '--extensions-dir', join(dataDir, 'extensions')];
  if (workspace) args.push(workspace);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = [];
  child.stdout.on('data', (d) => output.push(d.toString()));
  child.stderr.on('data', (d) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let up = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) { up = true; break; }
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      const exited = new Promise((r) => child.once('exit', r));
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(timer);
    }
    if (ownData) rmSync(dataDir, { recursive: true, force: true });
  };
  if (!up) {
    await stop();
    throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.join('').slice(-3000)}`);
  }
  return { url, port, userDataDir: dataDir, process: child, stop };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureCodeServer().then((p) => log(`ready: ${p}`), (err) => { console.error(err.message); process.exit(1); });
}
