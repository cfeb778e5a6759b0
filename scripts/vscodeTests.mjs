// @ts-check
// Runs the mocha suite at out/test/vscode/suite/index.js inside the REAL VS Code extension host:
// code-server serves the workbench, headless Debian chromium (driven by playwright-core) opens it with
// the `payload` parameter naming the extension under development and the tests: the same run()
// contract @vscode/test-electron uses. The suite reports its counts with a `VSCODE-TESTS {...}` log line.
//
// Screenshots: with `screenshot: <folder>`, the extension host gets MQTTWB_SCREENSHOT_DIR=<folder>.
// A test logs `VSCODE-SCREENSHOT <abs path> [css selector]`; the runner waits for the selector (if any),
// saves the page to the path, then writes `<path>.done` ("ok" or the error), which the test waits for.
//
//   node scripts/vscodeTests.mjs [--screenshots[=folder]] [--timeout=seconds]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyOfSample, ensureCodeServer, projectRoot, startCodeServer } from './codeServer.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Debian chromium (or CHROMIUM_PATH) that playwright-core drives. */
export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (x) => x !== undefined,
  ))
    if (existsSync(p)) return p;
  throw new Error('chromium is not installed (Debian, as root: apt-get install chromium)');
}

/** Workbench chatter that says nothing about the tests. */
const NOISE =
  /Ignoring fetching additional builtin extensions|Creating a socket|connection token|\[Service Worker\]|ChatSessionStore|Updating additional builtin extensions cache/;

/** The extension host forwards console calls as a printf-style format plus arguments. */
function formatLog(args) {
  const parts = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  if (parts.length > 1 && /%[sdoOj]/.test(parts[0])) {
    const rest = parts.slice(1);
    const head = parts[0].replace(/%[sdoOj]/g, () => (rest.length ? rest.shift() : ''));
    return [head, ...rest].join(' ');
  }
  return parts.join(' ');
}

/**
 * Run a VS Code test suite in code-server + headless chromium. Resolves { passed, failed, exitCode };
 * rejects (after cleaning up) when VS Code could not be started or the suite did not finish in time.
 */
/**
 * With `vsix`, that package is installed and runs instead of the extension at `extensionPath`.
 * `untrusted`: Restricted Mode (workspace trust on, the folder not trusted).
 * `log`: receives each line the extension host logs (workbench chatter included) instead of this process's stdout.
 * @param {{ extensionPath?: string, vsix?: string, untrusted?: boolean, workspace?: string, testsPath?: string, screenshot?: string, timeoutMs?: number, settings?: Record<string, unknown>, log?: (line: string) => void }} [options]
 * @returns {Promise<{ passed: number, failed: number, exitCode: number }>}
 */
