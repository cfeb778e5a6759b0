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
import { ACL_LANGUAGE, CONF_LANGUAGE, SOURCE_LANGUAGES, WATCHER_GLOB } from '../../common/src/languages';
import { AclFilesNotification, type InitializationOptions } from '../../common/src/protocol';

let client: LanguageClient | undefined;

/** What the extension exposes to other extensions and to its own tests. */
export interface MqttWorkbenchApi {
  /** Resolves once the language server has started. */
  readonly serverReady: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<MqttWorkbenchApi> {
  const output = vscode.window.createOutputChannel('MQTT Workbench', { log: true });
  context.subscriptions.push(output);
  try {
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
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
      initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted }),
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
    const serverReady = client.start().then(() => {
      context.subscriptions.push(
        client!.onNotification(AclFilesNotification, (params) => {
          // In VS Code's own spelling, whatever the server's: the lookup compares strings.
          for (const uri of params.added) aclFiles.add(vscode.Uri.parse(uri).toString());
          vscode.workspace.textDocuments.forEach(adopt);
        }),
      );
    });
    return { serverReady };
  } catch (err) {
    void vscode.window.showErrorMessage(
      `MQTT Workbench failed to start: ${err instanceof Error ? err.message : String(err)}`,
    );
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
