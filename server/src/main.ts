/**
 * Entry point of the standalone language server: `mqtt-workbench-lsp --stdio` (or `--node-ipc`,
 * `--socket=N`, as vscode-languageserver negotiates). Under --stdio, stdout is the transport: nothing
 * else may write to it, so console output goes to stderr.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

if (process.argv.includes('--version')) {
  process.stderr.write('mqtt-workbench-lsp 0.1.0\n');
  process.exit(0);
}
// eslint-disable-next-line no-console -- under --stdio, stdout is the transport: console output goes to stderr
console.log = console.error;
// eslint-disable-next-line no-console -- as above
console.info = console.error;
startServer(createConnection(ProposedFeatures.all));
