import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './util';

const CONF = 'listener 1883 127.0.0.1\nallow_anonymous true\nmax_inflight_messages abc\n';

/** An untitled mosquitto.conf with the given text, shown, with its first diagnostic of `code`. */
async function confWith(text: string, code: string) {
  const document = await vscode.workspace.openTextDocument({ language: 'mosquitto-conf', content: text });
  await vscode.window.showTextDocument(document);
  const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x) === code));
  return { document, diagnostic: diagnostics.find((d) => codeOf(d) === code)! };
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
}

describe('what a linter offers in VS Code', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('links each diagnostic code to its documentation page, opened inside VS Code', async () => {
    const { diagnostic } = await confWith(CONF, 'non-numeric-integer');
    assert.equal(diagnostic.source, 'mqtt-workbench');
    assert.ok(typeof diagnostic.code === 'object', 'the code carries a link');
    const target = diagnostic.code.target;
    assert.equal(target.scheme, 'command');
    assert.equal(target.path, 'mqttWorkbench.openCodeDocs');
    const args = JSON.parse(decodeURIComponent(target.query)) as string[];
    assert.deepEqual(args, ['non-numeric-integer']);
    // What clicking the link does: the page opens (rendered by VS Code's Markdown preview, or as text).
    const opened = new Promise<string>((resolve) => {
      const seen = vscode.workspace.onDidOpenTextDocument((doc) => {
        if (doc.uri.path.endsWith('/docs/codes/non-numeric-integer.md')) {
          seen.dispose();
          resolve(doc.getText());
        }
      });
    });
    await vscode.commands.executeCommand(target.path, ...args);
    const page = await opened;
    assert.match(page, /^# non-numeric-integer/);
    assert.match(page, /mqtt-lint-disable-next-line non-numeric-integer/);
  });

  it('disables a code for one line with a comment mosquitto also reads as one', async () => {
    const { document, diagnostic } = await confWith(CONF, 'non-numeric-integer');
    const actions = await quickFixes(document.uri, diagnostic.range);
    const disable = actions.find((a) => a.title === 'Disable non-numeric-integer for this line');
    assert.ok(disable?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(document.lineAt(2).text, '# mqtt-lint-disable-next-line non-numeric-integer');
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'non-numeric-integer'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('disables a code in the workspace settings, and the diagnostic goes away', async () => {
    const config = vscode.workspace.getConfiguration('mqttWorkbench');
    const before = config.inspect('diagnostics.severity')?.workspaceValue;
    try {
      const { document, diagnostic } = await confWith(CONF, 'non-numeric-integer');
      const actions = await quickFixes(document.uri, diagnostic.range);
      const disable = actions.find((a) => a.title === 'Disable non-numeric-integer in settings');
      assert.ok(disable?.command, actions.map((a) => a.title).join(', '));
      await vscode.commands.executeCommand(disable.command.command, ...(disable.command.arguments ?? []));
      const now = vscode.workspace
        .getConfiguration('mqttWorkbench')
        .inspect<Record<string, string>>('diagnostics.severity');
      assert.equal(now?.workspaceValue?.['non-numeric-integer'], 'off');
      await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'non-numeric-integer'));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await config.update('diagnostics.severity', before, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('lints the whole workspace into the Problems panel, files not open included', async () => {
    // A file no editor has opened (the tests run on a copy of the sample workspace).
    const folder = workspaceFile('lint-only');
    const unopened = vscode.Uri.joinPath(folder, 'mosquitto.conf');
    await vscode.workspace.fs.writeFile(
      unopened,
      Buffer.from('listener 1883 127.0.0.1\nallow_anonymous true\nbogus_option 1\n'),
    );
    try {
      assert.deepEqual(vscode.languages.getDiagnostics(unopened), []);
      await vscode.commands.executeCommand('mqttWorkbench.lintWorkspace');
      const found = await waitForDiagnostics(unopened, (d) => d.some((x) => codeOf(x) === 'unknown-option'));
      assert.ok(found.every((d) => d.source === 'mqtt-workbench'));
    } finally {
      // A second run clears what the first published for files that are gone.
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await vscode.commands.executeCommand('mqttWorkbench.lintWorkspace');
      await vscode.commands.executeCommand('notifications.clearAll');
    }
    await waitForDiagnostics(unopened, (d) => d.length === 0);
  });
});
