import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
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

  it('runs in a real VS Code', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });
});
