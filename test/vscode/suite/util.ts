import { existsSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mqtt-workbench.mqtt-workbench';

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the sample workspace open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Resolves with the diagnostics of `uri` once `predicate` holds; event-driven, no polling sleeps. */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri);
      if (predicate(current)) {
        cleanup();
        resolve(current);
        return true;
      }
      return false;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`diagnostics for ${uri.fsPath} never matched; last: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.code))}`));
    }, timeoutMs);
    function cleanup() {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

export const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/**
 * Ask the runner for a screenshot of the workbench; resolves once the PNG is written. Outside a
 * runner that supports it (test-electron), resolves after a short wait without a file.
 */
export async function screenshot(path: string, waitForSelector?: string, timeoutMs = 15_000): Promise<boolean> {
  const done = `${path}.done`;
  rmSync(done, { force: true });
  console.log(`VSCODE-SCREENSHOT ${path}${waitForSelector ? ` ${waitForSelector}` : ''}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(done)) {
      rmSync(done, { force: true });
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
