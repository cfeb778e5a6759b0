/** The linter's work, separate from argv and process handling so tests can call it directly. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { ACL_LANGUAGE, CONF_LANGUAGE, documentKindOf } from '../../../common/src/languages';
import type { FoundFile } from '../files';
import { AnalysisService } from '../service';
import {
  type AnalysisSettings,
  defaultSettings,
  type MosquittoVersion,
  type SeverityName,
  type WorkspaceFileSystem,
} from '../types';
import { escapeControls, inertJson } from '../text';
import { URI } from '../uri';
import { indexFiles } from '../workspace/indexer';
import { TopicIndex } from '../workspace/topicIndex';

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

/** A file the linter could not read, reported instead of stopping the run. */
export interface LintSkip {
  file: string;
  reason: string;
}

const SEVERITY_NAMES: Record<number, SeverityName> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

function toResult(file: string, d: Diagnostic): LintResult {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error] ?? 'error',
    code: String(d.code ?? ''),
    message: oneLine(typeof d.message === 'string' ? d.message : d.message.value),
  };
}

// Whitespace around each line break becomes one space (what /\s*\n\s*/g did, without its quadratic retries).
function oneLine(message: string): string {
  const lines = message.split('\n');
  return lines
    .map((l, i) => (i > 0 ? l.trimStart() : l))
    .map((l, i) => (i < lines.length - 1 ? l.trimEnd() : l))
    .join(' ');
}

/** What mqtt-lint read: the files whose text it had, by kind (a file is counted once). */
export interface LintCounts {
  configs: number;
  acl: number;
  sources: number;
}

/**
 * Lint files through the same facade and the same workspace index the language server uses: the source
 * files are indexed first, so each gets the editor's workspace checks (client ids across files, unmatched
 * topics, similar spellings, QoS downgrades); the ACL files the configs name (`acl_file`) are linted as
 * ACL files whatever their names. `roots`: the workspace folders (where tests and examples are told apart).
 */
export async function lintFiles(
  files: readonly FoundFile[],
  version: MosquittoVersion,
  fs: WorkspaceFileSystem,
  roots: readonly string[] = [],
): Promise<{ results: LintResult[]; skipped: LintSkip[]; counts: LintCounts }> {
  const settings: AnalysisSettings = { ...defaultSettings, mosquittoVersion: version };
  const service = new AnalysisService(fs);
  const index = new TopicIndex();
  index.setRoots(roots);
  await indexFiles(files, index, fs, {
    maxFiles: Number.MAX_SAFE_INTEGER,
    exclude: [],
    entryOf: (uri, text, languageId, budget) => service.fileIndexEntry({ uri, text, languageId }, settings, budget),
  });
  // A file a config names as its acl_file is an ACL file, whatever its name says (the editor does the same).
  const aclFiles = new Set<string>();
  for (const { file, languageId } of files) {
    if (languageId !== CONF_LANGUAGE) continue;
    const text = await fs.readText(file);
    if (text !== undefined)
      for (const acl of service.aclFilesOf({ uri: URI.fromFsPath(file), languageId, text })) aclFiles.add(acl);
  }
  const listed = new Map(files.map((f) => [f.file, f.languageId]));
  // Named but not found by the search (no name pattern knows it): linted if it can be read, silently passed over if not
  // (the config's own diagnostics say when it is missing).
  const named = [...aclFiles].filter((f) => !listed.has(f) && !fs.isDirectory(f));
  const all = [...listed.keys(), ...named].sort();
  const results: LintResult[] = [];
  const skipped: LintSkip[] = [];
  const counts: LintCounts = { configs: 0, acl: 0, sources: 0 };
  for (const file of all) {
    const languageId = aclFiles.has(file) ? ACL_LANGUAGE : (listed.get(file) ?? ACL_LANGUAGE);
    const raw = await fs.readText(file);
    if (raw === undefined) {
      if (listed.has(file)) skipped.push({ file, reason: 'cannot be read' });
      continue;
    }
    const kind = documentKindOf(languageId);
    if (kind === 'conf') counts.configs++;
    else if (kind === 'acl') counts.acl++;
    else counts.sources++;
    // mosquitto reads a BOM as part of the first option name; editors (and compilers) drop it from source code.
    const text = kind === 'code' ? raw.replace(/^\uFEFF/, '') : raw;
    const doc = { uri: URI.fromFsPath(file), languageId, text };
    for (const d of service.diagnose(doc, settings, index)) results.push(toResult(file, d));
    service.forget(doc.uri);
  }
  return { results, skipped, counts };
}

/** One line per result; control characters from file names and messages are escaped, never written raw. */
export function formatText(results: readonly LintResult[]): string {
  return results
    .map(
      (r) =>
        `${escapeControls(r.file)}:${r.line}:${r.column}: ${r.severity} ${escapeControls(r.code)} ${escapeControls(r.message)}\n`,
    )
    .join('');
}

/** The results as a JSON array, with no raw control character anywhere in it. */
export function formatJson(results: readonly LintResult[]): string {
  return `${inertJson(results)}\n`;
}

/** The stderr line saying how many files were read, so a run that found nothing is not taken for a clean one. */
export function formatCounts(counts: LintCounts): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const total = counts.configs + counts.acl + counts.sources;
  return `mqtt-lint: read ${n(total, 'file', 'files')}: ${n(counts.configs, 'mosquitto config', 'mosquitto configs')}, ${n(counts.acl, 'ACL file', 'ACL files')}, ${n(counts.sources, 'source file', 'source files')}\n`;
}

/** The stderr line for a file the linter skipped. */
export function formatSkip(file: string, reason: string): string {
  return `mqtt-lint: ${escapeControls(file)}: ${reason}, skipped\n`;
}
