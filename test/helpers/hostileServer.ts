/** The language server over stdio on a hostile repository: started on a folder, probed for responsiveness. */
import { pathToFileURL } from 'node:url';
import { type Hover, HoverRequest, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol';
import { NORMAL_FILE, NORMAL_TOPIC_POSITION } from './craftedInputs';
import { LspClient } from './lspClient';

/** Each hover on the small normal document must be answered within this. */
export const HOVER_BOUND_MS = 5000;
/** Diagnostics for a crafted document must arrive within this. */
export const DIAGNOSTICS_BOUND_MS = 20_000;

/** A server whose workspace is `folder`, initialized, with the small normal document open and diagnosed. */
export async function startOn(
  folder: string,
  settings: Record<string, unknown> = {},
): Promise<{ client: LspClient; normalUri: string }> {
  // A heap limit: runaway memory is a crash, which the tests see as a server no longer alive.
  const client = new LspClient(['--stdio'], process.env, ['--max-old-space-size=512']);
  client.settings = settings;
  const folders = [{ uri: pathToFileURL(folder).toString(), name: 'hostile' }];
  client.folders = folders;
  await client.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folders[0]!.uri,
    workspaceFolders: folders,
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
  });
  await client.connection.sendNotification(InitializedNotification.type, {});
  const normalUri = 'untitled:normal.js';
  const diagnosed = client.nextDiagnostics(normalUri, () => true, DIAGNOSTICS_BOUND_MS);
  await client.open(normalUri, NORMAL_FILE, 'javascript');
  await diagnosed;
  return { client, normalUri };
}

/** A request answered within `ms`, or a rejection naming what was not answered. */
export function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Hovers on the normal document, spread over the first seconds of an analysis: each answered in time, with content. */
export async function assertResponsive(client: LspClient, normalUri: string): Promise<void> {
  for (const pause of [0, 300, 1000, 2000]) {
    await sleep(pause);
    const hover = await within<Hover | null>(
      client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: normalUri },
        position: NORMAL_TOPIC_POSITION,
      }),
      HOVER_BOUND_MS,
      `hover after ${pause} ms`,
    );
    if (!hover) throw new Error('hover on the normal document answered null');
  }
}

/** Stop the server: politely if it answers within 3 s, else killed (a busy server never answers shutdown). */
export async function stopHard(client: LspClient): Promise<void> {
  const stopped = client.stop().catch(() => null);
  await Promise.race([stopped, sleep(3000)]);
  if (client.process.exitCode === null && client.process.signalCode === null) client.process.kill('SIGKILL');
  client.connection.dispose();
}
