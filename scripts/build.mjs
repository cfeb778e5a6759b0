// @ts-check
// One esbuild bundle per process: the extension client (and the libraries it loads lazily), the language
// server, and the CLI linter.
// `--production` (vscode:prepublish, prepack) minifies and writes no source maps.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  metafile: true,
};

/**
 * Libraries the client loads only when needed (`import('mqtt')` at the first connect, the payload decoders
 * at the first payload of their kind), each a bundle of its own beside client.js: activation then loads and
 * compiles half the code (client.js was 1.2 MB with them).
 */
const LAZY = { mqtt: 'mqtt', protobufjs: 'protobuf', '@msgpack/msgpack': 'msgpack', cborg: 'cbor' };

/** In client.js, `import(<lazy library>)` becomes a require of its bundle, resolved at run time. */
const lazyLibraries = {
  name: 'lazy-libraries',
  /** @param {import('esbuild').PluginBuild} build */
  setup(build) {
    const names = Object.keys(LAZY).map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
      if (args.kind !== 'dynamic-import')
        throw new Error(`${args.path} is imported statically by ${args.importer}: it must stay lazy`);
      return { path: `./${LAZY[/** @type {keyof typeof LAZY} */ (args.path)]}.js`, external: true };
    });
  },
};

const results = await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
    plugins: [lazyLibraries],
    // `import()` of a lazy bundle as `require` (it is CommonJS): Node's ESM loader would see only its default.
    supported: { 'dynamic-import': false },
  }),
  ...Object.entries(LAZY).map(([library, name]) =>
    esbuild.build({
      ...common,
      stdin: { contents: `export * from ${JSON.stringify(library)};`, resolveDir: '.' },
      outfile: `dist/${name}.js`,
    }),
  ),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/main.ts'],
    outfile: 'dist/server.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/lint.ts'],
    outfile: 'dist/lint.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

// A development build's maps would otherwise sit beside the minified bundles and point at other code.
if (production)
  for (const name of readdirSync('dist')) if (name.endsWith('.js.map')) rmSync(`dist/${name}`, { force: true });

// The licences of every package bundled into the three programs, shipped beside them (VSIX and npm package):
// MIT, ISC, BSD and Apache all ask for their notice to travel with the code.
const packages = new Map();
for (const result of results)
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const rest = input.slice(at + 'node_modules/'.length).split('/');
    const dir = input.slice(0, at) + 'node_modules/' + rest.slice(0, rest[0]?.startsWith('@') ? 2 : 1).join('/');
    if (!packages.has(dir) && existsSync(join(dir, 'package.json'))) packages.set(dir, undefined);
  }
const notices = [...packages.keys()]
  .map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    const text = file
      ? readFileSync(join(dir, file), 'utf8').trim()
      : `License: ${manifest.license ?? 'see the package'}`;
    return { name: `${manifest.name}@${manifest.version}`, license: manifest.license ?? '', text };
  })
  .filter((n, i, all) => all.findIndex((m) => m.name === n.name) === i)
  .sort((a, b) => a.name.localeCompare(b.name));
writeFileSync(
  'dist/THIRD_PARTY_NOTICES.txt',
  `MQTT Workbench bundles these packages. Their licences follow.\n\n${notices
    .map((n) => `${'='.repeat(78)}\n${n.name} (${n.license})\n${'='.repeat(78)}\n\n${n.text}\n`)
    .join('\n')}`,
);
