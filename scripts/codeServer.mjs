// @ts-check
// code-server (the real VS Code workbench and extension host, from npm) for tests and `npm start` on
// machines where VS Code itself cannot be downloaded. Installed once into .vscode-test/ (git-ignored),
// following shared/notes/real-vscode-offline.md: code-server's own postinstall refuses root and
// downloads ripgrep, so its steps are done here by hand with Debian's rg.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = join(projectRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const marker = join(installDir, '.installed');

/**
 * A fresh copy of the sample workspace (test/workspace) in `into` (a new temporary folder by default): VS Code
 * auto-saves, and neither playing with the sample nor a test may change the tracked files.
 */
export function copyOfSample(into) {
  const target = into ?? mkdtempSync(join(tmpdir(), 'mqttwb-sample-'));
  rmSync(target, { recursive: true, force: true });
  cpSync(join(projectRoot, 'test', 'workspace'), target, { recursive: true });
  return target;
}
const lockDir = `${installDir}.lock`;
const pkg = join(installDir, 'node_modules', 'code-server');
const vscodeDir = join(pkg, 'lib', 'vscode');
const APT_HINT =
  'System packages it needs (Debian, as root): apt-get install chromium ripgrep libkrb5-dev pkg-config build-essential python3';
const STEP_TIMEOUT_MS = 15 * 60_000;

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

function step(title, cmd, args, cwd) {
  log(title);
  const result = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: STEP_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    // npm_config_yes lets node-pty's `npx node-gyp` run without a prompt.
    env: { ...process.env, npm_config_yes: 'true' },
  });
  if (result.status !== 0) {
    const why = result.error
      ? `${result.error.message}`
      : result.signal
        ? `killed by ${result.signal}`
        : `exit code ${result.status}`;
    throw new Error(
      `code-server install failed at step "${title}" (${cmd} ${args.join(' ')} in ${cwd}): ${why}\n` +
        `${(result.stderr ?? '').slice(-3000)}\n${APT_HINT}`,
    );
  }
}

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** What the native builds need, checked up front so a missing package is named before minutes of npm. */
function preflight() {
  const missing = ['rg', 'pkg-config', 'make', 'g++', 'python3'].filter((bin) => !which(bin));
  if (!missing.includes('pkg-config') && spawnSync('pkg-config', ['--exists', 'krb5-gssapi']).status !== 0)
    missing.push('krb5-gssapi (libkrb5-dev)');
  if (missing.length)
    throw new Error(
      `code-server install failed at step "check system packages": missing ${missing.join(', ')}.\n${APT_HINT}`,
    );
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One install at a time across processes (two test runs, or a test run and `npm start`). */
async function withInstallLock(fn) {
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      if (existsSync(marker)) return;
      // A lock older than the longest install is left over from a killed process.
      let age = 0;
      try {
        age = Date.now() - statSync(lockDir).mtimeMs;
      } catch {
        continue;
      }
      if (age > 4 * STEP_TIMEOUT_MS) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      log('another process is installing code-server; waiting');
      await sleep(2000);
    }
  }
  try {
    if (!existsSync(marker)) await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Install code-server into .vscode-test/ unless a completed install is already there. Returns its package folder. */
export async function ensureCodeServer() {
  if (existsSync(marker)) return pkg;
  await withInstallLock(async () => {
    preflight();
    const started = Date.now();
    log(`installing ${CODE_SERVER_VERSION} into ${installDir} (once; a few minutes)`);
    rmSync(installDir, { recursive: true, force: true });
    mkdirSync(installDir, { recursive: true });
    writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
    const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
    step(
      `npm install code-server@${CODE_SERVER_VERSION}`,
      'npm',
      ['install', '--ignore-scripts', ...quiet, `code-server@${CODE_SERVER_VERSION}`],
      installDir,
    );
    step('rebuild argon2', 'npm', ['rebuild', 'argon2'], installDir);
    step(
      'install the VS Code server dependencies',
      'npm',
      ['install', '--omit=dev', '--ignore-scripts', ...quiet],
      vscodeDir,
    );
    // @vscode/ripgrep's postinstall skips its GitHub download when bin/ exists: use Debian's rg.
    const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgBin, { recursive: true });
    rmSync(join(rgBin, 'rg'), { force: true });
    symlinkSync(/** @type {string} */ (which('rg')), join(rgBin, 'rg')); // preflight made sure it exists
    step('build native modules (node-pty, spdlog, kerberos, ...)', 'npm', ['rebuild'], vscodeDir);
    const asar = join(vscodeDir, 'node_modules.asar');
    rmSync(asar, { force: true });
    symlinkSync('node_modules', asar);
    step(
      'install built-in extension dependencies',
      'npm',
      ['install', '--omit=dev', ...quiet],
      join(vscodeDir, 'extensions'),
    );
    for (const [target, link] of [
      ['code-linux.sh', 'remote-cli/code-server'],
      ['browser-linux.sh', 'helpers/browser.sh'],
    ]) {
      const path = join(vscodeDir, 'bin', link);
      rmSync(path, { force: true });
      symlinkSync(target, path);
    }
    writeFileSync(marker, new Date().toISOString());
    log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });
  if (!existsSync(marker)) throw new Error(`code-server install did not complete in ${installDir}`);
  return pkg;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/** Settings for a quiet, predictable workbench: no welcome page, no telemetry, no trust prompt, no update checks. */
export const QUIET_SETTINGS = {
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

/** Kills a detached child's whole process group (extension host, language server included) and waits, boundedly. */
async function killGroup(child) {
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    signal('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGKILL');
      await Promise.race([exited, sleep(5000)]);
    }
  }
  // Stragglers (an extension host that outlived the server) go too.
  signal('SIGKILL');
}

