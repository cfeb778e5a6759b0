/** The linter's work, separate from argv and process handling so tests can call it directly. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { FoundFile } from '../files';
import {
  type AnalysisSettings,
  defaultSettings,
  type MosquittoVersion,
  type SeverityName,
  type WorkspaceFileSystem,
} from '../types';
import { escapeControls, inertJson } from '../text';
import { diagnoseFiles, type LintCounts, type LintSkip } from '../workspace/diagnoseFiles';

export type { LintCounts, LintSkip };

export interface LintResult {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityName;
  code: string;
  /** The headline. */
  message: string;
  /** Why, for this occurrence (printed with --explain; always in the JSON). */
  detail?: string;
}

const SEVERITY_NAMES: Record<number, SeverityName> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

function toResult(file: string, d: Diagnostic): LintResult {
  const detail = (d.data as { detail?: string } | undefined)?.detail;
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error] ?? 'error',
    code: String(d.code ?? ''),
    message: oneLine(typeof d.message === 'string' ? d.message : d.message.value),
    ...(detail ? { detail: oneLine(detail) } : {}),
  };
}

// Whitespace around each line break becomes one space (what /\s*\n\s*/g did, without its quadratic retries).
function oneLine(message: string): string {
  const lines = message.split('\n');
  return lines
    .map((l, i) => (i > 0 ? l.trimStart() : l))
    .map((l, i) => (i < lines.length - 1 ? l.trimEnd() : l))
    .join(' ');
}

/** mqtt-lint's run: every file diagnosed under the default settings of a mosquitto version, as results. */
export async function lintFiles(
  files: readonly FoundFile[],
  version: MosquittoVersion,
  fs: WorkspaceFileSystem,
  roots: readonly string[] = [],
): Promise<{ results: LintResult[]; skipped: LintSkip[]; counts: LintCounts }> {
  const settings: AnalysisSettings = { ...defaultSettings, mosquittoVersion: version };
  const results: LintResult[] = [];
  const { skipped, counts } = await diagnoseFiles(files, settings, fs, roots, (file, diagnostics) => {
    for (const d of diagnostics) results.push(toResult(file, d));
  });
  return { results, skipped, counts };
}

/** One line per result; control characters from file names and messages are escaped, never written raw. */
export function formatText(results: readonly LintResult[], explain = false): string {
  return results
    .map(
      (r) =>
        `${escapeControls(r.file)}:${r.line}:${r.column}: ${r.severity} ${escapeControls(r.code)} ${escapeControls(r.message)}\n` +
        (explain && r.detail ? `    ${escapeControls(r.detail)}\n` : ''),
    )
    .join('');
}

/** The results as a JSON array, with no raw control character anywhere in it. */
export function formatJson(results: readonly LintResult[]): string {
  return `${inertJson(results)}\n`;
}

/** The stderr line saying how many files were read, so a run that found nothing is not taken for a clean one. */
export function formatCounts(counts: LintCounts): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const total = counts.configs + counts.acl + counts.sources;
  return `mqtt-lint: read ${n(total, 'file', 'files')}: ${n(counts.configs, 'mosquitto config', 'mosquitto configs')}, ${n(counts.acl, 'ACL file', 'ACL files')}, ${n(counts.sources, 'source file', 'source files')}\n`;
}

/** The stderr line for a file the linter skipped. */
export function formatSkip(file: string, reason: string): string {
  return `mqtt-lint: ${escapeControls(file)}: ${reason}, skipped\n`;
}
