// @ts-check
// `npm test`: type-check and build, then every tier of tests, fast ones first:
//   unit (pure analyses, grammar) → lsp (real protocol, real server) → broker (connections against a real
//   mosquitto on loopback) → package (the VSIX and npm package, built
//   from a fresh copy) → hostile → oracle (real mosquitto) → vscode (real VS Code: the extension under
//   development, then the packaged VSIX installed).
// Prints one closing line "N passed, N failed". Exit code 0 only when every tier ran and passed.
// `--tier NAME` (repeatable) runs only those tiers.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);

const TIERS = {
  unit: { dirs: ['out/test/unit', 'out/test/grammar'], timeout: 10_000 },
  lsp: { dirs: ['out/test/lsp'], timeout: 30_000, needs: [] },
  broker: { dirs: ['out/test/broker'], timeout: 30_000, needs: ['mosquitto', 'mosquitto_passwd', 'openssl'] },
  package: { dirs: ['out/test/package'], timeout: 60_000, needs: ['git', 'npm', 'unzip', 'tar'] },
  hostile: { dirs: ['out/test/hostile'], timeout: 120_000, needs: ['git', 'mkfifo'] },
  oracle: { dirs: ['out/test/oracle'], timeout: 180_000, needs: ['mosquitto', 'unshare', 'ip'] },
  vscode: { needs: ['chromium', 'rg', 'git', 'npm'] },
};

const args = process.argv.slice(2);
const chosen = args.flatMap((a, i) => (a === '--tier' ? [args[i + 1]] : [])).filter(Boolean);
const tiers = chosen.length ? chosen : Object.keys(TIERS);
for (const t of tiers)
  if (!TIERS[t]) {
    console.error(`unknown tier ${t}; tiers: ${Object.keys(TIERS).join(', ')}`);
    process.exit(2);
  }

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${argv.join(' ')} failed`);
    process.exit(1);
  }
}

function which(bin) {
  return (
    (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, bin))) ||
    ['/usr/sbin', '/sbin'].some((d) => existsSync(join(d, bin)))
  );
}

function testFiles(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const name of readdirSync(abs)) {
    const full = join(abs, name);
    if (statSync(full).isDirectory()) out.push(...testFiles(join(dir, name)));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

async function runMocha(files, timeout) {
  const Mocha = require('mocha');
  const mocha = new Mocha({ reporter: 'spec', timeout, color: process.stdout.isTTY });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  return new Promise((done) => {
    const runner = mocha.run((failures) => done({ passed: runner.stats?.passes ?? 0, failed: failures }));
  });
}

run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
run(process.execPath, [join(root, 'scripts/build.mjs')]);

let passed = 0;
let failed = 0;
const summary = [];
for (const tier of tiers) {
  const spec = TIERS[tier];
  const missing = (spec.needs ?? []).filter((b) => !which(b));
  console.log(`\n=== ${tier} tests ===`);
  if (missing.length) {
    console.error(
      `The ${tier} tier needs ${missing.join(', ')} (Debian: apt-get install mosquitto mosquitto-clients chromium ripgrep iproute2 util-linux unzip). Counted as failed.`,
    );
    failed += 1;
    summary.push(`${tier}: not run (missing ${missing.join(', ')})`);
    continue;
  }
  let result;
  if (tier === 'vscode') {
    const { runVsCodeTests } = await import(join(root, 'scripts/vscodeTests.mjs'));
    // The same VSIX as the package tier's when both run in this process (the helper builds it once).
    const { packedProject } = require(join(root, 'out/test/helpers/packaging.js'));
    const suites = [
      () =>
        runVsCodeTests({
          extensionPath: root,
          testsPath: join(root, 'out/test/vscode/suite/index.js'),
        }),
      // Restricted Mode: the same development extension in a folder that is not trusted.
      () =>
        runVsCodeTests({
          extensionPath: root,
          untrusted: true,
          workspace: join(root, 'test/fixtures/restricted-workspace'),
          testsPath: join(root, 'out/test/vscode/restricted/index.js'),
        }),
      async () =>
        runVsCodeTests({
          vsix: (await packedProject()).vsix,
          workspace: join(root, 'test/fixtures/installed-workspace'),
          testsPath: join(root, 'out/test/vscode/installed/index.js'),
        }),
    ];
    result = { passed: 0, failed: 0 };
    for (const suite of suites) {
      const r = await suite().catch((err) => {
        console.error(err);
        return { passed: 0, failed: 1 };
      });
      result.passed += r.passed;
      result.failed += r.failed;
    }
  } else {
    const files = spec.dirs.flatMap(testFiles);
    if (files.length === 0) {
      console.error(`no test files for tier ${tier}`);
      result = { passed: 0, failed: 1 };
    } else result = await runMocha(files, spec.timeout);
  }
  passed += result.passed;
  failed += result.failed;
  summary.push(`${tier}: ${result.passed} passed, ${result.failed} failed`);
}
console.log(`\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
