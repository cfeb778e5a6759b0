import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { SERVER_NODE_FLAGS } from '../../../common/src/serverProcess';
import { EXTENSION_ID, waitForDiagnostics, workspaceFile } from './util';

describe('MQTT Workbench in VS Code', () => {
  it('is installed and activates by itself when a mosquitto.conf is opened', async () => {
    const extension = vscode.extensions.getExtension<{ serverReady: Promise<void> }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const document = await vscode.workspace.openTextDocument(workspaceFile('mosquitto.conf'));
    assert.equal(document.languageId, 'mosquitto-conf');
    await vscode.window.showTextDocument(document);
    // Diagnostics arrive only from a running language server: activation happened on the language alone.
    await waitForDiagnostics(document.uri, (d) => d.length > 0);
    assert.equal(extension.isActive, true);
    await extension.exports.serverReady;
  });

  it('registers its commands under the MQTT category', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mqttWorkbench.restartServer', 'mqttWorkbench.showOutput'])
      assert.ok(commands.includes(id), `missing ${id}`);
  });

  it('starts the language server with the V8 flags the benchmarks measure it with', () => {
    // The extension host's child processes, from /proc: `pid (name) state ppid ...` and the command line.
    const children: string[][] = [];
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === process.pid) children.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      } catch {
        // The process ended while we read.
      }
    }
    const server = children.find((argv) => argv.some((arg) => arg.endsWith('server.js')));
    assert.ok(server, `no language server among the extension host's children: ${JSON.stringify(children)}`);
    for (const flag of SERVER_NODE_FLAGS) assert.ok(server.includes(flag), server.join(' '));
  });

  it('runs in a real VS Code', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });
});
