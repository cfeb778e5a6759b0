/** The linter's work, separate from argv and process handling so tests can call it directly. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { documentKindOf } from '../../../common/src/languages';
import type { FoundFile } from '../files';
import { AnalysisService } from '../service';
import {
  type AnalysisSettings,
  defaultSettings,
  type MosquittoVersion,
  type SeverityName,
  type WorkspaceFileSystem,
} from '../types';
import { escapeControls, inertJson } from '../text';
import { URI } from '../uri';

export interface LintResult {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityName;
  code: string;
  message: string;
}

/** A file the linter could not read, reported instead of stopping the run. */
export interface LintSkip {
  file: string;
  reason: string;
}

const SEVERITY_NAMES: Record<number, SeverityName> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

function toResult(file: string, d: Diagnostic): LintResult {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error] ?? 'error',
    code: String(d.code ?? ''),
    message: oneLine(typeof d.message === 'string' ? d.message : d.message.value),
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

/** Lint files through the same facade the language server uses. */
export async function lintFiles(
  files: readonly FoundFile[],
  version: MosquittoVersion,
  fs: WorkspaceFileSystem,
): Promise<{ results: LintResult[]; skipped: LintSkip[] }> {
  const settings: AnalysisSettings = { ...defaultSettings, mosquittoVersion: version };
  const service = new AnalysisService(fs);
  const results: LintResult[] = [];
  const skipped: LintSkip[] = [];
  for (const { file, languageId } of files) {
    const raw = await fs.readText(file);
    if (raw === undefined) {
      skipped.push({ file, reason: 'cannot be read' });
      continue;
    }
    // mosquitto reads a BOM as part of the first option name; editors (and compilers) drop it from source code.
    const text = documentKindOf(languageId) === 'code' ? raw.replace(/^\uFEFF/, '') : raw;
    for (const d of service.diagnose({ uri: URI.fromFsPath(file), languageId, text }, settings))
      results.push(toResult(file, d));
  }
  return { results, skipped };
}

/** One line per result; control characters from file names and messages are escaped, never written raw. */
export function formatText(results: readonly LintResult[]): string {
  return results
    .map(
      (r) =>
        `${escapeControls(r.file)}:${r.line}:${r.column}: ${r.severity} ${escapeControls(r.code)} ${escapeControls(r.message)}\n`,
    )
    .join('');
}

/** The results as a JSON array, with no raw control character anywhere in it. */
export function formatJson(results: readonly LintResult[]): string {
  return `${inertJson(results)}\n`;
}

/** The stderr line for a file the linter skipped. */
export function formatSkip(file: string, reason: string): string {
  return `mqtt-lint: ${escapeControls(file)}: ${reason}, skipped\n`;
}
