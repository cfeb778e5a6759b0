/**
 * mqtt-lint: the language server's analyses on the command line, for CI.
 *   mqtt-lint [--format text|json] [--mosquitto-version 2.0|2.1] PATH...
 * Exit code 1 when any error is reported, 2 on bad usage, 0 otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFiles } from '../files';
import { formatText, lintFiles, type LintResult } from './lintCore';
import type { MosquittoVersion } from '../types';

const USAGE = `Usage: mqtt-lint [--format text|json] [--mosquitto-version 2.0|2.1] [--exclude GLOB]... PATH...

Lints mosquitto.conf and ACL files and the MQTT topics in source code (JavaScript/TypeScript,
Python, Go, C/C++, Java, C#, Rust). A folder is searched for mosquitto.conf, *.conf under
mosquitto*/ and conf.d/ folders, *.acl and source files, honouring .gitignore inside a git
checkout and each --exclude glob. Exit code: 1 if any error, 0 otherwise, 2 on bad usage.`;

function fail(message: string): never {
  process.stderr.write(`mqtt-lint: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(argv: string[]): number {
  let format: 'text' | 'json' = 'text';
  let version: MosquittoVersion = '2.0';
  const paths: string[] = [];
  const excludes: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? fail(`${flag} needs a value`);
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') fail(`unknown format "${v}"`);
      format = v;
    } else if (flag === '--mosquitto-version') {
      const v = value();
      if (v !== '2.0' && v !== '2.1') fail(`unknown mosquitto version "${v}"`);
      version = v;
    } else if (flag === '--exclude') {
      excludes.push(value());
    } else if (flag.startsWith('-') && flag !== '-') {
      fail(`unknown option ${flag}`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) fail('no PATH given');
  for (const p of paths) if (!fs.existsSync(p)) fail(`no such file or directory: ${p}`);
  const files = collectFiles(paths.map((p) => path.resolve(p)), excludes);
  const results: LintResult[] = lintFiles(files, version);
  const display = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  };
  const shown = results.map((r) => ({ ...r, file: display(r.file) }));
  process.stdout.write(format === 'json' ? `${JSON.stringify(shown, null, 2)}\n` : formatText(shown));
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
