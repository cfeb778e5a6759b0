/**
 * Hostile repositories for the hostile tier, built by the tests themselves in temp folders: git configs
 * whose programs would leave marker files, special files and links, FIFOs, and the crafted inputs of issue 7.
 * Also the bounded ways to run the CLI and to judge what it printed.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from './lspClient';

/** A temp folder holding a repository (`repo/`) and, outside it, the payloads and the markers they leave. */
export class HostileRepo {
  readonly root: string;
  readonly repo: string;
  readonly markers: string;
  private readonly payloads: string;

  constructor(prefix = 'mqttwb-hostile-') {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    this.repo = join(this.root, 'repo');
    this.markers = join(this.root, 'markers');
    this.payloads = join(this.root, 'payloads');
    for (const d of [this.repo, this.markers, this.payloads]) mkdirSync(d, { recursive: true });
  }

  /** Absolute path inside the repository. */
  path(rel: string): string {
    return join(this.repo, rel);
  }

  /** Write a file (parents created); returns its absolute path. */
  write(rel: string, content: string | Buffer): string {
    const abs = this.path(rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    return abs;
  }

  /** A symbolic link at `rel` pointing to `target` (absolute, or relative to the link). */
  link(rel: string, target: string): string {
    const abs = this.path(rel);
    mkdirSync(dirname(abs), { recursive: true });
    symlinkSync(target, abs);
    return abs;
  }

  /** A FIFO at `rel`: opening it for reading blocks until someone writes, which nobody ever does. */
  fifo(rel: string): string {
    const abs = this.path(rel);
    mkdirSync(dirname(abs), { recursive: true });
    const r = spawnSync('mkfifo', [abs]);
    if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr.toString()}`);
    return abs;
  }

  /** An executable script (outside the repository) that creates the marker `name` when run. */
  payload(name: string): string {
    const abs = join(this.payloads, `${name}.sh`);
    writeFileSync(abs, `#!/bin/sh\necho "$0 $*" >> '${join(this.markers, name)}'\nexit 0\n`);
    chmodSync(abs, 0o755);
    return abs;
  }

  /** The markers left so far by payloads that ran. */
  markersLeft(): string[] {
    return readdirSync(this.markers).sort();
  }

  clearMarkers(): void {
    for (const m of readdirSync(this.markers)) rmSync(join(this.markers, m));
  }

