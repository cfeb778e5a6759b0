/** What MQTT Workbench does in a folder the user has not trusted: the open documents only, and it says so. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, waitForDiagnostics, workspaceFile } from '../suite/util';

describe('Restricted Mode (an untrusted folder)', () => {
  it('is really untrusted, and the extension runs there', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const doc = await vscode.workspace.openTextDocument(workspaceFile('mosquitto.conf'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'mosquitto-conf', 'the config is still a mosquitto config, not "Properties"');
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 60_000);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });

  it('checks the open config from its text, but reads no file it names', async () => {
    const uri = workspaceFile('mosquitto.conf');
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'unknown-option'));
    const codes = diagnostics.map(codeOf);
    // `password_file passwords-not-here` would be a missing-file warning in a trusted folder.
    assert.ok(!codes.includes('missing-file'), codes.join(', '));
  });

  it('refuses Lint Workspace with the reason', async () => {
    const result = await vscode.commands.executeCommand<{ refused?: string } | undefined>(
      'mqttWorkbench.lintWorkspace',
    );
    assert.match(result?.refused ?? '', /Restricted Mode/);
  });
});
