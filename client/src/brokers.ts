/**
 * The broker half's wiring in VS Code: profiles from settings, passwords in SecretStorage (never in
 * settings, logs or state), the views, the status bar, the commands and the API. Owns its parts: the
 * returned disposable disconnects everything.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StateChange } from './broker/connection';
import { BrokerManager } from './broker/manager';
import { type BrokerProfile, parseProfiles, randomClientId } from './broker/profiles';
import { topicRefusal } from '../../common/src/topics';
import { parsePublishProperties, PROPERTY_HELP, type PublishProperties } from './core/publishProperties';
import { payloadText } from './core/text';
import { guardedCommands } from './guarded';
import { registerBrokerStatus, type SysApi } from './brokerStatus';
import type { RenderedMessage } from './core/payload';
import type { KeptMessage } from './core/topicTree';
import { MessageFormats } from './messageFormats';
import { registerRecordingCommands } from './recording';
import { registerRetainedCommands, type RetainedApi } from './retainedCommands';
import { type CodeIndex, parseTopicUri, registerTopicCommands, topicArgument, topicUri } from './topicCommands';
import { profileWarnings } from './broker/profiles';
import {
  type BrokerElement,
  BrokersView,
  BrokerStatus,
  type CodeSummary,
  escapeMarkdown,
  previewOf,
  type TopicElement,
  TopicsView,
} from './views/brokerViews';

const MESSAGE_SCHEME = 'mqtt-message';

/** The read-only document of a topic's last message: `mqtt-message:/<broker>/<topic>`. */
export function messageUri(broker: string, topic: string): vscode.Uri {
  return topicUri(MESSAGE_SCHEME, broker, topic);
}

/** What the API reports of a topic (`topics.snapshot`). */
export interface TopicSnapshot {
  topic: string;
  retained: boolean;
  qos: number;
  count: number;
  size: number;
  preview: string;
}

/** What the connected brokers have seen of a topic pattern, as markdown for a hover (undefined: nothing). */
export type LiveHover = (pattern: string) => vscode.MarkdownString | undefined;

/** The broker side as started: the API other extensions get, and what deactivate alone waits for. */
export interface StartedBrokers {
  api: BrokersApi;
  /** Recordings closed, connections ended. */
  shutdown(): Promise<void>;
}

export interface BrokersApi {
  brokers: {
    connect(name: string): Promise<StateChange>;
    disconnect(name: string): Promise<void>;
    state(name: string): StateChange;
    /** A connected broker's subscriptions, with what the broker granted each (a QoS, or a reason code above 2). */
    subscriptions(name: string): { topic: string; qos: number; granted: number | undefined }[];
    /** The names of the brokers connected now. */
    readonly connected: string[];
  };
  topics: {
    snapshot(name: string): TopicSnapshot[];
    /**
     * The rows the Topics view shows under a topic level ('' for the broker's root), as VS Code gets them:
     * for tests and for extensions that want to know what the user sees.
     */
    rows(name: string, level?: string): Promise<{ path: string; description: string; contextValue: string }[]>;
    /** The topics selected in the Topics view. */
    readonly selection: { broker: string; topic: string }[];
  };
  /** The Broker Status view's `$SYS` readings: `sys.snapshot(name)`, `sys.rows(name)`. */
  sys: SysApi;
  /** The status bar text (tests read it). */
  readonly statusText: string;
  /** The live part of a topic hover in code. */
  readonly liveHover: LiveHover;
  /** Discover, clear (backed up, verified) and restore retained messages. */
  retained: RetainedApi;
}

const secretKey = (profile: BrokerProfile) => `mqttWorkbench.password/${profile.name}/${profile.url}`;
const passphraseKey = (profile: BrokerProfile) => `mqttWorkbench.passphrase/${profile.name}/${profile.tls.key ?? ''}`;

