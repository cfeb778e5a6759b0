/** From a code's default severity and the user's overrides to the LSP severity (or nothing, when off). */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { SeverityName, SeverityOverride } from './types';

const LSP_SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity to report `code` with, or undefined when the user turned it off. */
export function severityFor(code: string, byDefault: SeverityName, overrides: Readonly<Record<string, SeverityOverride>>): DiagnosticSeverity | undefined {
  const override = overrides[code];
  if (override === 'off') return undefined;
  return LSP_SEVERITY[override ?? byDefault];
}
