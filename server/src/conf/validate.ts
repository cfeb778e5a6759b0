/**
 * The mosquitto.conf analysis as pipeline problems: parse, run the rules, resolve included files in
 * their main config's context, and place every finding in the analysed document.
 */
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { type DiagnosticData, type Problem, toDiagnostics } from '../diagnostics';
import { hashSuppressions } from '../suppress';
import { isTestOrExample } from '../workspace/programs';
import type { AnalysisSettings, DocumentContext, FileSystemView } from '../types';
import { analyzeConfig } from './analyze';
import { CONF_AREA, type ConfCode } from './codes';
import { lexConfig } from './lexer';
import type { Finding, Fix } from './model';
import { CONF_RULES } from './rules';
import { URI } from '../uri';
import { confLikeness, type ConfLikeness, templateLine } from './recognise';
import { resolveConfPath } from './references';
import { clip } from '../text';

/** What a config diagnostic carries: the pipeline's data, with the analysis's quick fixes. */
export type ConfDiagnosticData = DiagnosticData & { fixes?: Fix[] };

/** Whether the document is a test, an example or a fixture inside the workspace (warnings become informations). */
export function testOrExample(ctx: DocumentContext): boolean {
  const { path, fs } = ctx;
  return path !== undefined && fs !== undefined && isTestOrExample(path, (folder) => fs.mayRead(folder));
}

/**
 * Rules that judge the whole broker (what is absent anywhere, or what every listener is): a conf.d
 * snippet, or a config whose include_dir the analysis could not read, is not a whole broker.
 */
const WHOLE_BROKER = new Set<ConfCode>([
  'no-listener',
  'persistence-off',
  'websockets-only',
  'listener-refuses-everyone',
  'no-acl',
  'unbounded-queue',
  'no-queue-byte-limit',
  'sessions-never-expire',
]);

/** All findings for the analysed document, included files resolved in their main file's context. */
export function findConfProblems(text: string, settings: AnalysisSettings, ctx: DocumentContext = {}): Finding[] {
  const template = templateLine(text);
  if (template !== undefined) return [templateFinding(template)];
  const likeness = confLikeness(text);
  if (likeness.known * 2 < likeness.lines) return [notMosquittoFinding(likeness)];
  const main =
    ctx.path && ctx.fs ? findIncludingConfig(ctx.path, ctx.fs, settings.mosquittoWorkingDirectory) : undefined;
  if (main && ctx.fs && ctx.path) {
    // Analyse the main config, with this document's (possibly unsaved) text in place of the file.
    const self = ctx.path;
    const fs = overlay(ctx.fs, self, text);
    const mainText = fs.readFile(main);
    if (mainText !== undefined) {
      const findings = runAll(mainText, settings, { path: main, fs });
      return findings.filter((f) => f.file === self && !WHOLE_BROKER.has(f.code)).map((f) => ({ ...f, file: '' }));
    }
  }
  const findings = runAll(text, settings, ctx).filter((f) => f.file === '');
  if (!text.startsWith('\uFEFF') && ctx.path && ctx.fs?.hasByteOrderMark?.(ctx.path))
    findings.unshift(diskBomFinding());
  return findings;
}

/** A template (Ansible, Helm, ERB) is rendered before mosquitto reads it: its placeholders are not errors. */
function templateFinding(line: number): Finding {
  return {
    code: 'not-mosquitto-conf',
    file: '',
    line,
    start: 0,
    end: 0,
    message: 'A template, not checked: lint the rendered config',
    detail: `This looks like a template (a \`{{\`, \`{%\` or \`<%\` placeholder on line ${line + 1}): mosquitto reads the rendered file, so this one is not checked. Lint the rendered config.`,
  };
}

/** One information instead of an error per line of a file in another format. */
function notMosquittoFinding(likeness: ConfLikeness): Finding {
  const foreign = likeness.firstForeign;
  return {
    code: 'not-mosquitto-conf',
    file: '',
    line: foreign?.line ?? 0,
    start: 0,
    end: foreign?.name.length ?? 0,
    message: 'Not a mosquitto config, not checked: if it is another format, change its language mode',
    detail: `This does not look like a mosquitto config: only ${likeness.known} of its ${likeness.lines} option lines are mosquitto options${foreign ? ` (line ${foreign.line + 1} starts with \`${clip(foreign.name)}\`)` : ''}, so it is not checked. If it is another format, change the file's language mode.`,
  };
}

