/**
 * Clear Retained Message(s) and Restore Retained Messages in VS Code: discovery with progress, a preview the
 * user can thin out, a backup, a confirmation (typed for production brokers and large clears), a cancellable
 * clear and a result that says only what the broker confirmed. Explicit arguments `(broker, filter,
 * {confirm: false, backupPath?})` skip the dialogs: the caller has confirmed. Also the `retained` API and the
 * code action on a retained topic published in code.
 */
import { guardedCommands } from './guarded';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SOURCE_LANGUAGES } from '../../common/src/languages';
import { topicRefusal } from '../../common/src/topics';
import type { BrokerManager } from './broker/manager';
import type { ConnectionOptions } from './broker/connection';
import { discoverRetained } from './broker/retained';
import {
  backUpAndClear,
  readBackup,
  type RestoreReport,
  restoreRetained,
  type SendOptions,
} from './broker/retainedClearer';
import {
  backupFileName,
  type ClearReport,
  describeClear,
  describeRestore,
  nameSome,
  needsTypedConfirmation,
  type RetainedBackup,
} from './core/retainedClear';
import type { IncomingMessage } from './core/topicTree';
import { askFilter, fromTopic } from './recording';
import { plural } from './core/text';
import { type CodeIndex, topicArgument } from './topicCommands';
import { previewOf } from './views/brokerViews';

/** The `retained` part of the extension's API. */
export interface RetainedApi {
  /** What the broker retains below a filter, found on a short-lived subscription of its own. */
  discover(name: string, filter: string): Promise<{ topic: string; size: number }[]>;
  /**
   * Back up (to `backupPath`, or the default folder), clear and verify. `confirm: false` says the caller has
   * confirmed and skips every dialog; otherwise the user is asked as from the palette.
   */
  clear(
    name: string,
    filter: string,
    options?: { confirm?: boolean; backupPath?: string },
  ): Promise<ClearReport | undefined>;
  /** Publish a backup's messages retained again into a broker, then verify (no dialog: the caller has confirmed). */
  restore(name: string, backupPath: string): Promise<RestoreReport | undefined>;
}

/** Given `{confirm: false}`, the caller has confirmed: no dialogs. */
const confirmedBy = (arg: unknown): { backupPath?: string } | undefined =>
  arg && typeof arg === 'object' && 'confirm' in arg && arg.confirm === false
    ? 'backupPath' in arg && typeof arg.backupPath === 'string'
      ? { backupPath: arg.backupPath }
      : {}
    : undefined;

