import type { Diagnostic } from 'vscode-languageserver-types';
import type { AnalysisSettings, DocumentContext } from '../types';

/** Diagnostics for a mosquitto.conf text. Pure: text, settings and an optional file system view in. */
export function validateConfig(_text: string, _settings: AnalysisSettings, _ctx: DocumentContext = {}): Diagnostic[] {
  return [];
}
