/**
 * The one diagnostics pipeline: every analysis (mosquitto.conf, ACL files, topics in code, workspace
 * checks) reports `Problem`s against a code table of one shape; this step alone turns them into LSP
 * diagnostics, applying the user's severities, suppression comments and the per-file cap.
 */
import {
  type Diagnostic,
  type DiagnosticRelatedInformation,
  DiagnosticSeverity,
  DiagnosticTag,
  type Range,
} from 'vscode-languageserver-types';
import type { SeverityName, SeverityOverride } from './types';

/** What a code table says about one diagnostic code. */
export interface CodeInfo {
  severity: SeverityName;
  summary: string;
}

/** Every code one analysis can report, with its default severity. */
export type CodeTable = Readonly<Record<string, CodeInfo>>;

/** A problem found in the analysed document, before severities, suppressions and the cap. */
export interface Problem<Code extends string = string> {
  code: Code;
  range: Range;
  message: string;
  related?: DiagnosticRelatedInformation[];
  /** Shown struck through (a deprecated option). */
  deprecated?: boolean;
  /** Carried to the client and back to code actions (quick fixes). */
  data?: unknown;
}

/** One analysis's codes and the `source` label its diagnostics carry. */
export interface Area {
  source: string;
  codes: CodeTable;
}

/** The settings the pipeline applies. */
export interface PipelineSettings {
  severity: Readonly<Record<string, SeverityOverride>>;
  maxDiagnosticsPerFile: number;
}

/** Codes silenced per line by suppression comments; an empty set silences every code on that line. */
export type Suppressions = ReadonlyMap<number, ReadonlySet<string>>;

const LSP_SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity to report `code` with, or undefined when the user turned it off. */
export function severityFor(
  code: string,
  byDefault: SeverityName,
  overrides: Readonly<Record<string, SeverityOverride>>,
): DiagnosticSeverity | undefined {
  const override = Object.hasOwn(overrides, code) ? overrides[code] : undefined;
  if (override === 'off') return undefined;
  return LSP_SEVERITY[override ?? byDefault];
}

/** The code that says a file has more problems than the cap lets through. */
export const TOO_MANY_PROBLEMS = 'too-many-problems';

const before = (a: Range, b: Range) => a.start.line - b.start.line || a.start.character - b.start.character;

/** Problems to diagnostics, in document order: severities applied, suppressed lines dropped, capped per file. */
export function toDiagnostics(
  problems: readonly Problem[],
  area: Area,
  settings: PipelineSettings,
  suppressions?: Suppressions,
): Diagnostic[] {
  const kept: Diagnostic[] = [];
  for (const problem of [...problems].sort((a, b) => before(a.range, b.range))) {
    const info = Object.hasOwn(area.codes, problem.code) ? area.codes[problem.code] : undefined;
    const severity = severityFor(problem.code, info?.severity ?? 'warning', settings.severity);
    if (severity === undefined) continue;
    const silenced = suppressions?.get(problem.range.start.line);
    if (silenced && (silenced.size === 0 || silenced.has(problem.code))) continue;
    const diagnostic: Diagnostic = {
      range: problem.range,
      severity,
      code: problem.code,
      source: area.source,
      message: problem.message,
    };
    if (problem.deprecated) diagnostic.tags = [DiagnosticTag.Deprecated];
    if (problem.related?.length) diagnostic.relatedInformation = problem.related;
    if (problem.data !== undefined) diagnostic.data = problem.data;
    kept.push(diagnostic);
  }
  const max = settings.maxDiagnosticsPerFile;
  if (kept.length <= max) return kept;
  const shown = kept.slice(0, max);
  shown.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: TOO_MANY_PROBLEMS,
    source: area.source,
    message: `${kept.length - max} more problems are not shown (mqttWorkbench.diagnostics.maxPerFile is ${max}).`,
  });
  return shown;
}
