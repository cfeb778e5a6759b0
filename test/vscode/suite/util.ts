import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mqtt-workbench.mqtt-workbench';

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the sample workspace open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Resolves with the diagnostics of `uri` once `predicate` holds; event-driven, no polling sleeps. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
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
      reject(
        new Error(
          `diagnostics for ${uri.fsPath} never matched; last: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.code))}`,
        ),
      );
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
 * Ask the runner for a screenshot of the workbench, saved as `<name>` in the folder it was given
 * (MQTTWB_SCREENSHOT_DIR, set by scripts/vscodeTests.mjs with `screenshot`). Resolves with the PNG's
 * path once it is written, or `undefined` when no runner takes screenshots (test-electron, or none asked).
 * `waitForSelector` names what must be visible first (a hover, a panel row).
 */
export async function screenshot(
  name: string,
  waitForSelector?: string,
  timeoutMs = 30_000,
): Promise<string | undefined> {
  const folder = process.env['MQTTWB_SCREENSHOT_DIR'];
  if (!folder) return undefined;
  const path = join(folder, name);
  const done = `${path}.done`;
  rmSync(done, { force: true });
  console.log(`VSCODE-SCREENSHOT ${path}${waitForSelector ? ` ${waitForSelector}` : ''}`);
  // The runner answers through the file system it shares with the extension host: poll for its answer.
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(done)) {
    if (Date.now() > deadline)
      throw new Error(`the runner did not answer the screenshot request for ${path} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const answer = readFileSync(done, 'utf8');
  rmSync(done, { force: true });
  if (answer !== 'ok') throw new Error(`screenshot ${path} failed: ${answer}`);
  return path;
}

/** Resolves with `probe()` once it is not undefined (polled every 50 ms), or fails naming `what`. */
export async function waitFor<T>(probe: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Write a broker profile into the workspace settings and connect it with the command, as a user would. */
export async function connectProfile(
  api: { brokers: { state(name: string): { state: string } } },
  profile: { name: string; url: string } & Record<string, unknown>,
): Promise<void> {
  await vscode.workspace
    .getConfiguration('mqttWorkbench')
    .update('brokers', [profile], vscode.ConfigurationTarget.Workspace);
  // The profile is read from the settings change; until then the command finds no such broker.
  const deadline = Date.now() + 10_000;
  for (;;) {
    // The command never throws: it resolves with the connection's state, or undefined when it could not start.
    const started = (await vscode.commands.executeCommand('mqttWorkbench.connect', profile.name)) !== undefined;
    if (started) break;
    if (Date.now() > deadline) throw new Error('the profile never appeared');
    await new Promise((r) => setTimeout(r, 100));
  }
  await waitFor(() => (api.brokers.state(profile.name).state === 'connected' ? true : undefined), 'connected');
}

/** The other half of connectProfile: disconnect the broker and remove the workspace's broker profiles. */
export async function forgetProfile(api: { brokers: { disconnect(name: string): Promise<void> } }, name: string) {
  await api.brokers.disconnect(name).catch(() => undefined);
  await vscode.workspace
    .getConfiguration('mqttWorkbench')
    .update('brokers', undefined, vscode.ConfigurationTarget.Workspace);
}
