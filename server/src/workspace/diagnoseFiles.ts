/** Every file of a workspace diagnosed as if it were open: mqtt-lint's run and the editor's "Lint Workspace". */
import type { Diagnostic } from 'vscode-languageserver-types';
import { ACL_LANGUAGE, CONF_LANGUAGE, documentKindOf } from '../../../common/src/languages';
import type { FoundFile } from '../files';
import { AnalysisService } from '../service';
import type { AnalysisSettings, WorkspaceFileSystem } from '../types';
import { URI } from '../uri';
import { indexFiles } from './indexer';
import { TopicIndex } from './topicIndex';

/** A file that could not be read, reported instead of stopping the run. */
export interface LintSkip {
  file: string;
  reason: string;
}

/** What was read: the files whose text it had, by kind (a file is counted once). */
export interface LintCounts {
  configs: number;
  acl: number;
  sources: number;
}

/**
 * Diagnose files through the same facade and the same workspace index the language server uses: the source
 * files are indexed first, so each gets the editor's workspace checks (client ids across files, unmatched
 * topics, similar spellings, QoS downgrades); the ACL files the configs name (\`acl_file\`) are checked as
 * ACL files whatever their names. \`roots\`: the workspace folders (where tests and examples are told apart).
 * \`each\` receives every file read, in path order, with its diagnostics (none for a clean file).
 */
export async function diagnoseFiles(
  files: readonly FoundFile[],
  settings: AnalysisSettings,
  fs: WorkspaceFileSystem,
  roots: readonly string[],
  each: (file: string, diagnostics: Diagnostic[]) => void,
): Promise<{ skipped: LintSkip[]; counts: LintCounts }> {
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
  // Named but not found by the search (no name pattern knows it): checked if it can be read, silently passed over
  // if not (the config's own diagnostics say when it is missing).
  const named = [...aclFiles].filter((f) => !listed.has(f) && !fs.isDirectory(f));
  const all = [...listed.keys(), ...named].sort();
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
    each(file, service.diagnose(doc, settings, index));
    service.forget(doc.uri);
  }
  return { skipped, counts };
}
