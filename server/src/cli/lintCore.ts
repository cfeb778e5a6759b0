/** The linter's work, separate from argv and process handling so tests can call it directly. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { validateAcl } from '../acl/validateAcl';
import { LANGUAGE_FAMILIES } from '../code/lexer';
import { userPatterns } from '../code/patterns';
import { validateCode } from '../code/validateCode';
import { validateConfig } from '../conf/validate';
import { readConfigText } from '../files';
import { nodeFileSystem } from '../nodeFileSystem';
import { type AnalysisSettings, defaultSettings, type MosquittoVersion, type SeverityName } from '../types';

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

const SEVERITY_NAMES: Record<number, SeverityName> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

function diagnose(file: string, kind: string, settings: AnalysisSettings): Diagnostic[] {
  const text = readConfigText(file);
  if (kind === 'mosquitto-conf') return validateConfig(text, settings, { path: file, fs: nodeFileSystem });
  if (kind === 'mosquitto-acl') return validateAcl(text, settings.severity);
  return validateCode(text.replace(/^\uFEFF/, ''), kind, {
    severity: settings.severity,
    maxDepth: settings.topics.maxDepth,
    maxDiagnosticsPerFile: settings.maxDiagnosticsPerFile,
    extraPatterns: userPatterns(settings.topics.callPatterns, LANGUAGE_FAMILIES),
  });
}

export function lintFiles(files: { file: string; kind: string }[], version: MosquittoVersion): LintResult[] {
  const settings = { ...defaultSettings, mosquittoVersion: version };
  const results: LintResult[] = [];
  for (const { file, kind } of files) {
    for (const d of diagnose(file, kind, settings)) {
      results.push({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error] ?? 'error',
        code: String(d.code ?? ''),
        message: (typeof d.message === 'string' ? d.message : d.message.value).replace(/\s*\n\s*/g, ' '),
      });
    }
  }
  return results;
}

export function formatText(results: LintResult[]): string {
  return results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}\n`).join('');
}
