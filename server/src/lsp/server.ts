/**
 * The language server: a thin adapter from LSP to the analysis facade (service.ts). It negotiates
 * capabilities once, keeps settings per document, schedules validation, hands the workspace session
 * what changed, and turns any exception into an empty result plus one log line.
 */
import {
  CodeActionKind,
  type Connection,
  type Diagnostic,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONF_LANGUAGE, documentKindOf, languageOfPath } from '../../../common/src/languages';
import { isReceiving } from '../../../common/src/topics';
import {
  AclFilesNotification,
  type InitializationOptions,
  LintWorkspaceRequest,
  type LintWorkspaceResult,
  type CodeSite,
  CodeSubscriptionsRequest,
  TopicAtRequest,
  TopicSitesRequest,
} from '../../../common/src/protocol';
import { collectFiles } from '../files';
import { diagnoseFiles } from '../workspace/diagnoseFiles';
import { createNodeFileSystem, NO_FILES } from '../nodeFileSystem';
import { AnalysisService } from '../service';
import type { WorkspaceFileSystem } from '../types';
import { URI } from '../uri';
import { topicSymbols } from '../workspace/presentation';
import type { IndexedSite } from '../workspace/topicIndex';
import { WorkspaceSession } from './session';
import { SettingsCache } from './settings';

export interface ServerOptions {
  /** Milliseconds between the last edit and validation. */
  debounceMs?: number;
  /** The file system the analyses see (tests may pass another); by default the disk, read only inside the workspace folders. */
  fs?: WorkspaceFileSystem;
  /** Whether folders may be listed with git (off in an untrusted workspace); asked on every listing. */
  git?: () => boolean;
}