export function registerRetainedCommands(deps: {
  manager: BrokerManager;
  output: vscode.LogOutputChannel;
  context: vscode.ExtensionContext;
  code: CodeIndex | undefined;
  pickBroker(arg: unknown): Promise<string | undefined>;
}): { api: RetainedApi; disposables: vscode.Disposable[] } {
  const { manager, output, context } = deps;
  const command = guardedCommands(output);

  /** `.vscode/mqtt-backups/` of a trusted workspace folder, else the extension's global storage. */
  const backupPathFor = (broker: string) => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base =
      folder && vscode.workspace.isTrusted
        ? vscode.Uri.joinPath(folder, '.vscode', 'mqtt-backups')
        : vscode.Uri.joinPath(context.globalStorageUri, 'mqtt-backups');
    return path.join(base.fsPath, backupFileName(broker, Date.now()));
  };
  const optionsOf = async (broker: string): Promise<ConnectionOptions | undefined> => {
    const profile = manager.profile(broker);
    if (!profile) void vscode.window.showErrorMessage(`No broker profile named "${broker}".`);
    return profile ? manager.options(profile) : undefined;
  };
  const failed = (what: string, error: unknown) => {
    const text = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    output.error(text);
    void vscode.window.showErrorMessage(text);
  };
  /** The modal, then for a production profile or a large count the broker's name typed: the action chosen. */
  const confirm = async (broker: string, count: number, message: string, detail: string, actions: string[]) => {
    const chosen = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
    if (!chosen || !needsTypedConfirmation(count, manager.profile(broker)?.production ?? false)) return chosen;
    const typed = await vscode.window.showInputBox({
      title: `${chosen}: ${plural(count, 'topic')} on ${broker}`,
      prompt: `Type the broker's name, ${broker}, to confirm`,
      ignoreFocusOut: true,
      validateInput: (v) => (v === broker ? null : `Type ${broker} to confirm`),
    });
    return typed === broker ? chosen : undefined;
  };
  /** Runs a send with a cancellable progress notification that counts acknowledgements. */
  const withSendProgress = <T>(title: string, run: (o: SendOptions) => Promise<T>) =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        return run({
          signal: abort.signal,
          onProgress: (settled, total) => {
            const done = (settled / total) * 100;
            if (done - shown < 1 && settled < total) return;
            progress.report({
              increment: done - shown,
              message: `${settled.toLocaleString('en')} of ${total.toLocaleString('en')}`,
            });
            shown = done;
          },
        });
      },
    );

  const discover = (options: ConnectionOptions, broker: string, filter: string) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Finding the retained messages of ${filter} on ${broker}`,
        cancellable: true,
      },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return discoverRetained(options, filter, { signal: abort.signal, qos: 0 });
      },
    );

  /** The user's pick of what to clear: every discovered topic, preselected, with its payload. */
  const preview = async (broker: string, filter: string, messages: IncomingMessage[]) => {
    const items = messages
      .map((m) => ({
        label: m.topic,
        description: previewOf(m.payload, m.payload.length),
        picked: true,
      }))
      .sort((a, b) => (a.label < b.label ? -1 : 1));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Clear ${plural(messages.length, 'retained message')} of ${filter} on ${broker}`,
      placeHolder: 'Untick the topics to keep, then press Enter',
      canPickMany: true,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return picked?.map((p) => p.label);
  };

  const showResult = (report: ClearReport) => {
    const { text, success } = describeClear(report);
    output.info(
      `clear ${report.filter} on ${report.broker}: ${text}${report.backupPath ? ` (backup ${report.backupPath})` : ''}`,
    );
    for (const d of report.denied) output.warn(`clear ${d.topic} on ${report.broker}: ${d.reason}`);
    for (const t of report.remaining) output.warn(`clear ${t} on ${report.broker}: still retained`);
    const actions = report.backupPath ? ['Open Backup', 'Restore'] : [];
    const show = success ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(text, ...actions).then((choice) => {
      if (choice === 'Open Backup' && report.backupPath)
        void vscode.window.showTextDocument(vscode.Uri.file(report.backupPath));
      if (choice === 'Restore' && report.backupPath)
        void vscode.commands.executeCommand('mqttWorkbench.restoreRetained', report.broker, report.backupPath);
    });
  };

  /** Discover, preview, confirm, back up, clear, verify; `given` (the caller confirmed) skips the dialogs. */
  async function clear(
    broker: string,
    filter: string,
    given: { backupPath?: string } | undefined,
  ): Promise<ClearReport | undefined> {
    const options = await optionsOf(broker);
    if (!options) return undefined;
    try {
      const found = await discover(options, broker, filter);
      if (found.ended === 'cancelled') return undefined;
      if (found.messages.length === 0) {
        void vscode.window.showInformationMessage(`Nothing is retained under ${filter} on ${broker}.`);
        return emptyReport(broker, filter, options);
      }
      if (!found.complete)
        void vscode.window.showWarningMessage(
          `Only part of what ${broker} retains under ${filter} was found (${found.ended}): the rest is not cleared.`,
        );
      let topics = found.messages.map((m) => m.topic);
      let backupPath = given?.backupPath ?? backupPathFor(broker);
      if (!given) {
        const picked = await preview(broker, filter, found.messages);
        if (!picked?.length) return undefined;
        topics = picked;
        const choice = await confirm(
          broker,
          topics.length,
          `Clear ${plural(topics.length, 'retained message')} on ${broker}?`,
          `Each topic gets an empty retained message: current subscribers receive it, and new ones get nothing. ${nameSome(topics)}.\n\nBack Up and Clear first saves them to a file that Restore Retained Messages puts back.`,
          ['Back Up and Clear', 'Clear Without Backup'],
        );
        if (!choice) return undefined;
        if (choice === 'Clear Without Backup') backupPath = '';
      }
      const chosen = new Set(topics);
      const kept = found.messages.filter((m) => chosen.has(m.topic));
      const report = await withSendProgress(`Clearing ${plural(kept.length, 'retained message')} on ${broker}`, (o) =>
        backUpAndClear(options, { broker, filter, messages: kept, ...(backupPath ? { backupPath } : {}) }, o),
      );
      showResult(report);
      return report;
    } catch (error) {
      failed(`Could not clear the retained messages of ${filter} on ${broker}`, error);
      return undefined;
    }
  }

  async function restore(broker: string | undefined, file: string, given: boolean): Promise<RestoreReport | undefined> {
    let backup: RetainedBackup;
    try {
      backup = await readBackup(file);
    } catch (error) {
      failed(`${path.basename(file)} is not a retained-message backup`, error);
      return undefined;
    }
    // The broker it came from first.
    const names = manager.profiles
      .map((p) => p.name)
      .sort((a, b) => Number(b === backup.broker) - Number(a === backup.broker));
    const target =
      broker ??
      (names.length <= 1
        ? names[0]
        : await vscode.window.showQuickPick(names, { placeHolder: `Restore into (backed up from ${backup.broker})` }));
    if (!target) return undefined;
    const count = backup.messages.length;
    if (
      !given &&
      !(await confirm(
        target,
        count,
        `Restore ${plural(count, 'retained message')} into ${target}?`,
        `Backed up from ${backup.broker} (${backup.filter}) on ${new Date(backup.time).toLocaleString()}. They replace what ${target} retains on those topics now, and current subscribers receive them.`,
        ['Restore'],
      ))
    )
      return undefined;
    const options = await optionsOf(target);
    if (!options) return undefined;
    try {
      const report = await withSendProgress(`Restoring ${plural(count, 'retained message')} into ${target}`, (o) =>
        restoreRetained(options, target, backup, o),
      );
      const { text, success } = describeRestore(report, target);
      output.info(`restore ${file}: ${text}`);
      if (success) void vscode.window.showInformationMessage(text);
      else void vscode.window.showWarningMessage(text);
      return report;
    } catch (error) {
      failed(`Could not restore ${path.basename(file)} into ${target}`, error);
      return undefined;
    }
  }

  const invalidTopic = (topic: string) => topicRefusal(topic, 'name');

  const api: RetainedApi = {
    discover: async (name, filter) => {
      const options = await optionsOf(name);
      if (!options) return [];
      const found = await discoverRetained(options, filter, { qos: 0 });
      return found.messages.map((m) => ({ topic: m.topic, size: m.payload.length }));
    },
    clear: (name, filter, o) => clear(name, filter, confirmedBy(o)),
    restore: (name, backupPath) => restore(name, backupPath, true),
  };

  const disposables: vscode.Disposable[] = [
    // One topic: a Topics view item, `{broker, topic}`, or (broker, topic, {confirm: false, backupPath?}).
    command('mqttWorkbench.clearRetained', async (arg?: unknown, topicArg?: unknown, more?: unknown) => {
      const item = topicArgument(arg);
      const broker = item?.broker ?? (await deps.pickBroker(arg));
      if (!broker) return undefined;
      const topic =
        item?.topic ??
        (typeof topicArg === 'string'
          ? topicArg
          : await vscode.window.showInputBox({
              title: `Clear a retained message on ${broker}`,
              prompt: 'Topic (no wildcards)',
              validateInput: (t) => invalidTopic(t) ?? null,
            }));
      if (topic === undefined) return undefined;
      const why = invalidTopic(topic);
      if (why) {
        void vscode.window.showErrorMessage(`Not a topic: ${why}`);
        return undefined;
      }
      return clear(broker, topic, confirmedBy(item ? topicArg : more));
    }),
    // A subtree (`path/#` from a Topics view item) or any filter, `+` included.
    command('mqttWorkbench.clearRetainedUnder', async (arg?: unknown, filterArg?: unknown, more?: unknown) => {
      const item = fromTopic(arg);
      const broker = item?.broker ?? (await deps.pickBroker(arg));
      if (!broker) return undefined;
      const filter = await askFilter(
        item ? undefined : filterArg,
        item?.filter,
        `Clear retained messages on ${broker}`,
      );
      if (filter === undefined) return undefined;
      return clear(broker, filter, confirmedBy(item ? filterArg : more));
    }),
    command('mqttWorkbench.restoreRetained', async (brokerArg?: unknown, fileArg?: unknown, more?: unknown) => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const file =
        typeof fileArg === 'string'
          ? fileArg
          : (
              await vscode.window.showOpenDialog({
                title: 'Restore Retained Messages from a Backup',
                filters: { 'Retained-message backup': ['json'] },
                canSelectMany: false,
                ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, '.vscode', 'mqtt-backups') } : {}),
              })
            )?.[0]?.fsPath;
      if (!file) return undefined;
      return restore(typeof brokerArg === 'string' ? brokerArg : undefined, file, confirmedBy(more) !== undefined);
    }),
  ];

  // In code: a published topic without wildcards or placeholders that a connected broker has seen retained.
  const topicAt = deps.code?.topicAt;
  if (topicAt)
    disposables.push(
      vscode.languages.registerCodeActionsProvider(
        Object.keys(SOURCE_LANGUAGES).map((language) => ({ language })),
        {
          async provideCodeActions(document, range) {
            const connected = manager.connected;
            if (connected.length === 0) return [];
            const site = await topicAt(document.uri.toString(), range.start);
            if (!site || site.role !== 'publish' || /[+#{]/.test(site.display) || site.pattern !== site.display)
              return [];
            return connected
              .filter((p) => {
                const node = manager.tree(p.name)?.nodeFor(site.pattern);
                return node?.last?.retain || node?.history.some((m) => m.retain);
              })
              .map((p) => {
                const action = new vscode.CodeAction(
                  `Clear retained messages of this topic on ${p.name}`,
                  vscode.CodeActionKind.Empty,
                );
                action.command = {
                  title: action.title,
                  command: 'mqttWorkbench.clearRetained',
                  arguments: [{ broker: p.name, topic: site.pattern }],
                };
                return action;
              });
          },
        },
      ),
    );

  return { api, disposables };
}

function emptyReport(broker: string, filter: string, options: ConnectionOptions): ClearReport {
  return {
    broker,
    filter,
    planned: 0,
    cleared: [],
    denied: [],
    remaining: [],
    unverified: [],
    notAttempted: [],
    cancelled: false,
    denialsReported: options.protocolVersion === 5,
  };
}
