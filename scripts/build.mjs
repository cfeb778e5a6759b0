// @ts-check
// One esbuild bundle per process: the extension client, the language server, and the CLI linter.
// `--production` (vscode:prepublish, prepack) minifies and writes no source maps.
import { readdirSync, rmSync } from 'node:fs';
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
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
  }),
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
