/** What a person who installed the VSIX gets: the packaged extension, not the development tree, at work. */
import * as assert from 'node:assert/strict';
import { isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, waitForDiagnostics, workspaceFile } from '../suite/util';

describe('the installed VSIX', () => {
  it('is the extension that runs, from the extensions folder', () => {
    const extensionsDir = process.env['MQTTWB_EXTENSIONS_DIR'];
    assert.ok(extensionsDir, 'the runner did not install a VSIX (MQTTWB_EXTENSIONS_DIR is not set)');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const inside = relative(extensionsDir, extension.extensionPath);
    assert.ok(
      inside !== '' && !inside.startsWith('..') && !isAbsolute(inside),
      `${extension.extensionPath} is not under ${extensionsDir}`,
    );
  });

  it('reports an unknown option in mosquitto.conf', async () => {
    const uri = workspaceFile('mosquitto.conf');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'mosquitto-conf');
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'unknown-option'), 60_000);
    const typo = diagnostics.find((d) => codeOf(d) === 'unknown-option')!;
    assert.equal(typo.range.start.line, 1);
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(typo.source, 'mqtt-workbench');
    // Its code links to the page the VSIX ships, opened inside VS Code.
    assert.ok(typeof typo.code === 'object' && typo.code.target.scheme === 'command', JSON.stringify(typo.code));
    const page = vscode.Uri.joinPath(
      vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
      'docs',
      'codes',
      'unknown-option.md',
    );
    assert.match(Buffer.from(await vscode.workspace.fs.readFile(page)).toString('utf8'), /^# unknown-option/);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'the installed extension is not active');
  });
});