/** `code-server --install-extension`: unpacks and registers the VSIX in `extensionsDir`, offline. */
function installVsix(vsix, extensionsDir, dataDir) {
  const args = ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', dataDir];
  const result = spawnSync(process.execPath, [join(pkg, 'out', 'node', 'entry.js'), ...args], {
    env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0)
    throw new Error(
      `code-server --install-extension ${vsix} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`,
    );
}

/**
 * Start code-server on a free loopback port and wait until it answers HTTP. Returns
 * { url, port, userDataDir, process, output(), stop() }; stop() ends the process tree, never hangs,
 * and removes the user data folder when it made a temporary one. `env` is added to the server's
 * environment, which the extension host inherits.
 */
/**
 * `vsix` is installed into the server's extensions folder first, the way a person installs a package; the
 * extension host then gets MQTTWB_EXTENSIONS_DIR, so a test can tell it from a development extension.
 * `untrusted`: workspace trust on and the folder not trusted (Restricted Mode), with no prompt.
 * @param {{ workspace?: string, userDataDir?: string, settings?: Record<string, unknown>, env?: Record<string, string>, startTimeoutMs?: number, vsix?: string, untrusted?: boolean }} [options]
 */
export async function startCodeServer({
  workspace,
  userDataDir,
  settings = {},
  env = {},
  startTimeoutMs = 60_000,
  vsix,
  untrusted = false,
} = {}) {
  await ensureCodeServer();
  const port = await freePort();
  const ownData = !userDataDir;
  const dataDir = userDataDir ?? mkdtempSync(join(tmpdir(), 'mqttwb-cs-'));
  const extensionsDir = join(dataDir, 'extensions');
  mkdirSync(join(dataDir, 'User'), { recursive: true });
  // QUIET_SETTINGS turn workspace trust off; Restricted Mode needs it on, and no prompt to answer.
  const trust = untrusted
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : {};
  writeFileSync(
    join(dataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...settings }, null, 2),
  );
  if (vsix) {
    installVsix(vsix, extensionsDir, dataDir);
    env = { ...env, MQTTWB_EXTENSIONS_DIR: extensionsDir };
  }
  const args = [
    join(pkg, 'out', 'node', 'entry.js'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(untrusted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    dataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (workspace) args.push(workspace);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches every descendant
  });
  let output = '';
  const keep = (d) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (err) => keep(`spawn failed: ${err.message}\n`));
  let stopped;
  const stop = () => {
    stopped ??= killGroup(child).finally(() => {
      if (ownData) rmSync(dataDir, { recursive: true, force: true });
    });
    return stopped;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  let up = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        up = true;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  if (!up) {
    await stop();
    const why =
      child.exitCode !== null
        ? `exited with code ${child.exitCode}`
        : `did not answer on ${url} within ${startTimeoutMs / 1000} s`;
    throw new Error(`code-server ${why}:\n${output.slice(-3000)}`);
  }
  return { url, port, userDataDir: dataDir, process: child, output: () => output, stop };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureCodeServer().then(
    (p) => log(`ready: ${p}`),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
