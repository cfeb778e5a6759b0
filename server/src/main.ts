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
console.log = console.error;
console.info = console.error;
startServer(createConnection(ProposedFeatures.all));
