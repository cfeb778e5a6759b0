/**
 * mqtt-lint: the language server's analyses on the command line, for CI.
 *   mqtt-lint [--format text|json] [--explain] [--mosquitto-version 2.0|2.1] [--exclude GLOB]... PATH...
 * Exit code 1 when any error is reported, 2 on bad usage, 0 otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { collectFiles } from '../files';
import { globProblem } from '../glob';
import { createNodeFileSystem } from '../nodeFileSystem';
import { formatCounts, formatJson, formatSkip, formatText, lintFiles } from './lintCore';

const USAGE = `Usage: mqtt-lint [--format text|json] [--explain] [--mosquitto-version 2.0|2.1] [--exclude GLOB]... PATH...

Lints mosquitto.conf and ACL files and the MQTT topics in source code (JavaScript/TypeScript,
Python, Go, C/C++, Java, C#, Rust). A folder is searched for mosquitto.conf, *.conf under
mosquitto*/ and conf.d/ folders, *.acl and source files, honouring .gitignore inside a git
checkout and each --exclude glob (relative to the folder, e.g. 'examples/**' or '**/*.test.js').
The files a config names with acl_file are linted as ACL files. Source files get the editor's
workspace checks across all the files given (client ids, unmatched topics, similar spellings,
QoS downgrades). How many files were read is written to stderr. --explain adds, under a result,
why it matters (the JSON always has it as "detail").
Exit code: 1 if any error, 0 otherwise, 2 on bad usage.`;

class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'mosquitto-version': { type: 'string', default: '2.0' },
        exclude: { type: 'string', multiple: true, default: [] },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const format = values.format;
  const version = values['mosquitto-version'];
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}"`);
  if (version !== '2.0' && version !== '2.1') throw new UsageError(`unknown mosquitto version "${version}"`);
  for (const glob of values.exclude) {
    const problem = globProblem(glob);
    if (problem) throw new UsageError(`--exclude ${JSON.stringify(glob.slice(0, 80))}: ${problem}`);
  }
  return {
    format,
    version,
    excludes: values.exclude,
    explain: values.explain,
    help: values.help,
    paths: positionals,
  } as const;
}

async function main(argv: string[]): Promise<number> {
  const options = parse(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.paths.length === 0) throw new UsageError('no PATH given');
  for (const p of options.paths) if (!fs.existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
  const paths = options.paths.map((p) => path.resolve(p));
  // What the user named is what may be read: a folder, or the folder of a file (its include_dir is there).
  const roots = paths.map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p)));
  const disk = createNodeFileSystem({ roots });
  const files = await collectFiles(paths, options.excludes, disk);
  const { results, skipped, counts } = await lintFiles(files, options.version, disk, roots);
  const display = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  };
  for (const skip of skipped) process.stderr.write(formatSkip(display(skip.file), skip.reason));
  // On stderr in both formats: stdout holds only results (one per line, or the JSON array).
  process.stderr.write(formatCounts(counts));
  const shown = results.map((r) => ({ ...r, file: display(r.file) }));
  process.stdout.write(options.format === 'json' ? formatJson(shown) : formatText(shown, options.explain));
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`mqtt-lint: ${err.message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`mqtt-lint: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 2;
    }
  },
);
