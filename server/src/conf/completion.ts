import type { CompletionItem, Position } from 'vscode-languageserver-types';
import type { AnalysisSettings } from '../types';

export function computeConfCompletions(_text: string, _position: Position, _settings: AnalysisSettings): CompletionItem[] {
  return [];
}
