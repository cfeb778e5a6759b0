/** The packages people install, built from a fresh copy with no flags: the VSIX and the npm tarball. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';
import { type Packed, packedProject } from '../helpers/packaging';

const BAD_CONF = 'listener 1883 127.0.0.1\nallow_annonymous true\n';

function output(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('packages', () => {
  let packed: Packed;
  before(async function () {
    this.timeout(240_000); // a full type-check and two builds, on a 2-core CI machine
    packed = await packedProject();
  });

  describe('the VSIX (`vsce package`)', () => {
    let entries: string[];
    before(() => {
      entries = output('unzip', ['-Z1', packed.vsix]).split('\n').filter(Boolean);
    });

    it('holds the bundles the extension runs, its grammars, icon and docs', () => {
      for (const entry of [
        'extension/package.json',
        'extension/dist/client.js',
        'extension/dist/server.js',
        'extension/dist/mqtt.js',
        'extension/dist/protobuf.js',
        'extension/dist/msgpack.js',
        'extension/dist/cbor.js',
        'extension/dist/THIRD_PARTY_NOTICES.txt',
        'extension/syntaxes/mosquitto-conf.tmLanguage.json',
        'extension/syntaxes/mosquitto-acl.tmLanguage.json',
        'extension/media/icon.png',
        'extension/readme.md',
        'extension/changelog.md',
        'extension/LICENSE.txt',
        'extension/docs/codes/unknown-option.md',
        'extension/docs/codes/persistence-off.md',
      ])
        assert.ok(entries.includes(entry), `${entry} missing from the VSIX: ${entries.join(', ')}`);
    });

    it('has a user page as its README, with no link vsce would have to rewrite', () => {
      const page = output('unzip', ['-p', packed.vsix, 'extension/readme.md']);
      assert.match(page, /^# MQTT Workbench/);
      assert.match(page, /## Restricted Mode/);
      assert.doesNotMatch(page, /\]\((?!https:|#)[^)]*\)/, 'a relative link or image');
    });

    it('holds no CLI, source maps, node_modules, sources or tests', () => {
      const unwanted = entries.filter(
        (e) =>
          /(^|\/)lint\.js$|\.map$|(^|\/)node_modules\/|\.ts$/.test(e) ||
          /^extension\/(client|server|common|test|scripts|out|corpus)\//.test(e) ||
          (/^extension\/docs\//.test(e) && !/^extension\/docs\/codes\/[a-z0-9-]+\.md$/.test(e)),
      );
      assert.deepEqual(unwanted, []);
    });

    it('ships the licences of the packages it bundles', () => {
      const notices = output('unzip', ['-p', packed.vsix, 'extension/dist/THIRD_PARTY_NOTICES.txt']);
      for (const name of ['mqtt@', 'protobufjs@', 'cborg@', 'vscode-languageclient@'])
        assert.ok(notices.includes(`\n${name}`), `${name} missing from THIRD_PARTY_NOTICES.txt`);
      assert.match(notices, /Permission is hereby granted/);
    });

    it('ships a minified client without a source map reference', () => {
      const client = output('unzip', ['-p', packed.vsix, 'extension/dist/client.js']);
      const lines = client.split('\n');
      assert.ok(client.length > 100_000, `client.js is only ${client.length} bytes`);
      // Minified code has line breaks only inside template literals (a schema, a shell script): thousands of
      // characters a line on average, where readable code has tens.
      const average = client.length / lines.length;
      assert.ok(average > 1000, `client.js: ${lines.length} lines of ${Math.round(average)} characters: not minified`);
      assert.doesNotMatch(client, /sourceMappingURL/);
    });

    it('loads mqtt.js and the payload decoders only when needed, each from a bundle of its own', () => {
      const client = output('unzip', ['-p', packed.vsix, 'extension/dist/client.js']);
      const dir = mkdtempSync(join(tmpdir(), 'mqttwb-vsix-'));
      try {
        output('unzip', ['-q', packed.vsix, 'extension/dist/*', '-d', dir]);
        // What each library exports, loaded the way client.js loads it (require of the file beside it).
        const probe = [
          ['mqtt', 'Invalid protocolId', 'typeof m.connect'],
          ['protobuf', 'invalid wire type', 'typeof m.parse'],
          ['msgpack', '', 'typeof m.decode'],
          ['cbor', '', 'typeof m.decode'],
        ];
        for (const [name, marker, exported] of probe) {
          assert.match(client, new RegExp(`require\\("\\./${name}\\.js"\\)`), `client.js does not load ${name}.js`);
          if (marker) assert.ok(!client.includes(marker), `client.js holds ${name}'s code`);
          const script = `const m = require(${JSON.stringify(join(dir, 'extension/dist', `${name}.js`))}); console.log(${exported})`;
          assert.equal(output(process.execPath, ['-e', script]).trim(), 'function', `${name}.js: ${exported}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the npm package (`npm pack`)', () => {
    let project: string;
    let bin: (name: string) => string;
    before(function () {
      this.timeout(120_000);
      project = mkdtempSync(join(tmpdir(), 'mqttwb-npm-'));
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
      mkdirSync(join(project, 'broker'));
      writeFileSync(join(project, 'broker', 'mosquitto.conf'), BAD_CONF);
      // --offline: the package must install from the tarball alone, with no dependency to fetch.
      output('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball], project);
      bin = (name) => join(project, 'node_modules', '.bin', name);
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    it('holds only the two bundled programs, their manifest and docs', () => {
      const all = output('tar', ['-tzf', packed.tarball]).split('\n').filter(Boolean).sort();
      // The pages the diagnostics link to (codeDescription), one per code.
      const pages = all.filter((f) => /^package\/docs\/codes\/[a-z0-9-]+\.md$/.test(f));
      assert.ok(pages.includes('package/docs/codes/unknown-option.md'), pages.slice(0, 5).join(', '));
      const files = all.filter((f) => !pages.includes(f));
      assert.deepEqual(files, [
        'package/CHANGELOG.md',
        'package/LICENSE',
        'package/README.md',
        'package/dist/THIRD_PARTY_NOTICES.txt',
        'package/dist/lint.js',
        'package/dist/server.js',
        'package/package.json',
      ]);
    });

    it('installs mqtt-lint, which lints a folder and exits 1 on an error', () => {
      const r = spawnSync(bin('mqtt-lint'), ['broker'], { cwd: project, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /^broker\/mosquitto\.conf:2:1: error unknown-option /m);
    });

    it('installs mqtt-workbench-lsp, which answers initialize over stdio and diagnoses', async () => {
      const client = new LspClient(['--stdio'], process.env, [], bin('mqtt-workbench-lsp'));
      let exitCode: number | null;
      try {
        const init = (await client.initialize()) as { capabilities: Record<string, unknown> };
        assert.ok(init.capabilities['hoverProvider'], JSON.stringify(init.capabilities));
        const uri = pathToFileURL(join(project, 'broker', 'mosquitto.conf')).href;
        const published = client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
        await client.open(uri, BAD_CONF);
        const codes = (await published).diagnostics.map((d) => String(d.code));
        assert.ok(codes.includes('unknown-option'), codes.join(', '));
      } finally {
        exitCode = await client.stop();
      }
      assert.equal(exitCode, 0, client.stderr.join(''));
    });
  });
});
