// Runs the mocha suite at out/test/vscode/suite/index.js inside the REAL VS Code extension host:
// code-server serves the workbench, headless Debian chromium (driven by playwright-core) opens it with
// the `payload` parameter naming the extension under development and the tests, exactly the run()
// contract @vscode/test-electron uses. The suite reports counts with a `VSCODE-TESTS {...}` log line
// and may ask for screenshots with `VSCODE-SCREENSHOT <path>` (the runner answers by writing
// `<path>.done` once the PNG is saved).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot, startCodeServer } from './codeServer.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean)) if (existsSync(p)) return p;
  throw new Error('chromium is not installed: apt-get install chromium');
}

/** Workbench chatter that says nothing about the tests. */
const NOISE = /Ignoring fetching additional builtin extensions|Creating a socket|connection token|\[Service Worker\]|ChatSessionStore|Updating additional builtin extensions cache/;

/** The extension host forwards console calls as a printf-style format plus arguments. */
function formatLog(args) {
  const parts = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  if (parts.length > 1 && /%[sdoOj]/.test(parts[0])) {
    let rest = parts.slice(1);
    const head = parts[0].replace(/%[sdoOj]/g, () => (rest.length ? rest.shift() : ''));
    return [head, ...rest].join(' ');
  }
  return parts.join(' ');
}

export async function runVsCodeTests({ extensionPath = projectRoot, workspace = join(projectRoot, 'test', 'workspace'), testsPath = join(projectRoot, 'out', 'test', 'vscode', 'suite', 'index'), timeoutMs = 10 * 60_000, settings = {} } = {}) {
  const { chromium } = await import('playwright-core');
  const server = await startCodeServer({ workspace, settings });
  let browser;
  let timer;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    let counts;
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationLog', async (type, args) => {
      const text = formatLog(Array.isArray(args) ? args : [args]);
      const m = /VSCODE-TESTS (\{.*\})/.exec(text);
      if (m) counts = JSON.parse(m[1]);
      const shot = /VSCODE-SCREENSHOT (\S+)(?: (.+))?/.exec(text);
      if (shot) {
        mkdirSync(dirname(shot[1]), { recursive: true });
        // An optional CSS selector to wait for (a hover, a panel) before the picture is taken.
        if (shot[2]) await page.locator(shot[2]).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
        await page.screenshot({ path: shot[1], animations: 'disabled' });
        writeFileSync(`${shot[1]}.done`, 'ok');
        return;
      }
      if (NOISE.test(text)) return;
      for (const line of text.split('\n')) process.stdout.write(`  [vscode] ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['extensionTestsPath', remote(testsPath.replace(/\.js$/, ''))]];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`VS Code tests did not finish within ${timeoutMs / 1000} s`)), timeoutMs); });
    await page.goto(url);
    const exitCode = await Promise.race([exited, timeout]);
    const result = counts ?? { passed: 0, failed: 1 };
    if (!counts) console.error('The VS Code suite exited without reporting its counts (did the extension host start?).');
    return { ...result, exitCode };
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runVsCodeTests().then((r) => {
    console.log(`${r.passed} passed, ${r.failed} failed`);
    process.exit(r.failed === 0 && r.exitCode === 0 ? 0 : 1);
  }, (err) => { console.error(err); process.exit(1); });
}