/** Editors decode a BOM away, but mosquitto reads it as part of the first option name and stops. */
function diskBomFinding(): Finding {
  return {
    code: 'byte-order-mark',
    file: '',
    line: 0,
    start: 0,
    end: 0,
    message:
      'The file is saved with a UTF-8 byte order mark (the status bar shows "UTF-8 with BOM"); mosquitto reads it as part of the first option name and stops. Use "Save with Encoding" → UTF-8.',
  };
}

function runAll(text: string, settings: AnalysisSettings, ctx: DocumentContext): Finding[] {
  const { model, findings } = analyzeConfig(text, settings, ctx);
  for (const rule of CONF_RULES) {
    // No spread: a huge file can produce more findings than fit on the call stack.
    for (const finding of rule(model, { settings, doc: ctx }))
      if (!model.partial || !WHOLE_BROKER.has(finding.code)) findings.push(finding);
  }
  return findings;
}

/** Diagnostics for a mosquitto.conf text. Pure: text, settings and an optional file system view in. */
export function validateConfig(text: string, settings: AnalysisSettings, ctx: DocumentContext = {}): Diagnostic[] {
  return toDiagnostics(confProblems(text, settings, ctx), CONF_AREA, settings, hashSuppressions(text), {
    testOrExample: testOrExample(ctx),
  });
}

/** The findings of a mosquitto.conf text as pipeline problems (positions in this document). */
export function confProblems(text: string, settings: AnalysisSettings, ctx: DocumentContext = {}): Problem[] {
  return findConfProblems(text, settings, ctx).map((finding) => toProblem(finding, ctx));
}

const lineRange = (line: number, start: number, end: number) => ({
  start: { line, character: start },
  end: { line, character: end },
});

function toProblem(finding: Finding, ctx: DocumentContext): Problem {
  const problem: Problem = {
    code: finding.code,
    range: lineRange(finding.line, finding.start, finding.end),
    message: finding.message,
  };
  if (finding.detail) problem.detail = finding.detail;
  if (finding.deprecated) problem.deprecated = true;
  if (finding.fixes?.length) problem.data = { fixes: finding.fixes } satisfies ConfDiagnosticData;
  const related = finding.related;
  const file = related && (related.file || ctx.path);
  if (related && file) {
    problem.related = [
      {
        location: { uri: URI.fromFsPath(file), range: lineRange(related.line, related.start, related.end) },
        message: related.message,
      },
    ];
  }
  return problem;
}

/** A file system view in which one file has the given text (an unsaved editor buffer). */
function overlay(fs: FileSystemView, path: string, text: string): FileSystemView {
  return {
    ...fs,
    mayRead: (p) => resolve(p) === resolve(path) || fs.mayRead(p),
    readFile: (p) => (resolve(p) === resolve(path) ? text : fs.readFile(p)),
    exists: (p) => resolve(p) === resolve(path) || fs.exists(p),
  };
}

/** Configs read per folder when looking for the one that includes a file. */
const MAX_INCLUDING_CANDIDATES = 20;

/**
 * The main config that includes this file through include_dir, if one is nearby: a `*.conf` in the
 * parent or grandparent folder whose include_dir names this file's folder. Only folders the view may
 * read are looked in (the workspace), and only the first few configs of each.
 */
export function findIncludingConfig(path: string, fs: FileSystemView, workingDirectory = ''): string | undefined {
  const folder = resolve(dirname(path));
  for (const candidateDir of [dirname(folder), dirname(dirname(folder))]) {
    if (!fs.mayRead(candidateDir)) continue;
    const names = fs.readDirectory(candidateDir) ?? [];
    const candidates = names
      .filter((n) => n.endsWith('.conf'))
      .sort((a, b) => (a === 'mosquitto.conf' ? -1 : b === 'mosquitto.conf' ? 1 : a.localeCompare(b)))
      .slice(0, MAX_INCLUDING_CANDIDATES);
    for (const name of candidates) {
      const candidate = join(candidateDir, name);
      if (resolve(candidate) === resolve(path) || !fs.mayRead(candidate)) continue;
      const text = fs.readFile(candidate);
      if (text === undefined || !text.includes('include_dir')) continue;
      for (const line of lexConfig(text)) {
        if (line.name?.text !== 'include_dir') continue;
        const dir = line.text.slice(line.restStart).trim();
        const abs = resolveConfPath(dir, candidate, workingDirectory);
        if (abs !== undefined && resolve(abs) === folder) return candidate;
      }
    }
  }
  return undefined;
}
