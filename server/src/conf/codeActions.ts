/** Quick fixes: every fix is computed by the analysis and travels in the diagnostic's data. */
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { Fix } from './model';
import type { ConfDiagnosticData } from './validate';

/** The quick fixes of the diagnostics (ours, at the requested range) VS Code sends back. */
export function computeConfCodeActions(diagnostics: readonly Diagnostic[], uri: string): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const fixes = (diagnostic.data as ConfDiagnosticData | undefined)?.fixes ?? [];
    for (const fix of fixes) actions.push(toAction(fix, diagnostic, uri));
  }
  return actions;
}

function toAction(fix: Fix, diagnostic: Diagnostic, uri: string): CodeAction {
  const edits: TextEdit[] = fix.edits.map((e) => ({
    range: { start: { line: e.line, character: e.start }, end: { line: e.line, character: e.end } },
    newText: e.newText,
  }));
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true,
    edit: { changes: { [uri]: edits } },
  };
}
