/** Helpers for tests of the mosquitto.conf analysis. */
import type { Diagnostic } from 'vscode-languageserver-types';
import { validateConfig } from '../../server/src/conf/validate';
import { type AnalysisSettings, defaultSettings, type DocumentContext } from '../../server/src/types';

export interface Seen {
  code: string;
  line: number;
  start: number;
  end: number;
  severity: number;
}

export function diagnose(
  text: string,
  settings: Partial<AnalysisSettings> = {},
  ctx: DocumentContext = {},
): Diagnostic[] {
  return validateConfig(text, { ...defaultSettings, ...settings }, ctx);
}

/** Compact view of diagnostics, sorted by position. */
export function seen(text: string, settings: Partial<AnalysisSettings> = {}, ctx: DocumentContext = {}): Seen[] {
  return diagnose(text, settings, ctx).map((d) => ({
    code: String(d.code),
    line: d.range.start.line,
    start: d.range.start.character,
    end: d.range.end.character,
    severity: d.severity ?? 0,
  }));
}

/** Codes reported on a line (0-based). */
export function codesOn(text: string, line: number, settings: Partial<AnalysisSettings> = {}): string[] {
  return seen(text, settings)
    .filter((d) => d.line === line)
    .map((d) => d.code);
}

export function codes(text: string, settings: Partial<AnalysisSettings> = {}, ctx: DocumentContext = {}): string[] {
  return seen(text, settings, ctx).map((d) => d.code);
}

export function errors(text: string, settings: Partial<AnalysisSettings> = {}, ctx: DocumentContext = {}): Seen[] {
  return seen(text, settings, ctx).filter((d) => d.severity === 1);
}

/** A config that is quiet about the traps, so a test can add the one line it is about. */
export const SAFE_BASE = [
  'listener 1883 127.0.0.1',
  'allow_anonymous true',
  'persistence true',
  'persistence_location /var/lib/mosquitto/',
  'persistent_client_expiration 14d',
  'max_queued_bytes 10485760',
].join('\n');

/** A diagnostic's message as text (LSP 3.18 allows markup). */
/** A diagnostic's headline and, after a line break, its explanation (the hover's), when it has one. */
export const messageOf = (d: Diagnostic | undefined): string => {
  if (d === undefined) return '';
  const headline = typeof d.message === 'string' ? d.message : d.message.value;
  const detail = (d.data as { detail?: string } | undefined)?.detail;
  return detail ? `${headline}\n${detail}` : headline;
};
