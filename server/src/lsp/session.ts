/**
 * The workspace session: owns the folders, the topic index, the ACL files the configs name, and what
 * derives from the window's settings. It rebuilds the index when the folders or the settings that
 * shape it (enabled, excludes, file limit, call patterns) change, cancelling a build under way.
 */
import { CONF_LANGUAGE, documentKindOf } from '../../../common/src/languages';
import { collectFiles } from '../files';
import { globProblem } from '../glob';
import type { AnalysedDocument, AnalysisService } from '../service';
import { type AnalysisSettings, defaultSettings, type WorkspaceFileSystem } from '../types';
import { URI } from '../uri';
import { indexWorkspace, type Progress } from '../workspace/indexer';
import { TopicIndex } from '../workspace/topicIndex';

export interface SessionHost {
  service: AnalysisService;
  fs: WorkspaceFileSystem;
  log(message: string): void;
  /** Whether the editor has this document open (its text, not the disk's, is then indexed); `uri` is in URI.key form. */
  isOpen(uri: string): boolean;
  /** A progress reporter, when the client can show one. */
  progress(): Promise<Progress | undefined>;
  /** ACL files found that were not announced before. */
  aclFilesFound(uris: string[]): void;
  /** The index was rebuilt or a file in it changed in a way other documents may care about. */
  indexChanged(): void;
}

/** The settings that decide what the index holds; a change in any of them means a rebuild. */
const indexShape = (folders: readonly string[], s: AnalysisSettings) =>
  JSON.stringify([folders, s.topics.enabled, s.topics.indexMaxFiles, s.topics.indexExclude, s.topics.callPatterns]);

/** ACL files announced to the client at most; a workspace with more is not one a person maintains by hand. */
const MAX_ACL_FILES = 1000;

export class WorkspaceSession {
  readonly index = new TopicIndex();
  private folders: string[] = [];
  private settings: AnalysisSettings = defaultSettings;
  private ready = false;
  private generation = 0;
  private builtShape: string | undefined;
  private readonly aclFiles = new Set<string>();
  /** What each open source document last contributed, to notice when others need refreshing. */
  private readonly signatures = new Map<string, string>();

  constructor(private readonly host: SessionHost) {}

  /** The index, once a build has completed; workspace checks and hover links wait for it. */
  get readyIndex(): TopicIndex | undefined {
    return this.ready ? this.index : undefined;
  }

  /** The window-level settings the index is built with. */
  get indexSettings(): AnalysisSettings {
    return this.settings;
  }

  /** New folders or settings: rebuild when they change what the index holds. Resolves when a started build ends. */
  async update(change: { folders?: string[]; settings?: AnalysisSettings }): Promise<void> {
    if (change.folders) this.folders = change.folders;
    if (change.settings) this.settings = change.settings;
    if (indexShape(this.folders, this.settings) === this.builtShape) return;
    await this.rebuild();
  }

  private async rebuild(): Promise<void> {
    const generation = ++this.generation;
    const cancelled = () => generation !== this.generation;
    const settings = this.settings;
    const folders = this.folders;
    this.builtShape = indexShape(folders, settings);
    this.ready = false;
    this.index.clear();
    this.index.setRoots(folders);
    this.signatures.clear();
    for (const glob of settings.topics.indexExclude) {
      const problem = globProblem(glob);
      if (problem)
        this.host.log(
          `mqttWorkbench.topics.index.exclude: ${JSON.stringify(glob.slice(0, 80))} is ignored: ${problem}`,
        );
    }
    if (settings.topics.enabled && folders.length > 0) {
      const run = await indexWorkspace(
        folders,
        this.index,
        this.host.fs,
        {
          maxFiles: settings.topics.indexMaxFiles,
          exclude: settings.topics.indexExclude,
          entryOf: (uri, text, languageId) => this.host.service.fileIndexEntry({ uri, text, languageId }, settings),
        },
        (uri) => this.host.isOpen(uri),
        await this.host.progress(),
        cancelled,
      );
      if (cancelled()) return;
      this.host.log(
        `Topic index: ${run.indexed} of ${run.files} source files in ${run.millis} ms${run.truncated ? ' (limited by mqttWorkbench.topics.index.maxFiles)' : ''}`,
      );
    }
    await this.discoverAclFiles(folders, settings, cancelled);
    if (cancelled()) return;
    this.ready = true;
    this.host.indexChanged();
  }

  /** ACL files named by the folders' configs, so the client can open them as ACL documents. */
  private async discoverAclFiles(
    folders: readonly string[],
    settings: AnalysisSettings,
    cancelled: () => boolean,
  ): Promise<void> {
    const configs = (await collectFiles(folders, settings.topics.indexExclude, this.host.fs)).filter(
      (f) => f.languageId === CONF_LANGUAGE,
    );
    for (const { file } of configs) {
      if (cancelled()) return;
      const text = await this.host.fs.readText(file);
      if (text !== undefined) this.noteConfig({ uri: URI.fromFsPath(file), languageId: CONF_LANGUAGE, text });
    }
  }

  /** Remember the ACL files a config names; tells the client about the new ones (bounded: MAX_ACL_FILES in all). */
  noteConfig(doc: AnalysedDocument): void {
    const added: string[] = [];
    for (const path of this.host.service.aclFilesOf(doc)) {
      const uri = URI.fromFsPath(path);
      if (this.aclFiles.has(uri) || this.aclFiles.size >= MAX_ACL_FILES) continue;
      this.aclFiles.add(uri);
      added.push(uri);
    }
    if (added.length) this.host.aclFilesFound(added);
  }

  /**
   * Put an open source document's current text into the index (its own settings' call patterns).
   * Returns whether its topics or client ids changed, or moved, so other open documents need new workspace checks.
   */
  updateOpenDocument(doc: AnalysedDocument, settings: AnalysisSettings): boolean {
    const uri = URI.key(doc.uri);
    const entry = this.host.service.indexEntry(doc, settings);
    this.index.set(uri, entry.sites, entry.clientIds);
    // What other files' workspace checks read of this one, down to where each site and client id is: their
    // messages and related locations name its lines, so a line typed above them changes those too.
    const signature = JSON.stringify([
      entry.sites.map((x) => [x.role, x.display, x.pattern, x.qos, x.range.start.line, x.range.start.character]),
      entry.clientIds.map((c) => [c.id, c.range.start.line, c.range.start.character]),
    ]);
    if (this.signatures.get(uri) === signature) return false;
    this.signatures.set(uri, signature);
    return this.ready;
  }

  /** A closed document or a file changed on disk: the file on disk is the truth again. */
  async reindexFromDisk(spelled: string, languageId: string): Promise<void> {
    const uri = URI.key(spelled);
    this.signatures.delete(uri);
    if (documentKindOf(languageId) !== 'code') return;
    const path = URI.toFsPath(uri);
    const generation = this.generation;
    const text = path === undefined ? undefined : await this.host.fs.readText(path);
    // A rebuild started meanwhile reads the file itself; an editor that opened it meanwhile owns it.
    if (generation !== this.generation || this.host.isOpen(uri)) return;
    if (text === undefined) {
      this.index.delete(uri);
      return;
    }
    try {
      const entry = this.host.service.fileIndexEntry(
        { uri, languageId, text: text.replace(/^\uFEFF/, '') },
        this.settings,
      );
      this.index.set(uri, entry.sites, entry.clientIds);
    } catch (err) {
      this.host.log(`indexing ${uri} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
