import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import type { AnalysisSettings } from '../types';

export function computeConfCodeActions(
  _text: string,
  _range: Range,
  _diagnostics: Diagnostic[],
  _settings: AnalysisSettings,
  _uri: string,
): CodeAction[] {
  return [];
}
