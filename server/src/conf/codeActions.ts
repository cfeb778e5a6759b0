/** Quick fixes: every fix is computed by the analysis and travels in the diagnostic's data. */
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { Fix } from './model';
import type { DiagnosticData } from './validate';

function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** The quick fixes for the diagnostics VS Code sends back for a range. */
export function computeConfCodeActions(range: Range, diagnostics: Diagnostic[], uri: string): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'mosquitto.conf' || !rangesOverlap(range, diagnostic.range)) continue;
    const fixes = (diagnostic.data as DiagnosticData | undefined)?.fixes ?? [];
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
