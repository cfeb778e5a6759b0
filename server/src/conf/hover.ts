import type { Hover, Position } from 'vscode-languageserver-types';
import type { AnalysisSettings } from '../types';

export function computeConfHover(_text: string, _position: Position, _settings: AnalysisSettings): Hover | null {
  return null;
}