export function startBrokers(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  code?: CodeIndex,
): StartedBrokers {
  /** A profile's file path: absolute, or relative to the first workspace folder. */
  const resolvePath = (file: string) => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return path.isAbsolute(file) || !folder ? file : path.join(folder, file);
  };
  const command = guardedCommands(output);
  /** A secret from SecretStorage, or asked for (masked) and stored there; undefined when the user cancels. */
  const secret = async (key: string, title: string, lead: string): Promise<string | undefined> => {
    const stored = await context.secrets.get(key);
    if (stored !== undefined) return stored;
    const typed = await vscode.window.showInputBox({
      title,
      prompt: `${lead} VS Code’s secret storage, never in settings.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (typed !== undefined) await context.secrets.store(key, typed);
    return typed;
  };
  const manager = new BrokerManager({
    password: (profile) =>
      secret(secretKey(profile), `Password for ${profile.username ?? ''} on ${profile.name}`, 'Kept in'),
    passphrase: (profile) =>
      secret(
        passphraseKey(profile),
        `Passphrase of the client key of ${profile.name}`,
        'The key file is encrypted. Kept in',
      ),
    // A profile may come from the workspace's settings: its files are the workspace's, read only when trusted.
    readFile: async (file) => {
      if (!vscode.workspace.isTrusted)
        throw new Error(`Restricted Mode: ${file} is not read until you trust this workspace.`);
      return vscode.workspace.fs.readFile(vscode.Uri.file(resolvePath(file)));
    },
  });

  const clientIds = new Map<string, string>();
  const loadProfiles = () => {
    const { profiles, problems } = parseProfiles(
      vscode.workspace.getConfiguration('mqttWorkbench').get('brokers'),
      // One random client id per profile name for the window's life: reading the settings again keeps it.
      (name) => clientIds.get(name) ?? clientIds.set(name, randomClientId()).get(name)!,
    );
    for (const problem of problems) output.warn(problem);
    void manager.setProfiles(profiles);
  };
  loadProfiles();

  const messageFormats = new MessageFormats(output);
  const recordings = registerRecordingCommands(manager, output, context);
  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= recordings.stop().then(() => manager.dispose()));
  const retained = registerRetainedCommands({ manager, output, context, code, pickBroker: (arg) => pickBroker(arg) });
  const brokersView = new BrokersView(manager);
  const topicsView = new TopicsView(manager, async (topics) => {
    const answer = await code?.topicSites(topics, 1000);
    if (!answer || 'refused' in answer) return undefined;
    const summaries = new Map<string, CodeSummary>(
      answer.topics.map((t) => [t.topic, { publishers: t.publishers.length, subscribers: t.subscribers.length }]),
    );
    return { files: answer.files, complete: answer.complete, summaries };
  });
  const status = new BrokerStatus(manager);
  const sysStatus = registerBrokerStatus(manager, output);
  const topicsTree = vscode.window.createTreeView<TopicElement>('mqttWorkbench.topics', {
    treeDataProvider: topicsView,
    showCollapseAll: true,
  });
  const brokersTree = vscode.window.createTreeView<BrokerElement>('mqttWorkbench.brokers', {
    treeDataProvider: brokersView,
  });
  topicsView.visible = topicsTree.visible;

  // State transitions go to the log (no secrets: names, urls and reasons only); failures are said once.
  const lastState = new Map<string, string>();
  const transitions = manager.onDidChange((name, kind) => {
    if (!name || kind !== 'state') return;
    const { state, failure } = manager.state(name);
    if (lastState.get(name) === state) return;
    lastState.set(name, state);
    output.info(`broker ${name}: ${state}${failure ? ` (${failure.kind}: ${failure.message})` : ''}`);
    if (state === 'failed' && failure) void explain(name, failure.kind, failure.message);
    const profile = manager.profile(name);
    if (state === 'connected' && profile && !warned.has(name)) {
      // Said once per window: a risk taken on purpose should not nag at every reconnect.
      warned.add(name);
      for (const warning of profileWarnings(profile)) {
        output.warn(warning);
        void vscode.window.showWarningMessage(warning, 'Edit Profile').then((choice) => {
          if (choice) void vscode.commands.executeCommand('mqttWorkbench.editBroker', name);
        });
      }
    }
  });
  const warned = new Set<string>();
  const messageChanged = new vscode.EventEmitter<vscode.Uri>();
  // Opening a message asks for its text (the document) and its language: one decoding serves both.
  let lastRendered: { message: KeptMessage; rendered: Promise<RenderedMessage> } | undefined;
  const renderOnce = (topic: string, message: KeptMessage) => {
    if (lastRendered?.message !== message) lastRendered = { message, rendered: messageFormats.render(topic, message) };
    return lastRendered.rendered;
  };

  async function explain(name: string, kind: string, message: string): Promise<void> {
    const profile = manager.profile(name);
    const actions =
      kind === 'auth' && profile?.username !== undefined
        ? ['Enter Password Again']
        : kind === 'passphrase'
          ? ['Enter Passphrase Again']
          : kind === 'client-id'
            ? ['Connect with a Random Client ID']
            : [];
    const choice = await vscode.window.showErrorMessage(`${name}: ${message}`, ...actions);
    if (!choice || !profile) return;
    try {
      if (choice === 'Enter Password Again') await context.secrets.delete(secretKey(profile));
      if (choice === 'Enter Passphrase Again') await context.secrets.delete(passphraseKey(profile));
      // A random id for this connection only: the profile keeps its own (a fixed id may be what the ACL expects).
      await manager.connect(name, choice === 'Connect with a Random Client ID' ? { clientId: randomClientId() } : {});
    } catch (error) {
      output.error(`connecting ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const pickBroker = async (arg: unknown): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    if (arg && typeof arg === 'object' && 'name' in arg && typeof arg.name === 'string') return arg.name;
    const names = manager.profiles.map((p) => p.name);
    if (names.length <= 1) return names[0];
    return vscode.window.showQuickPick(names, { placeHolder: 'Broker' });
  };

  // Profiles live where the user put them: the workspace's own list (shared with the team) or the user's; a
  // change writes back only the list it concerns, never copying the user's profiles into the workspace.
  const scopes = () => {
    const inspected = vscode.workspace.getConfiguration('mqttWorkbench').inspect<unknown[]>('brokers');
    const workspace = vscode.workspace.workspaceFolders?.length ? (inspected?.workspaceValue ?? []) : undefined;
    return { workspace, user: inspected?.globalValue ?? [] };
  };
  const nameOf = (p: unknown) => (p && typeof p === 'object' && 'name' in p ? String(p.name).trim() : undefined);
  const writeProfiles = (list: unknown[], target: vscode.ConfigurationTarget) =>
    vscode.workspace.getConfiguration('mqttWorkbench').update('brokers', list, target);
  const rawProfiles = () => [...(vscode.workspace.getConfiguration('mqttWorkbench').get<unknown[]>('brokers') ?? [])];

  context.subscriptions.push(
    messageFormats,
    brokersView,
    topicsView,
    status,
    topicsTree,
    transitions,
    brokersTree,
    topicsTree.onDidChangeVisibility((e) => {
      topicsView.visible = e.visible;
      if (e.visible) topicsView.invalidate();
    }),
    ...registerTopicCommands({ manager, topicsView, topicsTree, code, pickBroker, command }),
    ...sysStatus.disposables,
    ...retained.disposables,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mqttWorkbench.brokers')) loadProfiles();
    }),
    // Guided: name, URL, username (optional), subscriptions; arguments skip the questions (tests, other extensions).
    command('mqttWorkbench.addBroker', async (nameArg?: unknown, urlArg?: unknown, more?: Record<string, unknown>) => {
      const taken = new Set([
        ...manager.profiles.map((p) => p.name),
        ...rawProfiles().flatMap((p) => (p && typeof p === 'object' && 'name' in p ? [String(p.name)] : [])),
      ]);
      const checkName = (v: string) =>
        !v.trim() ? 'A name, to tell brokers apart' : taken.has(v.trim()) ? `"${v.trim()}" exists already` : undefined;
      const checkUrl = (v: string) =>
        /^(mqtts?|wss?):\/\/[^/\s]/.test(v.trim()) ? undefined : 'Start with mqtt://, mqtts://, ws:// or wss://';
      const ask = async (arg: unknown, options: vscode.InputBoxOptions) =>
        typeof arg === 'string' ? arg : vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
      const name = await ask(nameArg, {
        title: 'Add Broker (1/4)',
        prompt: 'A name for this broker',
        validateInput: (v) => checkName(v) ?? null,
      });
      if (name === undefined || checkName(name)) return false;
      const url = await ask(urlArg, {
        title: 'Add Broker (2/4)',
        prompt: 'Its URL: mqtt://, mqtts:// (TLS), ws:// or wss://',
        value: 'mqtt://127.0.0.1:1883',
        validateInput: (v) => checkUrl(v) ?? null,
      });
      if (url === undefined || checkUrl(url)) return false;
      const extra: Record<string, unknown> = { ...more };
      if (!more) {
        const username = await ask(undefined, {
          title: 'Add Broker (3/4)',
          prompt: 'Username (empty: none). The password is asked on the first connect and kept in secret storage.',
        });
        if (username === undefined) return false;
        if (username.trim()) extra['username'] = username.trim();
        const subscriptions = await ask(undefined, {
          title: 'Add Broker (4/4)',
          prompt: 'Topic filters to subscribe to, separated by spaces (# is every topic)',
          value: '#',
          validateInput: (v) =>
            v
              .split(/\s+/)
              .filter(Boolean)
              .map((f) => topicRefusal(f, 'filter'))
              .find(Boolean) ?? null,
        });
        if (subscriptions === undefined) return false;
        extra['subscriptions'] = subscriptions.split(/\s+/).filter(Boolean);
      }
      // A new profile goes to the workspace when a folder is open (shareable: it holds no secret), else the user's.
      const { workspace, user } = scopes();
      const profile = { name: name.trim(), url: url.trim(), ...extra };
      if (workspace) await writeProfiles([...workspace, profile], vscode.ConfigurationTarget.Workspace);
      else await writeProfiles([...user, profile], vscode.ConfigurationTarget.Global);
      return true;
    }),
    command('mqttWorkbench.removeBroker', async (arg: unknown) => {
      const name = await pickBroker(arg);
      if (!name) return;
      const sure = await vscode.window.showWarningMessage(
        `Remove the broker profile "${name}"?`,
        { modal: true },
        'Remove',
      );
      if (sure !== 'Remove') return;
      await manager.disconnect(name);
      const { workspace, user } = scopes();
      if (workspace?.some((p) => nameOf(p) === name))
        await writeProfiles(
          workspace.filter((p) => nameOf(p) !== name),
          vscode.ConfigurationTarget.Workspace,
        );
      if (user.some((p) => nameOf(p) === name))
        await writeProfiles(
          user.filter((p) => nameOf(p) !== name),
          vscode.ConfigurationTarget.Global,
        );
    }),
    command('mqttWorkbench.connect', async (arg: unknown) => {
      const name = await pickBroker(arg);
      if (name) return manager.connect(name);
      return undefined;
    }),
    command('mqttWorkbench.disconnect', async (arg: unknown) => {
      const name = await pickBroker(arg);
      if (name) await manager.disconnect(name);
    }),
    command('mqttWorkbench.forgetPassword', async (arg: unknown) => {
      const profile = manager.profile((await pickBroker(arg)) ?? '');
      if (profile) await Promise.all([secretKey, passphraseKey].map((key) => context.secrets.delete(key(profile))));
    }),
    messageChanged,
    vscode.workspace.registerTextDocumentContentProvider(MESSAGE_SCHEME, {
      onDidChange: messageChanged.event,
      async provideTextDocumentContent(uri) {
        const { broker, topic } = parseTopicUri(uri);
        const last = manager.tree(broker)?.nodeFor(topic)?.last;
        return last ? (await renderOnce(topic, last)).text : `# no message on ${topic} (${broker} not connected?)\n`;
      },
    }),
    command('mqttWorkbench.openMessage', async (arg: unknown) => {
      const at = topicArgument(arg);
      const last = at && manager.tree(at.broker)?.nodeFor(at.topic)?.last;
      if (!at || !last) return undefined;
      // Opened again while open: show the message of now, not the one the document was made with.
      messageChanged.fire(messageUri(at.broker, at.topic));
      const doc = await vscode.workspace.openTextDocument(messageUri(at.broker, at.topic));
      const { language } = await renderOnce(at.topic, last);
      lastRendered = undefined; // later reads decode afresh (the payload formats may have changed)
      await vscode.languages.setTextDocumentLanguage(doc, language);
      return vscode.window.showTextDocument(doc, { preview: true });
    }),
    command('mqttWorkbench.copyTopic', async (arg: unknown) => {
      const at = topicArgument(arg);
      if (at) await vscode.env.clipboard.writeText(at.topic);
    }),
    command('mqttWorkbench.copyPayload', async (arg: unknown) => {
      const at = topicArgument(arg);
      const last = at && manager.tree(at.broker)?.nodeFor(at.topic)?.last;
      if (!last) return;
      const text = payloadText(last.preview, last.size > last.preview.length);
      if (text === undefined) {
        void vscode.window.showWarningMessage(
          'This payload is binary: use Open Message for its hex dump, or Copy as mosquitto_pub Command.',
        );
        return;
      }
      await vscode.env.clipboard.writeText(text);
      if (last.size > last.preview.length)
        void vscode.window.showWarningMessage(
          `Copied the first ${last.preview.length} of ${last.size} bytes (the part kept).`,
        );
    }),
    command(
      'mqttWorkbench.publish',
      async (
        brokerArg?: unknown,
        topicArg?: unknown,
        payloadArg?: unknown,
        qosArg?: unknown,
        retainArg?: unknown,
        propertiesArg?: unknown,
      ) => {
        const fromItem = topicArgument(brokerArg);
        const broker = fromItem?.broker ?? (typeof brokerArg === 'string' ? brokerArg : await pickBroker(undefined));
        const connection = broker ? manager.connection(broker) : undefined;
        if (!broker || connection?.state.state !== 'connected') {
          void vscode.window.showWarningMessage('Connect to a broker first (Brokers view).');
          return false;
        }
        const invalid = (topic: string) => topicRefusal(topic, 'name');
        // An argument given (tests, other extensions, keybindings) is used as is; otherwise the user is asked.
        const given = async (arg: unknown, options: vscode.InputBoxOptions) =>
          typeof arg === 'string' ? arg : vscode.window.showInputBox(options);
        const topic = await given(topicArg, {
          title: `Publish to ${broker}`,
          prompt: 'Topic',
          value: fromItem?.topic ?? '',
          validateInput: (t) => invalid(t) ?? null,
        });
        if (topic === undefined) return false;
        const reason = invalid(topic);
        if (reason) {
          void vscode.window.showErrorMessage(`Not published: ${reason}`);
          return false;
        }
        const selection = vscode.window.activeTextEditor?.selection;
        const selected =
          selection && !selection.isEmpty ? vscode.window.activeTextEditor?.document.getText(selection) : undefined;
        const payload = await given(payloadArg, {
          title: `Publish to ${topic}`,
          prompt: 'Payload',
          value: selected ?? '',
        });
        if (payload === undefined) return false;
        const picked =
          qosArg === 0 || qosArg === 1 || qosArg === 2
            ? qosArg
            : Number((await vscode.window.showQuickPick(['0', '1', '2'], { title: 'QoS' })) ?? '0');
        const qos = picked === 1 || picked === 2 ? picked : 0;
        const retain =
          typeof retainArg === 'boolean'
            ? retainArg
            : ((
                await vscode.window.showQuickPick(
                  [
                    { label: 'Not retained', retain: false },
                    {
                      label: 'Retained',
                      detail:
                        'The broker keeps it for every future subscriber until an empty retained message clears it.',
                      retain: true,
                    },
                  ],
                  { title: 'Retain' },
                )
              )?.retain ?? false);
        // On a production broker a retained message (an empty one clears what is there) is asked for twice.
        if (retain && manager.profile(broker)?.production) {
          const sure = await vscode.window.showWarningMessage(
            `Publish a retained message to ${topic} on the production broker "${broker}"?`,
            {
              modal: true,
              detail:
                payload.length === 0
                  ? 'An empty retained message deletes the message retained on this topic, for every subscriber.'
                  : 'Every client that subscribes later receives it, until an empty retained message clears it.',
            },
            'Publish',
          );
          if (sure !== 'Publish') return false;
        }
        // MQTT 5 properties, on an MQTT 5 profile: typed in one line (empty: none), or given as a string argument.
        let properties: PublishProperties | undefined;
        if (
          manager.profile(broker)?.protocolVersion === 5 &&
          (propertiesArg !== undefined || typeof payloadArg !== 'string')
        ) {
          const invalidProperties = (text: string) => {
            const parsed = parsePublishProperties(text);
            return 'problem' in parsed ? parsed.problem : undefined;
          };
          const line = await given(propertiesArg, {
            title: 'MQTT 5 properties (optional)',
            prompt: `Empty for none, or for example: ${PROPERTY_HELP}`,
            validateInput: (text) => invalidProperties(text) ?? null,
          });
          if (line === undefined) return false;
          const parsed = parsePublishProperties(line);
          if ('problem' in parsed) {
            void vscode.window.showErrorMessage(`Not published: ${parsed.problem}`);
            return false;
          }
          if (Object.keys(parsed.properties).length) properties = parsed.properties;
        }
        const { correlationData, ...rest } = properties ?? {};
        await connection.publish(topic, payload, {
          qos,
          retain,
          ...(properties
            ? { properties: { ...rest, ...(correlationData ? { correlationData: Buffer.from(correlationData) } : {}) } }
            : {}),
        });
        output.info(
          `published ${payload.length} characters to ${topic} on ${broker} (qos ${qos}${retain ? ', retained' : ''})`,
        );
        return true;
      },
    ),
    { dispose: () => void shutdown() },
  );

  const api: BrokersApi = {
    brokers: {
      connect: (name) => manager.connect(name),
      disconnect: (name) => manager.disconnect(name),
      state: (name) => manager.state(name),
      subscriptions: (name) => manager.connection(name)?.subscriptions ?? [],
      get connected() {
        return manager.connected.map((p) => p.name);
      },
    },
    topics: {
      snapshot: (name) => {
        const tree = manager.tree(name);
        if (!tree) return [];
        return [...tree.topicsBelow(tree.root), ...tree.topicsBelow(tree.system)].map((node) => ({
          topic: node.path,
          retained: node.last?.retain ?? false,
          qos: node.last?.qos ?? 0,
          count: node.count,
          size: node.last?.size ?? 0,
          preview: node.last ? previewOf(node.last.preview, node.last.size) : '',
        }));
      },
      rows: async (name, level = '') => {
        const tree = manager.tree(name);
        const node = tree && (level ? tree.nodeFor(level) : tree.root);
        if (!node) return [];
        const children = await topicsView.getChildren(topicsView.elementOf(name, node));
        return children.map((element) => {
          const item = topicsView.getTreeItem(element);
          return {
            path: element.more ? `${element.node.path} (more)` : element.node.path,
            description: typeof item.description === 'string' ? item.description : '',
            contextValue: item.contextValue ?? '',
          };
        });
      },
      get selection() {
        return topicsTree.selection.map((e) => ({ broker: e.broker, topic: e.node.path }));
      },
    },
    sys: sysStatus.api,
    get statusText() {
      return status.text;
    },
    liveHover: (pattern) => liveMarkdown(manager, pattern),
    retained: retained.api,
  };
  return { api, shutdown };
}

