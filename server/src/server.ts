/**
 * The language server: a thin adapter from LSP to the pure analyses. It negotiates capabilities once,
 * caches settings per document, debounces validation, clears diagnostics on close, and turns any
 * exception into an empty result plus one log line.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type Location,
  type ReferenceParams,
  type SymbolInformation,
  SymbolKind,
  type WorkspaceSymbolParams,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { collectFiles, kindOf } from './files';
import { aclFilesOf } from './conf/references';
import { URI } from './uri';
import { type AnalysisSettings, defaultSettings } from './types';
import { nodeFileSystem } from './nodeFileSystem';
import { readSettings } from './settings';
import { validateConfig } from './conf/validate';
import { computeConfHover } from './conf/hover';
import { computeConfCompletions } from './conf/completion';
import { computeConfCodeActions } from './conf/codeActions';
import { LANGUAGE_FAMILIES } from './code/lexer';
import { userPatterns } from './code/patterns';
import { validateCode } from './code/validateCode';
import { computeCodeHover } from './code/hover';
import { validateAcl } from './acl/validateAcl';
import { computeAclHover } from './acl/hoverAcl';
import { TopicIndex, type IndexedSite } from './workspace/topicIndex';
import { indexEntry } from './workspace/indexEntry';
import { indexWorkspace } from './workspace/indexer';
import { workspaceDiagnostics } from './workspace/workspaceChecks';

export const MOSQUITTO_CONF = 'mosquitto-conf';
export const MOSQUITTO_ACL = 'mosquitto-acl';

export interface ServerOptions {
  /** Milliseconds between the last edit and validation. */
  debounceMs?: number;
}

