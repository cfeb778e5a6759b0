/**
 * Runs inside the real VS Code extension host (scripts/vscodeTests.mjs, `extensionTestsPath`) for
 * `activation.ts`: opens a plain-text editor first (see run()), then mosquitto.conf, which activates MQTT
 * Workbench (onLanguage:mosquitto-conf), and reports, as one `VSCODE-ACTIVATION {...}` log line, what VS Code
 * itself recorded about that activation:
 *  - the activation times the extension host sent the workbench (codeLoadingTime, activateCallTime,
 *    activateResolvedTime: what "Developer: Show Running Extensions" and "Developer: Startup Performance"
 *    show), read from the Startup Performance document (`perf:Startup Performance`);
 *  - the extension host's own performance marks around the activation (`code/extHost/...`);
 * and, from here, when the extension's `serverReady` resolved (the language server answered `initialize`)
 * and when the first diagnostics of the file arrived. Not a mocha suite: one measurement, no retries.
 */
import * as vscode from 'vscode';

const EXTENSION_ID = 'mqtt-workbench.mqtt-workbench';

interface Mark {
  name: string;
  startTime: number;
}

/** VS Code's own marks in this process (vs/base/common/performance), epoch milliseconds. */
function marks(): Mark[] {
  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Mark[] } }).MonacoPerformanceMarks;
  return perf?.getMarks() ?? [];
}

function mark(name: string): number | undefined {
  return marks().find((m) => m.name === name)?.startTime;
}

function until<T>(what: string, timeoutMs: number, poll: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const tick = () => {
      const value = poll();
      if (value !== undefined) resolve(value);
      else if (Date.now() > deadline) reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      else setTimeout(tick, 2);
    };
    tick();
  });
}

/** Until three round trips to the workbench in a row take under 50 ms (at most 30 s). */
async function settled(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let quick = 0; quick < 3 && Date.now() < deadline;) {
    const start = Date.now();
    await vscode.commands.executeCommand('setContext', 'mqttWorkbench.benchProbe', start);
    quick = Date.now() - start < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The row of the "Extension Activation Stats" table in VS Code's Startup Performance document. */
async function activationStats(): Promise<{
  eager: boolean;
  codeLoadingTime: number;
  activateCallTime: number;
  activateResolvedTime: number;
  event: string;
}> {
  // The document's provider is a lazy workbench contribution: "Developer: Startup Performance" creates it.
  await vscode.commands.executeCommand('perfview.show');
  const uri = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });
  const doc = await vscode.workspace.openTextDocument(uri);
  // The document says "Loading..." until the workbench reaches LifecyclePhase.Eventually.
  // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |, cells padded with spaces.
  const cells = await until('our row in the Startup Performance document', 60_000, () =>
    doc
      .getText()
      .split('\n')
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      )
      .find((row) => row[0]?.toLowerCase() === EXTENSION_ID),
  );
  const [, eager, load, call, resolved, event] = cells;
  return {
    eager: eager === 'true',
    codeLoadingTime: Number(load),
    activateCallTime: Number(call),
    activateResolvedTime: Number(resolved),
    event: event ?? '',
  };
}

export async function run(): Promise<void> {
  try {
    const extension = vscode.extensions.getExtension<{ serverReady: Promise<void> }>(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
    if (extension.isActive) throw new Error(`${EXTENSION_ID} was already active before mosquitto.conf was opened`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('no workspace folder open');
    const conf = vscode.Uri.joinPath(folder.uri, 'mosquitto.conf');

    // The window's first editor costs the workbench about a second of its main thread (seen here: round trips
    // from the extension host took up to 1.2 s meanwhile, and VS Code waits for one to hand activate() its
    // ExtensionContext). A person has usually opened a file already: open a plain-text one first and let the
    // workbench settle, so what follows is the activation, not the first editor.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'first editor\n' }));
    await settled();
    const opened = Date.now();
    const diagnosed = new Promise<number>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (
          e.uris.some((u) => u.toString() === conf.toString()) &&
          vscode.languages.getDiagnostics(conf).some((d) => d.source === 'mqtt-workbench')
        ) {
          sub.dispose();
          resolve(Date.now());
        }
      });
    });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(conf));
    const active = await until('the activation', 60_000, () => (extension.isActive ? Date.now() : undefined));
    await extension.exports.serverReady;
    const serverReady = Date.now();
    const firstDiagnostics = await Promise.race([
      diagnosed,
      new Promise<number>((r) => setTimeout(() => r(NaN), 60_000)),
    ]);

    const stats = await activationStats();
    const id = EXTENSION_ID;
    const willLoad = mark(`code/extHost/willLoadExtensionCode/${id}`);
    const didLoad = mark(`code/extHost/didLoadExtensionCode/${id}`);
    const willActivate = mark(`code/extHost/willActivateExtension/${id}`);
    const didActivate = mark(`code/extHost/didActivateExtension/${id}`);
    const hostStart = mark('code/timeOrigin');
    const hostReady = mark('code/extHost/ready');
    if (willLoad === undefined || didActivate === undefined || hostStart === undefined)
      throw new Error(`the extension host recorded no activation marks: ${JSON.stringify(marks())}`);
    const since = (t: number | undefined, from: number | undefined) =>
      t === undefined || from === undefined ? NaN : t - from;
    const result = {
      vscode: vscode.version,
      extensionPath: extension.extensionPath,
      ...stats,
      /** The extension host's marks, ms after the process started. */
      hostReadyMs: since(hostReady, hostStart),
      openedMs: opened - hostStart,
      willLoadMs: willLoad - hostStart,
      didActivateMs: didActivate - hostStart,
      /** Marks around loading and activating, as the extension host spans them. */
      loadMarkMs: since(didLoad, willLoad),
      activateMarkMs: since(didActivate, willActivate),
      /** Code loaded → activate() called: VS Code waits for the ExtensionContext (storage, secrets) meanwhile. */
      contextWaitMs: since(willActivate, didLoad),
      /** mosquitto.conf opened → VS Code starts loading our code (the activation event's round trip). */
      openToLoadMs: willLoad - opened,
      /** From opening mosquitto.conf (this module's clock, the same process). */
      openToActiveMs: didActivate - opened,
      openToActivePolledMs: active - opened,
      openToServerReadyMs: serverReady - opened,
      activeToServerReadyMs: serverReady - didActivate,
      openToFirstDiagnosticsMs: firstDiagnostics - opened,
    };
    console.log(`VSCODE-ACTIVATION ${JSON.stringify(result)}`);
    console.log(`VSCODE-TESTS ${JSON.stringify({ passed: 1, failed: 0 })}`);
  } catch (err) {
    console.log(`VSCODE-ACTIVATION-ERROR ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.log(`VSCODE-TESTS ${JSON.stringify({ passed: 0, failed: 1 })}`);
    throw err;
  }
}
