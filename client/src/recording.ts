/**
 * The record, export and replay commands in VS Code. Each takes explicit arguments (tests, other extensions)
 * and asks for what is missing. Recordings run on connections of their own and belong to this module: the
 * extension context's disposal stops them and closes their files.
 */
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { guardedCommands } from './guarded';
import { topicRefusal } from '../../common/src/topics';
import type { BrokerManager } from './broker/manager';
import {
  DEFAULT_MAX_BYTES,
  type FileRecording,
  recordToFile,
  type RecordingResult,
  writeRecording,
} from './broker/recorder';
import { type ReplayResult, replay, summarize } from './broker/replayer';
import { discoverRetained } from './broker/retained';
import type { ReplayMode } from './core/recording';
import { plural } from './core/text';
import type { TopicElement } from './views/brokerViews';

interface Running {
  broker: string;
  filter: string;
  file: string;
  recording: FileRecording;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** A Topics view element: its broker and the filter of its subtree (`path/#`, `#` for the broker itself). */
export function fromTopic(arg: unknown): { broker: string; filter: string } | undefined {
  if (!arg || typeof arg !== 'object' || !('node' in arg) || !('broker' in arg)) return undefined;
  const { broker, node } = arg as TopicElement;
  return { broker, filter: node.parent === undefined ? '#' : `${node.path}/#` };
}

/** The filter argument, or one the user types (checked as a filter); undefined when none or not valid (said). */
export async function askFilter(
  arg: unknown,
  suggested: string | undefined,
  title: string,
): Promise<string | undefined> {
  const invalid = (f: string) => topicRefusal(f, 'filter');
  const filter =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title,
          prompt: 'Topic filter',
          value: suggested ?? '#',
          validateInput: (f) => invalid(f) ?? null,
        });
  if (filter === undefined) return undefined;
  const why = invalid(filter);
  if (why) void vscode.window.showErrorMessage(`Not a topic filter: ${why}`);
  return why ? undefined : filter;
}

