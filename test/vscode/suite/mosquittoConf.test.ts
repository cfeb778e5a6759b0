import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, screenshot, waitForDiagnostics, workspaceFile } from './util';

const SAMPLE = () => workspaceFile('mosquitto.conf');

describe('mosquitto.conf in VS Code', () => {
  before(async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SAMPLE()));
    assert.equal(editor.document.languageId, 'mosquitto-conf');
  });

  it('shows diagnostics with codes and exact ranges', async () => {
    const diagnostics = await waitForDiagnostics(SAMPLE(), (d) => d.some((x) => codeOf(x) === 'unknown-option'));
    const typo = diagnostics.find((d) => codeOf(d) === 'unknown-option')!;
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [typo.range.start.line, typo.range.start.character, typo.range.end.line, typo.range.end.character],
      [4, 0, 4, 16],
    );
    assert.match(typo.message, /allow_anonymous/);
    const codes = diagnostics.map(codeOf);
    for (const expected of [
      'anonymous-on-public-listener',
      'inline-comment-in-value',
      'incomplete-tls',
      'unbounded-queue',
      'persistence-off',
    ]) {
      assert.ok(codes.includes(expected), `expected ${expected} in ${codes.join(', ')}`);
    }
    const comment = diagnostics.find((d) => codeOf(d) === 'inline-comment-in-value')!;
    assert.equal(comment.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(comment.range.start.line, 6);
  });

  it('hovers document the option under the cursor', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      SAMPLE(),
      new vscode.Position(5, 4),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /allow_anonymous/);
    assert.match(text, /Trap/);
  });

  it('completes option names', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      SAMPLE(),
      new vscode.Position(2, 0),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('persistence'), `got ${labels.slice(0, 10).join(', ')}`);
    assert.ok(labels.includes('max_queued_bytes'));
  });

  it('applies a quick fix', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'mosquitto-conf',
      content: 'listener 1883 127.0.0.1\nallow_annonymous true\n',
    });
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x) === 'unknown-option'));
    const typo = diagnostics.find((d) => codeOf(d) === 'unknown-option')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      typo.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Change to `allow_anonymous`');
    assert.ok(fix?.edit, `got ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(1).text, 'allow_anonymous true');
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'unknown-option'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  // The next two leave the workbench as the README's screenshots show it; `npm run docs` takes them.
  it('lists the sample config in the Problems panel', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SAMPLE()), { preview: false });
    const diagnostics = await waitForDiagnostics(SAMPLE(), (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'mqtt-workbench'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('screenshot-diagnostics.png', '.markers-panel .monaco-list-row');
  });

  it('shows the option documentation in a hover over allow_anonymous', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SAMPLE()), {
      preview: false,
    });
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const position = new vscode.Position(5, 4);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      SAMPLE(),
      position,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /allow_anonymous/);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('screenshot-hover.png', '.monaco-hover .hover-contents');
  });
});