  /** `git init` the repository (or a folder inside it) and commit everything in it. */
  gitInit(rel = '.'): void {
    const cwd = this.path(rel);
    const git = (...args: string[]) => {
      const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    };
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qm', 'hostile', '--no-verify');
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Hook names git runs; a hooksPath full of them catches any hook a command triggers. */
const HOOKS = [
  'post-index-change',
  'pre-commit',
  'post-checkout',
  'post-merge',
  'pre-auto-gc',
  'reference-transaction',
  'fsmonitor-watchman',
  'post-rewrite',
  'pre-push',
  'push-to-checkout',
];

/**
 * Repository config settings that make git run a program (git-config(1), gitattributes(5), githooks(5)),
 * each pointing to its own payload. `.gitattributes` routes every file through the filter and diff drivers.
 */
export function programRunningConfig(repo: HostileRepo): string {
  const hooks = join(repo.root, 'hooks');
  mkdirSync(hooks, { recursive: true });
  for (const hook of HOOKS) {
    const src = repo.payload(`hook-${hook}`);
    writeFileSync(join(hooks, hook), readFileSync(src));
    chmodSync(join(hooks, hook), 0o755);
  }
  const p = (name: string) => repo.payload(name);
  return [
    '[core]',
    `\tfsmonitor = ${p('core.fsmonitor')}`,
    `\thooksPath = ${hooks}`,
    `\tpager = ${p('core.pager')}`,
    `\teditor = ${p('core.editor')}`,
    `\tsshCommand = ${p('core.sshCommand')}`,
    `\tgitProxy = ${p('core.gitProxy')}`,
    `\taskPass = ${p('core.askPass')}`,
    `\talternateRefsCommand = ${p('core.alternateRefsCommand')}`,
    '\tuntrackedCache = true',
    '[pager]',
    `\tls-files = ${p('pager.ls-files')}`,
    `\tstatus = ${p('pager.status')}`,
    '[diff]',
    `\texternal = ${p('diff.external')}`,
    '[diff "evil"]',
    `\ttextconv = ${p('diff.evil.textconv')}`,
    `\tcommand = ${p('diff.evil.command')}`,
    '[filter "evil"]',
    `\tclean = ${p('filter.evil.clean')}`,
    `\tsmudge = ${p('filter.evil.smudge')}`,
    `\tprocess = ${p('filter.evil.process')}`,
    '[credential]',
    `\thelper = !${p('credential.helper')}`,
    '[gpg]',
    `\tprogram = ${p('gpg.program')}`,
    '[sequence]',
    `\teditor = ${p('sequence.editor')}`,
    '[uploadpack]',
    `\tpackObjectsHook = ${p('uploadpack.packObjectsHook')}`,
    '[gc]',
    '\tauto = 1',
    '\tautoDetach = false',
    '[maintenance]',
    '\tauto = true',
    '[alias]',
    `\tls-files = !${p('alias.ls-files')}`,
    '',
  ].join('\n');
}

/** The attributes that make every file pass through the config's filter and diff drivers. */
export const EVIL_ATTRIBUTES = '* filter=evil diff=evil\n';

/** Run `git status` by hand in `cwd`, as a user would (the control that the payloads are live). */
export function gitStatusByHand(cwd: string): void {
  spawnSync('git', ['status'], { cwd, encoding: 'utf8', timeout: 20_000 });
}

/** The outcome of one bounded CLI run. */
export interface LintRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  millis: number;
  error?: Error;
}

export const LINT_TIMEOUT_MS = 20_000;
/** Heap cap for the CLI: runaway memory becomes a crash, which the tests count as a failure. */
export const LINT_HEAP_MB = 512;

/** mqtt-lint as a process, with a wall-clock timeout (killed, not waited for) and a heap cap. */
export function runLint(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): LintRun {
  const start = Date.now();
  const r: SpawnSyncReturns<string> = spawnSync(
    process.execPath,
    [`--max-old-space-size=${LINT_HEAP_MB}`, join(projectRoot, 'dist', 'lint.js'), ...args],
    {
      cwd: options.cwd,
      // The given variables first: a reader that stops at the first `:` still meets them.
      env: { ...options.env, ...process.env, ...options.env },
      encoding: 'utf8',
      timeout: options.timeoutMs ?? LINT_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr,
    millis: Date.now() - start,
    error: r.error,
  };
}

/** Why a run did not finish normally (exit 0 or 1, no signal, no stack trace), or undefined when it did. */
export function abnormal(r: LintRun): string | undefined {
  if (r.signal) return `killed by ${r.signal} after ${r.millis} ms (timeout or out of memory)`;
  if (r.error) return `${r.error.message} after ${r.millis} ms`;
  if (r.status !== 0 && r.status !== 1) return `exit ${r.status}: ${r.stderr.slice(0, 2000)}`;
  if (/\n\s+at /.test(r.stderr)) return `stack trace on stderr: ${r.stderr.slice(0, 2000)}`;
  return undefined;
}

/** C0 and C1 control characters other than newline and tab: what a terminal or CI log would interpret. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Links and images a markdown renderer would make of `markdown`, skipping code spans and backslash
 * escapes (CommonMark), plus bare URLs a GFM renderer would autolink. Targets as written.
 */
export function activeMarkdown(markdown: string): { links: string[]; images: number; bareUrls: string[] } {
  let plain = '';
  for (let i = 0; i < markdown.length;) {
    const ch = markdown[i]!;
    if (ch === '\\' && i + 1 < markdown.length && /[!-/:-@[-`{-~]/.test(markdown[i + 1]!)) {
      plain += ' ';
      i += 2;
      continue;
    }
    if (ch === '`') {
      let n = 0;
      while (markdown[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let close = markdown.indexOf(fence, i + n);
      while (close !== -1 && (markdown[close + n] === '`' || markdown[close - 1] === '`'))
        close = markdown.indexOf(fence, close + 1);
      if (close !== -1) {
        plain += ' code ';
        i = close + n;
        continue;
      }
      plain += fence;
      i += n;
      continue;
    }
    plain += ch;
    i++;
  }
  return {
    links: [...plain.matchAll(/\]\(\s*<?([^)\s>]*)/g)].map((m) => m[1]!),
    images: [...plain.matchAll(/!\[/g)].length,
    bareUrls: [...plain.matchAll(/(?:https?:\/\/|www\.)[^\s)]*/gi)].map((m) => m[0]),
  };
}

/** Words a file outside the repository would leak if quoted: first tokens of its non-comment lines. */
export function leadingWordsOf(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.trim().split(/[\s=:]+/)[0] ?? '')
    .filter((w) => w.length >= 4 && !w.startsWith('#'));
}

/** Fragments quoted in backticks in some output. */
export function quotedFragments(output: string): Set<string> {
  return new Set([...output.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!));
}