/** Up to this many live topics are listed in a hover. */
const LIVE_LIMIT = 5;

/** The live topics matching a pattern on every connected broker, as markdown (text escaped, code as code). */
function liveMarkdown(manager: BrokerManager, pattern: string): vscode.MarkdownString | undefined {
  const lines: string[] = [];
  for (const profile of manager.active) {
    const tree = manager.tree(profile.name);
    if (!tree || manager.state(profile.name).state !== 'connected') continue;
    let matched = 0;
    const shown: string[] = [];
    for (const node of tree.matching(pattern)) {
      matched++;
      if (shown.length < LIVE_LIMIT && node.last) {
        const value = previewOf(node.last.preview, node.last.size).replace(/`/g, "'");
        shown.push(
          `- \`${node.path.replace(/`/g, "'")}\` = \`${value}\`${node.last.retain ? ' (retained)' : ''}, ${node.count} message${node.count === 1 ? '' : 's'}`,
        );
      }
    }
    lines.push(
      matched
        ? `**Live on ${escapeMarkdown(profile.name)}**: ${matched} topic${matched === 1 ? '' : 's'}\n\n${shown.join('\n')}${matched > shown.length ? '\n- ...' : ''}`
        : `**Live on ${escapeMarkdown(profile.name)}**: no message seen on this topic since connecting`,
    );
  }
  if (lines.length === 0) return undefined;
  const reveal = `command:mqttWorkbench.revealTopic?${encodeURIComponent(JSON.stringify([pattern]))}`;
  lines.push(`[Reveal in the Topics view](${reveal})`);
  const markdown = new vscode.MarkdownString(lines.join('\n\n'));
  // Only this one command may run from the hover; the text around it is escaped.
  markdown.isTrusted = { enabledCommands: ['mqttWorkbench.revealTopic'] };
  return markdown;
}