/** Wire the analyses to a connection and start listening. Returns when the connection is set up. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? 150;
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<AnalysisSettings>>();
  const pending = new Map<string, NodeJS.Timeout>();
  let canPullConfiguration = false;
  let canReportProgress = false;
  let folders: string[] = [];
  const index = new TopicIndex();
  let indexReady = false;
  /** ACL files named by `acl_file` in the workspace's configs, announced to the client so it can set their language. */
  const aclFiles = new Set<string>();
  function noteAclFiles(configPath: string, text: string): void {
    const before = aclFiles.size;
    for (const acl of aclFilesOf(configPath, text)) aclFiles.add(URI.fromFsPath(acl));
    if (aclFiles.size !== before) void connection.sendNotification('mqttWorkbench/aclFiles', { uris: [...aclFiles] });
  }

  /** What each open source document last contributed to the index, to notice when others need refreshing. */
  const indexedSignature = new Map<string, string>();

  const log = (message: string): void => connection.console.log(message);
  const guard = <T>(what: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      connection.console.error(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fallback;
    }
  };

  function settingsFor(uri: string): Promise<AnalysisSettings> {
    if (!canPullConfiguration) return Promise.resolve(defaultSettings);
    const cached = settingsCache.get(uri);
    if (cached) return cached;
    const fresh: Promise<AnalysisSettings> = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'mqttWorkbench' })
      .then((raw: unknown) => readSettings(raw), () => defaultSettings);
    settingsCache.set(uri, fresh);
    return fresh;
  }

  function contextFor(uri: string) {
    const path = URI.toFsPath(uri);
    return path ? { path, fs: nodeFileSystem } : {};
  }

  async function validate(document: TextDocument): Promise<void> {
    const settings = await settingsFor(document.uri);
    // The document may have changed or closed while settings were fetched.
    if (documents.get(document.uri)?.version !== document.version) return;
    const diagnostics: Diagnostic[] = guard('validation', [], () => diagnose(document, settings));
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  }

  function diagnose(document: TextDocument, settings: AnalysisSettings): Diagnostic[] {
    if (document.languageId === MOSQUITTO_CONF) {
      const path = URI.toFsPath(document.uri);
      if (path) noteAclFiles(path, document.getText());
      return validateConfig(document.getText(), settings, contextFor(document.uri));
    }
    if (document.languageId === MOSQUITTO_ACL) return validateAcl(document.getText(), settings.severity);
    if (settings.topics.enabled && LANGUAGE_FAMILIES[document.languageId]) {
      const extraPatterns = userPatterns(settings.topics.callPatterns, LANGUAGE_FAMILIES);
      const diagnostics = validateCode(document.getText(), document.languageId, {
        severity: settings.severity,
        maxDepth: settings.topics.maxDepth,
        maxDiagnosticsPerFile: settings.maxDiagnosticsPerFile,
        extraPatterns,
      });
      reindex(document, extraPatterns);
      if (indexReady && settings.topics.workspaceChecks) diagnostics.push(...workspaceDiagnostics(index, document.uri, settings.severity));
      return diagnostics;
    }
    return [];
  }

  /** Put an open document's current text into the index; when its topics changed, refresh the other open sources. */
  function reindex(document: TextDocument, extraPatterns: ReturnType<typeof userPatterns>): void {
    const entry = indexEntry(document.uri, document.getText(), document.languageId, extraPatterns);
    index.set(document.uri, entry.sites, entry.clientIds);
    const signature = JSON.stringify([entry.sites.map((x) => [x.role, x.pattern, x.qos]), entry.clientIds.map((c) => c.id)]);
    if (indexedSignature.get(document.uri) === signature) return;
    indexedSignature.set(document.uri, signature);
    if (!indexReady) return;
    for (const other of documents.all()) {
      if (other.uri !== document.uri && LANGUAGE_FAMILIES[other.languageId]) schedule(other, debounceMs * 2);
    }
  }

  async function buildIndex(): Promise<void> {
    const raw: unknown = canPullConfiguration ? await connection.workspace.getConfiguration('mqttWorkbench').then((x: unknown) => x, () => ({})) : {};
    const settings = readSettings(raw);
    if (!settings.topics.enabled || folders.length === 0) {
      indexReady = true;
      return;
    }
    const progress = canReportProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    const run = await indexWorkspace(
      folders,
      index,
      { maxFiles: settings.topics.indexMaxFiles, exclude: [...settings.topics.indexExclude], extraPatterns: userPatterns(settings.topics.callPatterns, LANGUAGE_FAMILIES) },
      (uri) => documents.get(uri) !== undefined,
      progress,
    );
    log(`Topic index: ${run.indexed} of ${run.files} source files in ${run.millis} ms${run.truncated ? ` (limited by mqttWorkbench.topics.index.maxFiles)` : ''}`);
    for (const { file } of collectFiles(folders, [...settings.topics.indexExclude]).filter((f) => f.kind === 'mosquitto-conf')) {
      try {
        noteAclFiles(file, readFileSync(file, 'utf8'));
      } catch {
        // unreadable: nothing to announce
      }
    }
    indexReady = true;
    for (const document of documents.all()) if (LANGUAGE_FAMILIES[document.languageId]) schedule(document, 0);
  }

  /** The indexed site under a position of an open source document. */
  function siteAt(uri: string, position: { line: number; character: number }): IndexedSite | undefined {
    const document = documents.get(uri);
    if (!document || !LANGUAGE_FAMILIES[document.languageId]) return undefined;
    const entry = indexEntry(uri, document.getText(), document.languageId);
    const after = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line > b.line || (a.line === b.line && a.character >= b.character);
    return entry.sites.find((site) => after(position, site.range.start) && after(site.range.end, position));
  }

  function schedule(document: TextDocument, delay: number): void {
    const previous = pending.get(document.uri);
    if (previous) clearTimeout(previous);
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        validate(document).catch((err: unknown) => connection.console.error(`validation failed: ${String(err)}`));
      }, delay),
    );
  }

  connection.onInitialize((params) => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
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
      },
      serverInfo: { name: 'mqtt-workbench', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    log('MQTT Workbench language server ready');
    buildIndex().catch((err: unknown) => {
      connection.console.error(`indexing failed: ${String(err)}`);
      indexReady = true;
    });
  });

  connection.onReferences((params: ReferenceParams): Location[] =>
    guard('references', [], () => {
      const site = siteAt(params.textDocument.uri, params.position);
      if (!site) return [];
      // The index holds this document as of its last validation; the site itself comes from the live text.
      const found = index.references(site).filter((r) => params.context.includeDeclaration || r.uri !== site.uri || r.range.start.line !== site.range.start.line);
      return found.map((r) => ({ uri: r.uri, range: r.range }));
    }),
  );

  connection.onWorkspaceSymbol((params: WorkspaceSymbolParams): SymbolInformation[] =>
    guard('workspace symbols', [], () => {
      const query = params.query.toLowerCase();
      const out: SymbolInformation[] = [];
      for (const site of index.allSites()) {
        if (query && !site.display.toLowerCase().includes(query)) continue;
        out.push({ name: site.display, kind: site.role === 'publish' || site.role === 'will' ? SymbolKind.Event : SymbolKind.Key, location: { uri: site.uri, range: site.range }, containerName: `MQTT ${site.role}` });
        if (out.length >= 1000) break;
      }
      return out;
    }),
  );

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const document of documents.all()) schedule(document, 0);
  });

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => {
    schedule(e.document, debounceMs);
    // A config and the files it includes are analysed together: refresh the other open configs too.
    for (const other of documents.all()) {
      if (other.uri !== e.document.uri && other.languageId === MOSQUITTO_CONF) schedule(other, debounceMs * 3);
    }
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const path = URI.toFsPath(change.uri);
      if (!path || documents.get(change.uri)) continue;
      const kind = kindOf(path);
      if (kind && LANGUAGE_FAMILIES[kind]) reindexFromDisk(change.uri, path, kind);
    }
    for (const document of documents.all()) schedule(document, debounceMs);
  });

  function reindexFromDisk(uri: string, path: string, languageId: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      index.delete(uri);
      return;
    }
    guard('indexing', undefined, () => {
      const entry = indexEntry(uri, text, languageId);
      index.set(uri, entry.sites, entry.clientIds);
    });
  }
  documents.onDidClose((e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    indexedSignature.delete(e.document.uri);
    // Closed without saving: the file on disk is the truth again.
    const path = URI.toFsPath(e.document.uri);
    if (path && LANGUAGE_FAMILIES[e.document.languageId]) reindexFromDisk(e.document.uri, path, e.document.languageId);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (params: HoverParams): Promise<Hover | null> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const settings = await settingsFor(document.uri);
    if (document.languageId === MOSQUITTO_CONF) return guard('hover', null, () => computeConfHover(document.getText(), params.position, settings));
    if (document.languageId === MOSQUITTO_ACL) return guard('hover', null, () => computeAclHover(document.getText(), params.position));
    if (!settings.topics.enabled || !LANGUAGE_FAMILIES[document.languageId]) return null;
    return guard('hover', null, () => {
      const hover = computeCodeHover(document.getText(), document.languageId, params.position, userPatterns(settings.topics.callPatterns, LANGUAGE_FAMILIES));
      const site = hover && indexReady ? siteAt(document.uri, params.position) : undefined;
      if (!hover || !site) return hover;
      const others = index.counterparts(site);
      const heading = site.role === 'publish' || site.role === 'will' ? 'Received in the workspace by' : 'Fed in the workspace by';
      const links = others.slice(0, 10).map((o) => `[\`${o.display}\` ${o.uri.split('/').pop()}:${o.range.start.line + 1}](${o.uri}#L${o.range.start.line + 1})`);
      const text = others.length ? `**${heading}:** ${links.join(', ')}${others.length > 10 ? `, and ${others.length - 10} more` : ''}` : `**${heading}:** nothing (${index.fileCount} files indexed).`;
      return { ...hover, contents: { kind: 'markdown', value: `${(hover.contents as { value: string }).value}\n\n${text}` } };
    });
  });

  connection.onCompletion(async (params: CompletionParams): Promise<CompletionItem[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document || document.languageId !== MOSQUITTO_CONF) return [];
    const settings = await settingsFor(document.uri);
    return guard('completion', [], () => computeConfCompletions(document.getText(), params.position, settings));
  });

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document || document.languageId !== MOSQUITTO_CONF) return [];
    return guard('code actions', [], () => computeConfCodeActions(params.range, params.context.diagnostics, document.uri));
  });

  connection.onShutdown(() => {
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  });

  documents.listen(connection);
  connection.listen();
}
