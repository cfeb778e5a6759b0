import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './util';

describe('MQTT topics in source code, in VS Code', () => {
  it('diagnoses a Python file', async () => {
    const uri = workspaceFile('src', 'sensor.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // Workspace checks arrive once the background index is built: wait for one of them.
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'qos-downgrade'));
    const view = diagnostics.map((d) => [
      codeOf(d),
      d.range.start.line,
      d.range.start.character,
      d.range.end.character,
    ]);
    assert.deepEqual(view.sort(), [
      ['invalid-qos', 10, 46, 47],
      ['leading-slash', 8, 16, 17],
      ['qos-downgrade', 11, 15, 37],
      ['qos2-cost', 11, 49, 50],
      ['unmatched-publish', 8, 15, 38],
      // Line 9 publishes to a topic with a wildcard: the broker rejects it, so it gets only its own Error.
      ['unmatched-subscription', 10, 17, 40],
      ['wildcard-in-topic-name', 9, 21, 22],
    ]);
    assert.equal(
      diagnostics.find((d) => codeOf(d) === 'wildcard-in-topic-name')!.severity,
      vscode.DiagnosticSeverity.Error,
    );
  });

  it('diagnoses a TypeScript file', async () => {
    const uri = workspaceFile('src', 'dashboard.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'unmatched-publish'));
    const codes = diagnostics
      .filter((d) => d.source === 'mqtt-workbench')
      .map(codeOf)
      .sort();
    assert.deepEqual(codes, ['invalid-multi-level-wildcard', 'qos2-cost', 'subscribe-all', 'unmatched-publish']);
    const wildcard = diagnostics.find((d) => codeOf(d) === 'invalid-multi-level-wildcard')!;
    assert.deepEqual([wildcard.range.start.line, wildcard.range.start.character], [6, 23]);
  });

  it('hovers a topic string with its wildcards and the workspace sites that feed it', async () => {
    const dashboard = workspaceFile('src', 'dashboard.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dashboard));
    await waitForDiagnostics(dashboard, (d) => d.some((x) => codeOf(x) === 'invalid-multi-level-wildcard'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      dashboard,
      new vscode.Position(5, 22),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /subscribed to \(a topic filter\)/);
    assert.match(text, /`\+` matches exactly one level/);
    assert.match(text, /Fed in the workspace by:.*sensor\.py:12/);
  });

  it('finds all references of a topic across two files', async () => {
    const dashboard = workspaceFile('src', 'dashboard.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dashboard));
    await waitForDiagnostics(dashboard, (d) => d.some((x) => codeOf(x) === 'invalid-multi-level-wildcard'));
    const locations = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      dashboard,
      new vscode.Position(5, 20),
    );
    // Other providers (the TypeScript server) may add the same location again: compare as a set.
    const seen = [...new Set(locations.map((l) => `${l.uri.path.split('/').pop()}:${l.range.start.line}`))].sort();
    assert.deepEqual(seen, ['dashboard.ts:5', 'sensor.py:11']);
  });
});

describe('ACL files in VS Code', () => {
  it('treats the file named by acl_file as a mosquitto ACL file and diagnoses it', async () => {
    const uri = workspaceFile('broker-acl');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'acl-unknown-keyword'));
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'mosquitto-acl');
    assert.deepEqual(
      diagnostics.filter((d) => codeOf(d) === 'acl-unknown-keyword').map((d) => d.range.start.line),
      [2],
    );
  });
});
