/**
 * The VS Code side: starts the language server and maps its features into the editor. Thin by design;
 * the analyses live in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  ACL_LANGUAGE,
  CONF_LANGUAGE,
  documentKindOf,
  SOURCE_LANGUAGES,
  WATCHER_GLOB,
} from '../../common/src/languages';
import { type BrokersApi, type StartedBrokers, startBrokers } from './brokers';
import {
  AclFilesNotification,
  type InitializationOptions,
  LintWorkspaceRequest,
  CodeSubscriptionsRequest,
  TopicAtRequest,
  TopicSitesRequest,
} from '../../common/src/protocol';

const DOCS_COMMAND = 'mqttWorkbench.openCodeDocs';
const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

/** The diagnostic codes that have a documentation page (docs/codes/<code>.md of this extension). */
async function documentedCodes(docs: vscode.Uri): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(docs).then(undefined, () => []);
  return entries
    .map(([name]) => name)
    .filter((n) => n.endsWith('.md'))
    .map((n) => n.slice(0, -3))
    .sort();
}

let client: LanguageClient | undefined;
/** The broker half, once started (the hover middleware asks it for live data). */
let brokers: StartedBrokers | undefined;

/** What the extension exposes to other extensions and to its own tests. */
export interface MqttWorkbenchApi extends BrokersApi {
  /** Resolves once the language server has started. */
  readonly serverReady: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<MqttWorkbenchApi> {
  const output = vscode.window.createOutputChannel('MQTT Workbench', { log: true });
  context.subscriptions.push(output);
  try {
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
    const docsFolder = vscode.Uri.joinPath(context.extensionUri, 'docs', 'codes');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: ['--nolazy', '--inspect=6011'] },
      },
    };
    const watcher = vscode.workspace.createFileSystemWatcher(WATCHER_GLOB);
    context.subscriptions.push(watcher);
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: CONF_LANGUAGE },
        { language: ACL_LANGUAGE },
        ...Object.keys(SOURCE_LANGUAGES).flatMap((language) => [
          { scheme: 'file', language },
          { scheme: 'untitled', language },
        ]),
      ],
      outputChannel: output,
      traceOutputChannel: output,
      // Read at every start: in an untrusted workspace the server reads only the open documents and runs no program.
      initializationOptions: (): InitializationOptions => ({
        trusted: vscode.workspace.isTrusted,
        canSetSeverity: true,
      }),
      middleware: {
        // A topic in code, with a broker connected: the hover adds what the broker has seen of it.
        provideHover: async (document, position, token, next) => {
          const hover = await next(document, position, token);
          if (!brokers?.api.brokers.connected.length || !client || documentKindOf(document.languageId) !== 'code')
            return hover;
          const site = await client
            .sendRequest(TopicAtRequest, { uri: document.uri.toString(), position }, token)
            .catch(() => null);
          const live = site ? brokers.api.liveHover(site.pattern) : undefined;
          if (!live) return hover;
          // What is happening first, then what the code means.
          return new vscode.Hover([live, ...(hover?.contents ?? [])], hover?.range);
        },
        // The server links each code to its page as a file; in VS Code the link opens the page rendered.
        handleDiagnostics: (uri, diagnostics, next) => {
          for (const d of diagnostics) {
            const code = d.code;
            if (
              typeof code === 'object' &&
              code.target.scheme === 'file' &&
              code.target.path.startsWith(docsFolder.path)
            )
              d.code = {
                value: code.value,
                target: vscode.Uri.parse(`command:${DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([code.value]))}`),
              };
          }
          next(uri, diagnostics);
        },
      },
      synchronize: {
        configurationSection: 'mqttWorkbench',
        // Files a config names (includes, password and ACL files, certificates) change its diagnostics.
        fileEvents: watcher,
      },
    };
    client = new LanguageClient('mqttWorkbench', 'MQTT Workbench', serverOptions, clientOptions);
    context.subscriptions.push(
      vscode.commands.registerCommand('mqttWorkbench.restartServer', async () => {
        await client?.restart();
        output.info('Language server restarted');
      }),
      vscode.commands.registerCommand('mqttWorkbench.showOutput', () => output.show()),
      vscode.commands.registerCommand(DOCS_COMMAND, async (code?: unknown) => {
        const codes = await documentedCodes(docsFolder);
        const chosen =
          typeof code === 'string' || typeof code === 'number'
            ? String(code)
            : await vscode.window.showQuickPick(codes, { placeHolder: 'The diagnostic code to read about' });
        if (!chosen || !codes.includes(chosen)) return;
        const page = vscode.Uri.joinPath(docsFolder, `${chosen}.md`);
        // Rendered when VS Code's Markdown support is there, else as text.
        await vscode.commands
          .executeCommand('markdown.showPreview', page)
          .then(undefined, () => vscode.window.showTextDocument(page));
      }),
      vscode.commands.registerCommand('mqttWorkbench.setSeverity', async (code?: unknown, severity?: unknown) => {
        if (typeof code !== 'string' || !SEVERITIES.includes(severity as (typeof SEVERITIES)[number])) return;
        const config = vscode.workspace.getConfiguration('mqttWorkbench');
        const target = vscode.workspace.workspaceFolders?.length
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
        const current = config.inspect<Record<string, string>>('diagnostics.severity');
        const existing =
          (target === vscode.ConfigurationTarget.Workspace ? current?.workspaceValue : current?.globalValue) ?? {};
        await config.update('diagnostics.severity', { ...existing, [code]: severity }, target);
        output.info(
          `${code} set to ${String(severity)} in the ${target === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user'} settings`,
        );
      }),
      vscode.commands.registerCommand('mqttWorkbench.lintWorkspace', async () => {
        if (!client) return;
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'MQTT Workbench: linting the workspace' },
          () => client!.sendRequest(LintWorkspaceRequest),
        );
        if ('refused' in result) {
          void vscode.window.showWarningMessage(result.refused);
          return result;
        }
        const message = `MQTT Workbench: ${result.files} files checked, ${result.problems} problems in files not open${result.skipped ? `, ${result.skipped} unreadable` : ''}.`;
        output.info(message);
        void vscode.window.showInformationMessage(message, 'Show Problems').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
        return result;
      }),
      // Trust granted: start again with the workspace index, referenced-file checks and git.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        client?.restart().then(undefined, (err: unknown) => output.error(`restart after trust failed: ${String(err)}`));
      }),
    );
    // Files named by acl_file in the workspace's configs become mosquitto-acl documents, whatever their name.
    const aclFiles = new Set<string>();
    const adopt = (document: vscode.TextDocument) => {
      if (document.languageId === 'plaintext' && aclFiles.has(document.uri.toString())) {
        vscode.languages
          .setTextDocumentLanguage(document, ACL_LANGUAGE)
          .then(undefined, (err: unknown) => output.warn(`could not set the ACL language: ${String(err)}`));
      }
    };
    context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(adopt));
    context.subscriptions.push(statusItem(context));
    const serverReady = client.start().then(() => {
      context.subscriptions.push(
        client!.onNotification(AclFilesNotification, (params) => {
          // In VS Code's own spelling, whatever the server's: the lookup compares strings.
          for (const uri of params.added) aclFiles.add(vscode.Uri.parse(uri).toString());
          vscode.workspace.textDocuments.forEach(adopt);
        }),
      );
    });
    // The broker side asks the language server about the workspace's code (once it runs; never blocking a view).
    const ask = async <R>(request: (c: LanguageClient) => Promise<R>): Promise<R | undefined> => {
      await serverReady;
      return client ? request(client).catch(() => undefined) : undefined;
    };
    brokers = startBrokers(context, output, {
      topicSites: (topics, limit) =>
        ask((c) => c.sendRequest(TopicSitesRequest, { topics, ...(limit ? { limit } : {}) })),
      subscriptions: () => ask((c) => c.sendRequest(CodeSubscriptionsRequest)),
      topicAt: (uri, position) => ask((c) => c.sendRequest(TopicAtRequest, { uri, position })),
    });
    // Other extensions (and the tests) get the API, not shutdown: that is deactivate's alone.
    return Object.assign(brokers.api, { serverReady });
  } catch (err) {
    void vscode.window.showErrorMessage(
      `MQTT Workbench failed to start: ${err instanceof Error ? err.message : String(err)}`,
    );
    throw err;
  }
}