/** Wire the analyses to a connection and start listening. Returns when the connection is set up. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? 150;
  // The workspace folders: the only places whose files the analyses read (and quote).
  let folders: string[] = [];
  const documents = new TextDocuments(TextDocument);
  // Until the client says the workspace is trusted (initialize), nothing is read from disk.
  let fs: WorkspaceFileSystem = NO_FILES;
  let service = new AnalysisService();
  const settings = new SettingsCache(connection);
  // Keyed by URI.key: the editor's spelling of a URI is kept only to answer it (diagnostics, requests).
  const pending = new Map<string, NodeJS.Timeout>();
  const openKeys = new Set<string>();
  let canReportProgress = false;
  let canSetSeverity = false;
  let canWatchFolders = false;

  const log = (message: string): void => connection.console.log(message);
  const logError = (what: string, err: unknown) =>
    connection.console.error(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  const guard = <T>(what: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      logError(what, err);
      return fallback;
    }
  };
  const isSource = (doc: TextDocument) => documentKindOf(doc.languageId) === 'code';
  const input = (doc: TextDocument) => ({ uri: URI.key(doc.uri), languageId: doc.languageId, text: doc.getText() });

  const session = new WorkspaceSession({
    get service() {
      return service;
    },
    get fs() {
      return fs;
    },
    log,
    isOpen: (uri) => openKeys.has(uri),
    progress: async () =>
      canReportProgress ? connection.window.createWorkDoneProgress().catch(() => undefined) : undefined,
    aclFilesFound: (added) => void connection.sendNotification(AclFilesNotification, { added }),
    indexChanged: () => {
      for (const doc of documents.all()) if (isSource(doc)) schedule(doc, 0);
    },
  });

  async function validate(doc: TextDocument): Promise<void> {
    const docSettings = await settings.forDocument(doc.uri);
    // The document may have changed or closed while settings were fetched.
    if (documents.get(doc.uri)?.version !== doc.version) return;
    const diagnostics: Diagnostic[] = guard('validation', [], () => {
      if (doc.languageId === CONF_LANGUAGE) session.noteConfig(input(doc));
      if (isSource(doc) && session.updateOpenDocument(input(doc), docSettings)) {
        // This file's topics changed: the other open sources' workspace checks may change too.
        for (const other of documents.all())
          if (other.uri !== doc.uri && isSource(other)) schedule(other, debounceMs * 2);
      }
      return service.diagnose(input(doc), docSettings, session.readyIndex);
    });
    await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  function schedule(doc: TextDocument, delay: number): void {
    const key = URI.key(doc.uri);
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        validate(doc).catch((err: unknown) => logError('validation', err));
      }, delay),
    );
  }

  async function refreshSession(change: { folders?: string[] }): Promise<void> {
    await session
      .update({ ...change, settings: await settings.forWindow() })
      .catch((err: unknown) => logError('indexing', err));
  }

  connection.onInitialize((params) => {
    settings.canPull = params.capabilities.workspace?.configuration === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    canSetSeverity = init.canSetSeverity === true;
    if (init.trusted !== false) {
      fs = options.fs ?? createNodeFileSystem({ roots: () => folders, git: options.git ?? true });
      service = new AnalysisService(fs);
    }
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map((u) => URI.toFsPath(u)).filter((p): p is string => p !== undefined);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' '] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        referencesProvider: true,
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mqtt-workbench', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    log(`MQTT Workbench language server ready${fs === NO_FILES ? ' (untrusted workspace: open documents only)' : ''}`);
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(() => {
        void connection.workspace.getWorkspaceFolders().then((current) => {
          folders = (current ?? []).map((f) => URI.toFsPath(f.uri)).filter((p): p is string => p !== undefined);
          return refreshSession({ folders });
        });
      });
    }
    void refreshSession({ folders });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    for (const doc of documents.all()) schedule(doc, 0);
    void refreshSession({});
  });

  documents.onDidOpen((e) => {
    openKeys.add(URI.key(e.document.uri));
    schedule(e.document, 0);
  });
  documents.onDidChangeContent((e) => {
    schedule(e.document, debounceMs);
    // A config and the files it includes are analysed together: refresh the other open configs too.
    for (const other of documents.all())
      if (other.uri !== e.document.uri && other.languageId === CONF_LANGUAGE) schedule(other, debounceMs * 3);
  });
  documents.onDidClose((e) => {
    const key = URI.key(e.document.uri);
    openKeys.delete(key);
    clearTimeout(pending.get(key));
    pending.delete(key);
    settings.forget(e.document.uri);
    service.forget(e.document.uri);
    void session.reindexFromDisk(e.document.uri, e.document.languageId);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const path = URI.toFsPath(change.uri);
      if (!path || openKeys.has(URI.key(change.uri))) continue;
      const languageId = languageOfPath(path);
      if (languageId) void session.reindexFromDisk(change.uri, languageId);
    }
    // Files a config names (includes, password and ACL files, certificates) change its diagnostics.
    for (const doc of documents.all()) schedule(doc, debounceMs);
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const docSettings = await settings.forDocument(doc.uri);
    return guard('hover', null, () => service.hover(input(doc), params.position, docSettings, session.readyIndex));
  });

  connection.onCompletion(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const docSettings = await settings.forDocument(doc.uri);
    return guard('completion', [], () => service.complete(input(doc), params.position, docSettings));
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc
      ? guard('code actions', [], () =>
          // The edits name the document as the editor does.
          service.codeActions({ ...input(doc), uri: doc.uri }, params.range, params.context.diagnostics, {
            settingsCommand: canSetSeverity,
          }),
        )
      : [];
  });

  connection.onRequest(TopicAtRequest, async (params) => {
    const doc = documents.get(params.uri);
    if (!doc) return null;
    const docSettings = await settings.forDocument(doc.uri);
    const site = guard('topic at', undefined, () => service.siteAt(input(doc), params.position, docSettings));
    return site ? { display: site.display, pattern: site.pattern, role: site.role } : null;
  });

  // The broker side asks which code meets a live topic (Topics view), and which subscriptions exist at all (to
  // find those no traffic reaches). Only from the index: in Restricted Mode there is none, and the answer says so.
  const RESTRICTED = 'Restricted Mode: the workspace is not indexed until the folder is trusted.';
  const codeSite = (site: IndexedSite): CodeSite => ({
    uri: site.uri,
    range: site.range,
    display: site.display,
    pattern: site.pattern,
    role: site.role,
  });
  connection.onRequest(TopicSitesRequest, (params) => {
    if (fs === NO_FILES) return { refused: RESTRICTED };
    const limit = Math.min(Math.max(1, Number.isInteger(params.limit) ? params.limit! : 20), 1000);
    if (!Array.isArray(params.topics)) return { complete: false, files: 0, topics: [] };
    const topics = guard('topic sites', [], () =>
      params.topics.slice(0, 5000).map((topic) => {
        const { senders, receivers } = session.index.sitesOfTopic(topic, limit);
        return { topic, publishers: senders.map(codeSite), subscribers: receivers.map(codeSite) };
      }),
    );
    return { complete: session.readyIndex !== undefined, files: session.index.fileCount, topics };
  });
  connection.onRequest(CodeSubscriptionsRequest, () => {
    if (fs === NO_FILES) return { refused: RESTRICTED };
    const sites = guard('code subscriptions', [], () => {
      const out: CodeSite[] = [];
      for (const site of session.index.allSites()) {
        if (site.rejected || !isReceiving(site.role)) continue;
        out.push(codeSite(site));
        if (out.length >= 5000) break;
      }
      return out;
    });
    return { complete: session.readyIndex !== undefined, files: session.index.fileCount, sites };
  });

  connection.onReferences(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const docSettings = await settings.forDocument(doc.uri);
    // The index holds this document as of its last validation; the site itself comes from the live text.
    return guard('references', [], () =>
      service.references(input(doc), params.position, docSettings, session.index, params.context.includeDeclaration),
    );
  });

  connection.onWorkspaceSymbol((params) =>
    guard('workspace symbols', [], () => topicSymbols(session.index, params.query)),
  );

  // "Lint Workspace": every file of the folders, as if open; a file opened later gets its live diagnostics, and
  // the files of the previous run that are now clean are cleared.
  let linted = new Set<string>();
  connection.onRequest(LintWorkspaceRequest, async (): Promise<LintWorkspaceResult> => {
    if (fs === NO_FILES)
      return { refused: 'Restricted Mode: MQTT Workbench checks only the open documents until the folder is trusted.' };
    const windowSettings = await settings.forWindow();
    const files = await collectFiles(folders, windowSettings.topics.indexExclude, fs);
    const published = new Set<string>();
    let problems = 0;
    const { skipped, counts } = await diagnoseFiles(files, windowSettings, fs, folders, (file, diagnostics) => {
      const uri = URI.fromFsPath(file);
      if (openKeys.has(URI.key(uri))) return;
      problems += diagnostics.length;
      published.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics });
    });
    for (const uri of linted) if (!published.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    linted = published;
    log(`Lint Workspace: ${files.length} files, ${problems} problems`);
    return { files: counts.configs + counts.acl + counts.sources, problems, skipped: skipped.length };
  });

  connection.onShutdown(() => {
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  });

  documents.listen(connection);
  connection.listen();
}
