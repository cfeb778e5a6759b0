/** A minimal LSP client over a real child process's stdio, for tests and benchmarks. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import {
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShutdownRequest,
} from 'vscode-languageserver-protocol';

export const projectRoot = join(__dirname, '..', '..', '..');

export class LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  private readonly waiters: {
    uri: string;
    predicate: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  settings: Record<string, unknown> = {};
  /** Answer to the server's workspace/workspaceFolders request. */
  folders: { uri: string; name: string }[] = [];
  /** The server's log lines (window/logMessage), in order. */
  readonly logs: string[] = [];
  private readonly logWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];

  /** `env`: the server's environment (default: this process's). */
  /** `nodeArgs` go to node itself (e.g. a heap limit), `args` to the server. */
  /** `executable`: a server program to run instead of `node dist/server.js` (an installed bin). */
  constructor(
    args: string[] = ['--stdio'],
    env: NodeJS.ProcessEnv = process.env,
    nodeArgs: string[] = [],
    executable?: string,
  ) {
    const [command, argv] = executable
      ? [executable, args]
      : [process.execPath, [...nodeArgs, join(projectRoot, 'dist', 'server.js'), ...args]];
    this.process = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const w of [...this.waiters]) {
        if (w.uri === params.uri && w.predicate(params)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(params);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map(() => this.settings),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/workspaceFolders', () => this.folders);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      for (const w of [...this.logWaiters]) {
        if (w.pattern.test(params.message)) {
          this.logWaiters.splice(this.logWaiters.indexOf(w), 1);
          w.resolve(params.message);
        }
      }
    });
    this.connection.listen();
  }

  async initialize(): Promise<unknown> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      workspaceFolders: null,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Resolves with the next publishDiagnostics for `uri` that satisfies `predicate`. */
  nextDiagnostics(
    uri: string,
    predicate: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        predicate,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Resolves with a log line matching `pattern`: one already logged, or else the next one. */
  loggedOrNext(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const seen = this.logs.find((line) => pattern.test(line));
    return seen !== undefined ? Promise.resolve(seen) : this.nextLog(pattern, timeoutMs);
  }

  /** Resolves with the next log line matching `pattern` (logged after this call). */
  nextLog(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.logWaiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  open(uri: string, text: string, languageId = 'mosquitto-conf', version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  /** An incremental change, as VS Code sends one: `text` replaces the range. */
  edit(uri: string, version: number, range: Range, text: string): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Shut down politely and wait for the process to exit; resolves with its exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      this.process.once('exit', (code) => resolve(code));
    });
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

export const codesOf = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code));
