/**
 * Fills the TopicIndex from the workspace folders in the background: files listed once (git ls-files
 * inside a checkout, honouring .gitignore), then read and analysed in small chunks that yield to the
 * event loop, so requests are answered while indexing runs. Reports progress when the client can show it.
 */
import { readFileSync } from 'node:fs';
import { collectFiles } from '../files';
import type { CallPattern } from '../code/patterns';
import { URI } from '../uri';
import { indexEntry } from './indexEntry';
import type { TopicIndex } from './topicIndex';

export interface IndexOptions {
  maxFiles: number;
  exclude: string[];
  extraPatterns: readonly CallPattern[];
}

export interface Progress {
  begin(title: string, percentage?: number, message?: string): void;
  report(percentage: number, message?: string): void;
  done(): void;
}

export interface IndexRun {
  files: number;
  indexed: number;
  truncated: boolean;
  millis: number;
}

const CHUNK = 40;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Index every source file under the folders, skipping URIs `skip` says are open (their editor text wins). */
export async function indexWorkspace(
  folders: string[],
  index: TopicIndex,
  options: IndexOptions,
  skip: (uri: string) => boolean,
  progress?: Progress,
  cancelled: () => boolean = () => false,
): Promise<IndexRun> {
  const started = Date.now();
  const all = collectFiles(folders, options.exclude).filter((f) => f.kind !== 'mosquitto-conf' && f.kind !== 'mosquitto-acl');
  const files = all.slice(0, options.maxFiles);
  progress?.begin('MQTT: indexing topics', 0, `${files.length} files`);
  let indexed = 0;
  for (let i = 0; i < files.length; i += CHUNK) {
    if (cancelled()) break;
    for (const { file, kind } of files.slice(i, i + CHUNK)) {
      const uri = URI.fromFsPath(file);
      if (skip(uri)) continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      try {
        const entry = indexEntry(uri, text, kind, options.extraPatterns);
        index.set(uri, entry.sites, entry.clientIds);
        indexed++;
      } catch {
        // One file the analysis cannot read must not stop the index; the file just contributes nothing.
      }
    }
    progress?.report(Math.round(((i + CHUNK) / Math.max(1, files.length)) * 100), `${Math.min(i + CHUNK, files.length)}/${files.length} files`);
    await tick();
  }
  progress?.done();
  return { files: files.length, indexed, truncated: all.length > files.length, millis: Date.now() - started };
}