export async function runVsCodeTests({
  extensionPath = projectRoot,
  vsix,
  untrusted = false,
  workspace,
  testsPath = join(projectRoot, 'out', 'test', 'vscode', 'suite', 'index.js'),
  screenshot,
  timeoutMs = 10 * 60_000,
  settings = {},
  log,
} = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = chromiumPath();
  if (!existsSync(testsPath) && !existsSync(`${testsPath}.js`))
    throw new Error(`no test suite at ${testsPath} (run \`tsc -b\` first)`);
  if (screenshot) mkdirSync(screenshot, { recursive: true });
  await ensureCodeServer(); // the first install (minutes) is not part of the tests' time budget

  let server;
  let browser;
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  // Ctrl-C or a CI cancel must not leave code-server (a detached process group) behind.
  const onSignal = (sig) => fail(new Error(`interrupted by ${sig}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = setTimeout(
    () => fail(new Error(`VS Code tests did not finish within ${timeoutMs / 1000} s`)),
    timeoutMs,
  );
  const orFail = (promise) => Promise.race([promise, failed]);

  // The tests write to their workspace: a fresh copy of the sample unless one is given, removed afterwards.
  const folder = workspace ?? copyOfSample();
  // VS Code runs extensionTestsPath only beside an extensionDevelopmentPath: with a VSIX, an empty extension
  // of another id takes that place, so the installed package is the one MQTT Workbench that runs.
  const harness = vsix ? emptyExtension() : undefined;
  const starting = startCodeServer({
    workspace: folder,
    settings,
    env: screenshot ? { MQTTWB_SCREENSHOT_DIR: resolve(screenshot) } : {},
    vsix,
    untrusted,
  });
  starting.catch(() => undefined);
  try {
    server = await orFail(starting);
    server.process.once('exit', (code, sig) =>
      fail(new Error(`code-server exited during the tests (${sig ?? code}):\n${server.output().slice(-3000)}`)),
    );
    browser = await orFail(
      chromium.launch({
        executablePath,
        args: CHROMIUM_ARGS,
        headless: true,
        // Playwright's own signal handlers would exit the process before code-server is stopped.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
    );
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('crash', () => fail(new Error('the workbench page crashed')));
    page.on('close', () => fail(new Error('the workbench page closed before the suite finished')));

    /** @type {{ passed: number, failed: number } | undefined} */
    let counts;
    let resolveExit;
    const exited = new Promise((r) => {
      resolveExit = r;
    });
    await page.exposeFunction('codeAutomationLog', async (_type, args) => {
      const text = formatLog(Array.isArray(args) ? args : [args]);
      const counted = /VSCODE-TESTS (\{.*\})/.exec(text);
      if (counted) counts = JSON.parse(counted[1]);
      const shot = /VSCODE-SCREENSHOT (\S+)(?: (.+))?/.exec(text);
      if (shot) {
        await takeScreenshot(page, screenshot, shot[1], shot[2]);
        return;
      }
      if (log) for (const line of text.split('\n')) log(line);
      else if (!NOISE.test(text)) for (const line of text.split('\n')) process.stdout.write(`  [vscode] ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));

    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(harness ?? extensionPath)],
      ['extensionTestsPath', remote(testsPath.replace(/\.js$/, ''))],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await orFail(page.goto(url));
    const exitCode = await orFail(exited);
    if (!counts) {
      console.error('The VS Code suite exited without reporting its counts (did the extension host load the suite?).');
      return { passed: 0, failed: 1, exitCode };
    }
    return { ...counts, exitCode };
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await Promise.race([browser?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    // Interrupted while code-server was starting: wait for it (bounded by its start timeout) to stop it.
    server ??= await starting.catch(() => undefined);
    await server?.stop();
    if (!workspace) rmSync(folder, { recursive: true, force: true });
    if (harness) rmSync(harness, { recursive: true, force: true });
  }
}

/** A folder holding the smallest valid extension: a manifest, no code. */
function emptyExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'mqttwb-harness-'));
  const manifest = {
    name: 'test-harness',
    publisher: 'mqtt-workbench-tests',
    version: '0.0.0',
    engines: { vscode: '*' },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

/** Answers one screenshot request; the test waits for `<path>.done`. */
async function takeScreenshot(page, folder, path, selector) {
  let answer = 'ok';
  try {
    if (!folder) throw new Error('screenshots were not requested from this runner');
    if (!isAbsolute(path)) throw new Error(`screenshot path must be absolute: ${path}`);
    mkdirSync(dirname(path), { recursive: true });
    // A selector names what must be on screen first (a hover, a panel row).
    if (selector) await page.locator(selector).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.screenshot({ path, animations: 'disabled' });
    process.stdout.write(`  [runner] screenshot ${path}\n`);
  } catch (err) {
    answer = `error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
  try {
    writeFileSync(`${path}.done`, answer);
  } catch {
    /* the test times out and says so */
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name) => process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const shots = flag('screenshots');
  const timeout = flag('timeout');
  const options = {};
  if (shots) options.screenshot = shots.includes('=') ? resolve(shots.split('=')[1]) : join(projectRoot, 'docs');
  if (timeout) options.timeoutMs = Number(timeout.split('=')[1]) * 1000;
  const started = Date.now();
  runVsCodeTests(options).then(
    (r) => {
      console.log(
        `${r.passed} passed, ${r.failed} failed (VS Code tests, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      process.exit(r.failed === 0 && r.exitCode === 0 ? 0 : 1);
    },
    (err) => {
      console.error(`VS Code tests failed to run: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