/**
 * The language status item (the `{}` of the status bar) of our documents: what runs, and in Restricted Mode
 * what is limited and why, with the way out.
 */
function statusItem(context: vscode.ExtensionContext): vscode.Disposable {
  const selector = [CONF_LANGUAGE, ACL_LANGUAGE, ...Object.keys(SOURCE_LANGUAGES)].map((language) => ({ language }));
  const item = vscode.languages.createLanguageStatusItem('mqttWorkbench.status', selector);
  item.name = 'MQTT Workbench';
  const update = () => {
    if (vscode.workspace.isTrusted) {
      item.text = 'MQTT Workbench';
      item.detail = 'checks configs, ACL files and topics';
      item.severity = vscode.LanguageStatusSeverity.Information;
      item.command = { title: 'Show Output', command: 'mqttWorkbench.showOutput' };
    } else {
      item.text = 'MQTT Workbench: Restricted Mode';
      item.detail =
        'open documents only: no workspace topic index, no files a config names, no git, until the folder is trusted';
      item.severity = vscode.LanguageStatusSeverity.Warning;
      item.command = { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' };
    }
  };
  update();
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(update));
  return item;
}

export async function deactivate(): Promise<void> {
  // Recordings closed and broker connections ended (politely, each bounded), the language server stopped.
  const stopped = brokers?.shutdown();
  brokers = undefined;
  await Promise.all([stopped, client?.stop()]);
  client = undefined;
}
