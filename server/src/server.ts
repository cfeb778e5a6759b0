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
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
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
    if (document.languageId === MOSQUITTO_CONF) return validateConfig(document.getText(), settings, contextFor(document.uri));
    if (document.languageId === MOSQUITTO_ACL) return validateAcl(document.getText(), settings.severity);
    if (settings.topics.enabled && LANGUAGE_FAMILIES[document.languageId]) {
      return validateCode(document.getText(), document.languageId, {
        severity: settings.severity,
        maxDepth: settings.topics.maxDepth,
        maxDiagnosticsPerFile: settings.maxDiagnosticsPerFile,
        extraPatterns: userPatterns(settings.topics.callPatterns, LANGUAGE_FAMILIES),
      });
    }
    return [];
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
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' '] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'mqtt-workbench', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => log('MQTT Workbench language server ready'));

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
  connection.onDidChangeWatchedFiles(() => {
    for (const document of documents.all()) schedule(document, debounceMs);
  });
  documents.onDidClose((e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (params: HoverParams): Promise<Hover | null> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const settings = await settingsFor(document.uri);
    if (document.languageId === MOSQUITTO_CONF) return guard('hover', null, () => computeConfHover(document.getText(), params.position, settings));
    if (document.languageId === MOSQUITTO_ACL) return guard('hover', null, () => computeAclHover(document.getText(), params.position));
    if (!settings.topics.enabled || !LANGUAGE_FAMILIES[document.languageId]) return null;
    return guard('hover', null, () => computeCodeHover(document.getText(), document.languageId, params.position, userPatterns(settings.topics.callPatterns, LANGUAGE_FAMILIES)));
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