export function registerRecordingCommands(
  manager: BrokerManager,
  output: vscode.LogOutputChannel,
  context: vscode.ExtensionContext,
): { stop(): Promise<void> } {
  const command = guardedCommands(output);
  const running = new Map<string, Running>();
  const status = vscode.window.createStatusBarItem('mqttWorkbench.recording', vscode.StatusBarAlignment.Left, 0);
  status.name = 'MQTT Recording';
  status.command = 'mqttWorkbench.stopRecording';
  let recordingKey = false;
  const showStatus = () => {
    const all = [...running.values()];
    if (recordingKey !== all.length > 0) {
      recordingKey = all.length > 0;
      void vscode.commands.executeCommand('setContext', 'mqttWorkbench.recording', recordingKey);
    }
    if (all.length === 0) return status.hide();
    const messages = all.reduce((n, r) => n + r.recording.recorder.counts.messages, 0);
    status.text = `$(record) ${all.length === 1 ? all[0]!.broker : plural(all.length, 'recording')}: ${plural(messages, 'msg')}`;
    status.tooltip = `Recording ${all.map((r) => `${r.filter} on ${r.broker}`).join(', ')}. Click to stop.`;
    status.show();
  };
  const ticker = setInterval(() => running.size > 0 && showStatus(), 1000);

  const pickBroker = async (arg: unknown): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    const names = manager.profiles.map((p) => p.name);
    if (names.length <= 1) return names[0];
    return vscode.window.showQuickPick(names, { placeHolder: 'Broker' });
  };
  const saveTo = async (arg: unknown, suggested: string) => {
    if (typeof arg === 'string') return arg;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      filters: { 'MQTT recording': ['ndjson'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggested) } : {}),
    });
    return uri?.fsPath;
  };
  const fileName = (broker: string, kind: string) =>
    `${broker.replace(/[^\w.-]+/g, '-')}-${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
  const profileOptions = async (broker: string) => {
    const profile = manager.profile(broker);
    if (!profile) void vscode.window.showErrorMessage(`No broker profile named "${broker}".`);
    return profile ? manager.options(profile) : undefined;
  };
  /** Broker, filter, file and connection options from the arguments (or a Topics view item), asking for the rest. */
  const askTarget = async ([brokerArg, filterArg, fileArg]: unknown[], kind: string, title: (b: string) => string) => {
    const item = fromTopic(brokerArg);
    const broker = item?.broker ?? (await pickBroker(brokerArg));
    if (!broker) return undefined;
    const filter = await askFilter(filterArg, item?.filter, title(broker));
    if (filter === undefined) return undefined;
    const file = await saveTo(fileArg, fileName(broker, kind));
    if (!file) return undefined;
    const options = await profileOptions(broker);
    return options && { broker, filter, file, options };
  };
  const failed = (what: string, error: unknown) => {
    const text = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    output.error(text);
    void vscode.window.showErrorMessage(text);
  };

  const said = (r: Running, result: RecordingResult) => {
    const why = { stopped: 'stopped', cap: `stopped at the ${megabytes(DEFAULT_MAX_BYTES)} cap`, error: 'stopped' }[
      result.reason
    ];
    const text = `Recording of ${r.filter} on ${r.broker} ${why}: ${plural(result.messages, 'message')}, ${megabytes(result.bytes)} written to ${path.basename(r.file)}${result.dropped ? ` (${plural(result.dropped, 'message')} dropped: the disk fell behind)` : ''}${result.interruptions ? ` (the connection was lost ${plural(result.interruptions, 'time')}: what was published meanwhile is missing, and retained messages were recorded again after each reconnect)` : ''}${result.error ? ` (${result.error})` : ''}`;
    output.info(text);
    return text;
  };

  async function startRecording(brokerArg?: unknown, filterArg?: unknown, fileArg?: unknown) {
    const target = await askTarget([brokerArg, filterArg, fileArg], 'recording', (broker) => `Record from ${broker}`);
    if (!target) return undefined;
    const { broker, filter, file, options } = target;
    if (running.has(file)) {
      void vscode.window.showErrorMessage(`Already recording to ${path.basename(file)}.`);
      return undefined;
    }
    try {
      const recording = await recordToFile(options, { broker, filter, file });
      const entry: Running = { broker, filter, file, recording };
      running.set(file, entry);
      recording.connection.onState(({ state, failure }) => {
        if (state !== 'failed' || !running.has(file)) return;
        failed(`Recording of ${filter} on ${broker} stopped`, new Error(failure?.message ?? 'the connection failed'));
        void stopRecording(file);
      });
      recording.recorder.onStop((result) => {
        if (result.reason === 'stopped' || !running.delete(file)) return;
        showStatus();
        void vscode.window.showWarningMessage(said(entry, result));
      });
      output.info(`recording ${filter} on ${broker} to ${file}`);
      void vscode.window.showInformationMessage(`Recording ${filter} on ${broker}: stop it from the status bar.`);
      showStatus();
      return file;
    } catch (error) {
      failed(`Could not record ${filter} on ${broker}`, error);
      return undefined;
    }
  }

  async function stopRecording(arg?: unknown): Promise<RecordingResult | undefined> {
    let file = typeof arg === 'string' ? arg : undefined;
    if (!file && running.size === 1) file = [...running.keys()][0];
    if (!file && running.size > 1)
      file = (
        await vscode.window.showQuickPick(
          [...running.values()].map((r) => ({ label: `${r.filter} on ${r.broker}`, detail: r.file, file: r.file })),
          { placeHolder: 'Recording to stop' },
        )
      )?.file;
    const entry = file ? running.get(file) : undefined;
    if (!entry) {
      if (running.size === 0) void vscode.window.showInformationMessage('No recording is running.');
      return undefined;
    }
    running.delete(entry.file);
    showStatus();
    const result = await entry.recording.stop();
    void vscode.window.showInformationMessage(said(entry, result));
    return result;
  }

  async function exportRetained(brokerArg?: unknown, filterArg?: unknown, fileArg?: unknown) {
    const target = await askTarget(
      [brokerArg, filterArg, fileArg],
      'retained',
      (broker) => `Export retained messages of ${broker}`,
    );
    if (!target) return undefined;
    const { broker, filter, file, options } = target;
    try {
      const started = Date.now();
      const found = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Collecting retained messages of ${filter} on ${broker}`,
          cancellable: true,
        },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return discoverRetained(options, filter, { signal: abort.signal });
        },
      );
      if (found.ended === 'cancelled') {
        void vscode.window.showInformationMessage(`Export cancelled: ${path.basename(file)} was not written.`);
        return undefined;
      }
      const bytes = await writeRecording(file, { broker, filter, started }, found.messages);
      const text = `Exported ${plural(found.messages.length, 'retained message')} of ${filter} on ${broker} to ${path.basename(file)} (${megabytes(bytes)})${found.complete ? '' : `; incomplete (${found.ended})`}`;
      output.info(text);
      void vscode.window.showInformationMessage(text);
      return { file, written: found.messages.length, complete: found.complete };
    } catch (error) {
      failed(`Could not export the retained messages of ${filter} on ${broker}`, error);
      return undefined;
    }
  }

  /** Connected, or connecting and waiting for it (10 s at most). */
  async function connected(broker: string): Promise<boolean> {
    await manager.connect(broker);
    return (await manager.connection(broker)?.whenConnected(10_000)) ?? false;
  }

  async function replayRecording(
    fileArg?: unknown,
    brokerArg?: unknown,
    modeArg?: unknown,
    speedArg?: unknown,
  ): Promise<ReplayResult | undefined> {
    const file =
      typeof fileArg === 'string'
        ? fileArg
        : (
            await vscode.window.showOpenDialog({
              filters: { 'MQTT recording': ['ndjson', 'jsonl'] },
              canSelectMany: false,
              title: 'Replay a Recording',
            })
          )?.[0]?.fsPath;
    if (!file) return undefined;
    let summary: Awaited<ReturnType<typeof summarize>>;
    try {
      summary = await summarize(createReadStream(file));
    } catch (error) {
      failed(`Could not read ${path.basename(file)}`, error);
      return undefined;
    }
    if (summary.notRecording) {
      void vscode.window.showErrorMessage(`${path.basename(file)}: ${summary.notRecording}`);
      return undefined;
    }
    const broker = await pickBroker(brokerArg);
    if (!broker) return undefined;
    const profile = manager.profile(broker);
    if (!profile) {
      void vscode.window.showErrorMessage(`No broker profile named "${broker}".`);
      return undefined;
    }
    const seconds = Math.round(summary.durationMs / 1000);
    const picked =
      modeArg === 'timed' || modeArg === 'fast'
        ? modeArg
        : (
            await vscode.window.showQuickPick(
              [
                { label: 'With its timing', detail: `The recorded gaps: about ${seconds} s`, mode: 'timed' as const },
                { label: 'As fast as possible', detail: 'Every message at once, in order', mode: 'fast' as const },
              ],
              { title: `Replay ${plural(summary.messages, 'message')} into ${broker}` },
            )
          )?.mode;
    if (!picked) return undefined;
    const speed = typeof speedArg === 'number' && speedArg > 0 ? speedArg : 1;
    const mode: ReplayMode = picked === 'fast' ? { mode: 'fast' } : { mode: 'timed', speed };
    if (profile.production) {
      const sure = await vscode.window.showWarningMessage(
        `Replay ${plural(summary.messages, 'message')} into the production broker "${broker}"?`,
        { modal: true, detail: 'Retained messages among them replace what the broker holds now.' },
        'Replay',
      );
      if (sure !== 'Replay') return undefined;
    }
    if (!(await connected(broker))) {
      void vscode.window.showErrorMessage(`Not replayed: ${broker} is not connected.`);
      return undefined;
    }
    const connection = manager.connection(broker)!;
    const total = Math.max(1, summary.messages + summary.skipped);
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Replaying ${path.basename(file)} into ${broker}`,
        cancellable: true,
      },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        return replay(connection, createReadStream(file), {
          mode,
          signal: abort.signal,
          onProgress: ({ sent, failed, skipped }) => {
            const done = ((sent + failed + skipped) / total) * 100;
            if (done - shown < 1) return;
            progress.report({ increment: done - shown, message: `${sent} sent` });
            shown = done;
          },
        });
      },
    );
    for (const problem of result.problems) output.warn(`replay ${path.basename(file)}: ${problem}`);
    const text = `${result.cancelled ? 'Replay cancelled' : result.connectionLost ? 'Replay stopped' : 'Replayed'} into ${broker}: ${result.sent} sent, ${result.failed} failed, ${result.skipped} skipped${result.connectionLost ? ` (${result.connectionLost})` : ''}`;
    output.info(`${text} (${file})`);
    if (result.failed || result.skipped || result.connectionLost)
      void vscode.window.showWarningMessage(`${text}; see the output for why.`);
    else void vscode.window.showInformationMessage(text);
    return result;
  }

  /** Every recording running, stopped and its file closed (deactivate waits for this). */
  const stopAll = async () => {
    const all = [...running.values()];
    running.clear();
    await Promise.all(all.map((r) => r.recording.stop().catch(() => undefined)));
  };
  context.subscriptions.push(
    status,
    { dispose: () => clearInterval(ticker) },
    { dispose: () => void stopAll() },
    command('mqttWorkbench.startRecording', startRecording),
    command('mqttWorkbench.stopRecording', stopRecording),
    command('mqttWorkbench.exportRetained', exportRetained),
    command('mqttWorkbench.replayRecording', replayRecording),
  );
  return { stop: stopAll };
}
