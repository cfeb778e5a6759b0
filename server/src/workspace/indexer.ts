/**
 * Fills the TopicIndex from the workspace folders in the background: files listed once (git ls-files
 * inside a checkout, honouring .gitignore), then read and analysed in small chunks that yield to the
 * event loop, so requests are answered while indexing runs. Reports progress when the client can show it.
 */
import { Budget } from '../budget';
import { documentKindOf } from '../../../common/src/languages';
import { collectFiles, type FoundFile } from '../files';
import type { WorkspaceFileSystem } from '../types';
import { URI } from '../uri';
import type { IndexEntry } from './indexEntry';
import type { TopicIndex } from './topicIndex';

export interface IndexOptions {
  maxFiles: number;
  exclude: readonly string[];
  /** What one file contributes (the caller applies its call patterns), within the file's time budget. */
  entryOf(uri: string, text: string, languageId: string, budget: Budget): IndexEntry;
  /** The time budget of one file, so one crafted file cannot stall indexing. */
  millisPerFile?: number;
}

/** The time one file may take to index unless the options say otherwise. */
const MILLIS_PER_FILE = 1500;

export interface Progress {
  begin(title: string, percentage?: number, message?: string): void;
  report(percentage: number, message?: string): void;
  done(): void;
}

export interface IndexRun {
  files: number;
  indexed: number;
  truncated: boolean;
  cancelled: boolean;
  millis: number;
}

const CHUNK = 40;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Index every source file under the folders, skipping URIs `skip` says are open (their editor text wins). */
export async function indexWorkspace(
  folders: readonly string[],
  index: TopicIndex,
  fs: WorkspaceFileSystem,
  options: IndexOptions,
  skip: (uri: string) => boolean,
  progress?: Progress,
  cancelled: () => boolean = () => false,
): Promise<IndexRun> {
  const started = Date.now();
  const all = await collectFiles(folders, options.exclude, fs);
  return indexFiles(all, index, fs, options, skip, progress, cancelled, started);
}

/**
 * Index the source files of a list (others are left out), at most `options.maxFiles` of them: what
 * indexWorkspace does once it has listed the folders; mqtt-lint calls it with the files it lints.
 */
export async function indexFiles(
  found: readonly FoundFile[],
  index: TopicIndex,
  fs: WorkspaceFileSystem,
  options: IndexOptions,
  skip: (uri: string) => boolean = () => false,
  progress?: Progress,
  cancelled: () => boolean = () => false,
  started = Date.now(),
): Promise<IndexRun> {
  const all = found.filter((f) => documentKindOf(f.languageId) === 'code');
  const files = all.slice(0, options.maxFiles);
  progress?.begin('MQTT: indexing topics', 0, `${files.length} files`);
  let indexed = 0;
  try {
    for (let i = 0; i < files.length && !cancelled(); i += CHUNK) {
      const chunk = files.slice(i, i + CHUNK).map((f) => ({ ...f, uri: URI.fromFsPath(f.file) }));
      // A chunk's files are read at once (the reads wait on the disk, not on us), then analysed one by one.
      const texts = await Promise.all(
        chunk.map((f) => (skip(f.uri) ? Promise.resolve(undefined) : fs.readText(f.file))),
      );
      for (const [k, { uri, languageId }] of chunk.entries()) {
        const text = texts[k];
        if (text === undefined || skip(uri) || cancelled()) continue;
        try {
          const budget = new Budget(options.millisPerFile ?? MILLIS_PER_FILE);
          const entry = options.entryOf(uri, text.replace(/^\uFEFF/, ''), languageId, budget);
          index.set(uri, entry.sites, entry.clientIds);
          indexed++;
        } catch {
          // One file the analysis cannot read must not stop the index; the file just contributes nothing.
        }
      }
      progress?.report(
        Math.round((Math.min(i + CHUNK, files.length) / Math.max(1, files.length)) * 100),
        `${Math.min(i + CHUNK, files.length)}/${files.length} files`,
      );
      await tick();
    }
  } finally {
    progress?.done();
  }
  return {
    files: files.length,
    indexed,
    truncated: all.length > files.length,
    cancelled: cancelled(),
    millis: Date.now() - started,
  };
}
