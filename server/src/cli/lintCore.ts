/** The linter's work, separate from argv and process handling so tests can call it directly. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { validateConfig } from '../conf/validate';
import { nodeFileSystem } from '../nodeFileSystem';
import { defaultSettings, type MosquittoVersion, type SeverityName } from '../types';

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

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);

/** Whether a file found while walking a folder is a mosquitto config. */
export function isMosquittoConfPath(file: string): boolean {
  if (path.basename(file) === 'mosquitto.conf') return true;
  if (!file.endsWith('.conf')) return false;
  const parts = file.split(path.sep);
  return parts.slice(0, -1).some((p) => p === 'mosquitto' || p === 'conf.d' || p.startsWith('mosquitto'));
}

/** Explicit files as given; folders walked for mosquitto configs. Sorted, without duplicates. */
export function collectFiles(paths: string[]): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && isMosquittoConfPath(full)) {
        found.add(full);
      }
    }
  };
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) walk(p);
    else found.add(p);
  }
  return [...found].sort();
}

/** Decode as mosquitto would see the bytes: invalid UTF-8 becomes U+FFFD, which the analysis flags. */
export function readConfigText(file: string): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(fs.readFileSync(file));
}

export function lintFiles(files: string[], version: MosquittoVersion): LintResult[] {
  const settings = { ...defaultSettings, mosquittoVersion: version };
  const results: LintResult[] = [];
  for (const file of files) {
    const diagnostics = validateConfig(readConfigText(file), settings, { path: file, fs: nodeFileSystem });
    for (const d of diagnostics) {
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
