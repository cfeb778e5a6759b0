/**
 * The Topics and Brokers views' commands beyond connecting: filter, history, code sites of a live topic and
 * live evidence for subscriptions in code, reveal, subscriptions while connected, copy as a command line,
 * edit a profile. Each translates between VS Code and the manager, the core and the language server.
 */
import * as vscode from 'vscode';
import type { CodeSite, CodeSubscriptionsResult, TopicAt, TopicSitesResult } from '../../common/src/protocol';
import { topicRefusal, topicMatches } from '../../common/src/topics';
import type { BrokerManager } from './broker/manager';
import type { CommandRegistrar } from './guarded';
import { explainGrant } from './core/connectionPolicy';
import { mosquittoPubCommand } from './core/mosquittoPub';
import { renderHistory } from './core/history';
import type { TopicNode } from './core/topicTree';
import { type SubscriptionElement, type TopicElement, type TopicsView } from './views/brokerViews';

/** What the broker side asks the language server (undefined: no server, or no answer). */
export interface CodeIndex {
  topicSites(topics: string[], limit?: number): Promise<TopicSitesResult | undefined>;
  subscriptions(): Promise<CodeSubscriptionsResult | undefined>;
  /** The topic written at a position of a document (null: none there). */
  topicAt?(uri: string, position: { line: number; character: number }): Promise<TopicAt | null | undefined>;
}

/** A command's topic argument: a Topics view element, or `{ broker, topic }` (tests, other extensions). */
export function topicArgument(arg: unknown): { broker: string; topic: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Partial<TopicElement> & { broker?: unknown; topic?: unknown };
  if (typeof a.broker !== 'string') return undefined;
  if (typeof a.topic === 'string') return { broker: a.broker, topic: a.topic };
  return a.node ? { broker: a.broker, topic: a.node.path } : undefined;
}

const HISTORY_SCHEME = 'mqtt-history';
/**
 * A read-only document about one topic: `<scheme>:/<broker>/<topic>`, the topic's levels as the path's (so the
 * editor's tab shows the last level and, beside it, the levels above).
 */
export const topicUri = (scheme: string, broker: string, topic: string): vscode.Uri =>
  vscode.Uri.from({ scheme, path: `/${encodeURIComponent(broker)}/${topic}` });

/** The broker and topic of a `topicUri`. */
export function parseTopicUri(uri: vscode.Uri): { broker: string; topic: string } {
  const [, broker = '', ...levels] = uri.path.split('/');
  return { broker: decodeURIComponent(broker), topic: levels.join('/') };
}

const historyUri = (broker: string, topic: string) => topicUri(HISTORY_SCHEME, broker, topic);

const relative = (uri: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri));

/** Open one site, or let the user pick among several. */
async function openSites(sites: CodeSite[], title: string): Promise<void> {
  const open = (site: CodeSite) =>
    vscode.window.showTextDocument(vscode.Uri.parse(site.uri), {
      selection: new vscode.Range(
        site.range.start.line,
        site.range.start.character,
        site.range.end.line,
        site.range.end.character,
      ),
    });
  if (sites.length === 1) {
    await open(sites[0]!);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    sites.map((site) => ({
      label: site.display,
      description: site.role,
      detail: `${relative(site.uri)}:${site.range.start.line + 1}`,
      site,
    })),
    { title, matchOnDetail: true },
  );
  if (picked) await open(picked.site);
}

export function registerTopicCommands(deps: {
  manager: BrokerManager;
  topicsView: TopicsView;
  topicsTree: vscode.TreeView<TopicElement>;
  code: CodeIndex | undefined;
  pickBroker(arg: unknown): Promise<string | undefined>;
  command: CommandRegistrar;
}): vscode.Disposable[] {
  const { manager, topicsView, topicsTree, code, command } = deps;
  const historyChanged = new vscode.EventEmitter<vscode.Uri>();
  const invalidFilter = (filter: string) => topicRefusal(filter, 'filter');

  const setFilter = async (filter: string | undefined) => {
    topicsView.setFilter(filter);
    topicsTree.description = filter ? `filter: ${filter}` : undefined;
    await vscode.commands.executeCommand('setContext', 'mqttWorkbench.topicsFiltered', filter !== undefined);
  };

  return [
    historyChanged,
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, {
      onDidChange: historyChanged.event,
      provideTextDocumentContent(uri) {
        const { broker, topic } = parseTopicUri(uri);
        return renderHistory(topic, manager.tree(broker)?.nodeFor(topic));
      },
    }),
    command('mqttWorkbench.showHistory', async (arg: unknown) => {
      const at = topicArgument(arg);
      if (!at) return undefined;
      // Opened again while open: the history of now.
      historyChanged.fire(historyUri(at.broker, at.topic));
      const doc = await vscode.workspace.openTextDocument(historyUri(at.broker, at.topic));
      return vscode.window.showTextDocument(doc, { preview: true });
    }),
    command('mqttWorkbench.filterTopics', async (arg: unknown) => {
      const filter =
        typeof arg === 'string'
          ? arg
          : await vscode.window.showInputBox({
              title: 'Filter Topics',
              prompt: 'A topic filter: + matches one level, # every level below (empty: show all)',
              value: topicsView.filter ?? '',
              validateInput: (f) => (f ? (invalidFilter(f) ?? null) : null),
            });
      if (filter === undefined) return false;
      const reason = filter ? invalidFilter(filter) : undefined;
      if (reason) {
        void vscode.window.showErrorMessage(`Not a topic filter: ${reason}`);
        return false;
      }
      await setFilter(filter || undefined);
      return true;
    }),
    command('mqttWorkbench.clearTopicFilter', () => setFilter(undefined)),
    command('mqttWorkbench.showMoreTopics', (element: TopicElement) => topicsView.showMore(element)),
    // From a hover in code (a pattern, maybe with `+`) or another extension: the first live topic it matches.
    command('mqttWorkbench.revealTopic', async (arg: unknown) => {
      const wanted =
        typeof arg === 'string' ? { topic: arg } : (arg as { broker?: string; topic?: string } | undefined);
      if (!wanted?.topic) return false;
      for (const profile of manager.active) {
        if (wanted.broker && wanted.broker !== profile.name) continue;
        const tree = manager.tree(profile.name);
        const node = tree?.matching(wanted.topic).next().value ?? undefined;
        if (!tree || !node) continue;
        if (topicsView.filter && !topicMatches(topicsView.filter, node.path)) await setFilter(undefined);
        // A topic beyond a level's first page: widen every level on the way.
        for (let n: TopicNode | undefined = node; n?.parent; n = n.parent) {
          const siblings = tree.childrenOf(n.parent, 0, Infinity);
          topicsView.showAtLeast(n.parent === tree.system ? tree.root : n.parent, siblings.indexOf(n));
        }
        // The view shown first, then what changed drawn. VS Code still selects nothing when its reveal races a
        // refresh of the rows above (the row is not there yet): try again, a few times, until it is selected.
        if (!topicsTree.visible) await vscode.commands.executeCommand('mqttWorkbench.topics.focus');
        topicsView.refreshNow();
        const element = topicsView.elementOf(profile.name, node);
        for (let attempt = 0; attempt < 3; attempt++) {
          const selected = selectionOf(topicsTree, element, 1000);
          await topicsTree.reveal(element, { select: true, focus: true, expand: true });
          if (await selected) break;
        }
        return true;
      }
      void vscode.window.showInformationMessage(`No live topic matches ${wanted.topic} on the connected brokers.`);
      return false;
    }),
    command('mqttWorkbench.showCode', async (arg: unknown) => {
      const at = topicArgument(arg);
      if (!at) return [];
      const answer = await code?.topicSites([at.topic], 50);
      if (!answer || 'refused' in answer) {
        void vscode.window.showInformationMessage(
          answer && 'refused' in answer ? answer.refused : 'The language server is not running.',
        );
        return [];
      }
      const found = answer.topics[0];
      const sites = [...(found?.publishers ?? []), ...(found?.subscribers ?? [])];
      if (sites.length === 0)
        void vscode.window.showInformationMessage(
          `No code in this workspace publishes or subscribes to ${at.topic}${answer.complete ? '' : ' (the workspace is still being indexed)'}.`,
        );
      else await openSites(sites, `Code that uses ${at.topic}`);
      return sites;
    }),
    // Live evidence for the unmatched-subscription check: subscriptions in code that received nothing.
    command('mqttWorkbench.showSilentSubscriptions', async (pick: unknown = true) => {
      const connected = manager.connected;
      if (connected.length === 0) {
        void vscode.window.showWarningMessage('Connect to a broker first (Brokers view).');
        return [];
      }
      const answer = await code?.subscriptions();
      if (!answer || 'refused' in answer) {
        void vscode.window.showInformationMessage(
          answer && 'refused' in answer ? answer.refused : 'The language server is not running.',
        );
        return [];
      }
      const silent = answer.sites.filter((site) =>
        connected.every((p) => manager.tree(p.name)?.matching(site.pattern).next().done !== false),
      );
      const names = connected.map((p) => p.name).join(', ');
      if (pick === false) return silent;
      if (silent.length === 0)
        void vscode.window.showInformationMessage(
          `Every subscription in this workspace's code received messages on ${names} since connecting.`,
        );
      else
        await openSites(
          silent,
          `${silent.length} of ${answer.sites.length} subscriptions in code received nothing on ${names} since connecting`,
        );
      return silent;
    }),
    command('mqttWorkbench.copyAsMosquittoPub', async (arg: unknown) => {
      const at = topicArgument(arg);
      const profile = at && manager.profile(at.broker);
      const last = at && manager.tree(at.broker)?.nodeFor(at.topic)?.last;
      if (!at || !profile || !last) return undefined;
      const result = mosquittoPubCommand({
        url: profile.url,
        protocolVersion: profile.protocolVersion,
        topic: at.topic,
        payload: last.preview,
        qos: last.qos,
        retain: last.retain,
        username: profile.username,
        ca: profile.tls.ca,
      });
      if ('reason' in result) {
        void vscode.window.showWarningMessage(result.reason);
        return undefined;
      }
      if (last.size > last.preview.length)
        void vscode.window.showWarningMessage(
          `Only the first ${last.preview.length} of ${last.size} bytes are kept, so the command publishes those.`,
        );
      await vscode.env.clipboard.writeText(result.command);
      return result.command;
    }),
    command('mqttWorkbench.publishHere', (arg: unknown) =>
      vscode.commands.executeCommand('mqttWorkbench.publish', arg),
    ),
    command('mqttWorkbench.subscribe', async (brokerArg?: unknown, filterArg?: unknown, qosArg?: unknown) => {
      const broker = await deps.pickBroker(brokerArg);
      if (!broker || manager.state(broker).state !== 'connected') {
        void vscode.window.showWarningMessage('Connect to the broker first (Brokers view).');
        return undefined;
      }
      const filter =
        typeof filterArg === 'string'
          ? filterArg
          : await vscode.window.showInputBox({
              title: `Subscribe on ${broker}`,
              prompt: 'A topic filter (+ one level, # every level below)',
              validateInput: (f) => invalidFilter(f) ?? null,
            });
      if (!filter) return undefined;
      const reason = invalidFilter(filter);
      if (reason) {
        void vscode.window.showErrorMessage(`Not subscribed: ${reason}`);
        return undefined;
      }
      const qos =
        qosArg === 0 || qosArg === 1 || qosArg === 2
          ? qosArg
          : (
              await vscode.window.showQuickPick(
                [
                  { label: 'QoS 0', description: 'at most once', qos: 0 as const },
                  { label: 'QoS 1', description: 'at least once', qos: 1 as const },
                  { label: 'QoS 2', description: 'exactly once', qos: 2 as const },
                ],
                { title: 'QoS to ask for' },
              )
            )?.qos;
      if (qos === undefined) return undefined;
      const granted = await manager.subscribe(broker, { topic: filter, qos });
      const grant = explainGrant(qos, granted);
      if (grant.level === 'lower') void vscode.window.showWarningMessage(`${filter} on ${broker}: ${grant.text}.`);
      if (grant.level === 'refused') void vscode.window.showErrorMessage(`${filter} on ${broker}: ${grant.text}.`);
      return granted;
    }),
    command('mqttWorkbench.unsubscribe', async (arg: unknown) => {
      const sub = arg as Partial<SubscriptionElement> | undefined;
      if (typeof sub?.broker !== 'string' || typeof sub.topic !== 'string') return;
      await manager.unsubscribe(sub.broker, sub.topic);
    }),
    command('mqttWorkbench.editBroker', async (arg: unknown) => {
      const name = await deps.pickBroker(arg);
      if (!name) return;
      const inspected = vscode.workspace.getConfiguration('mqttWorkbench').inspect<unknown[]>('brokers');
      const named = (list: unknown[] | undefined) =>
        list?.some((p) => p && typeof p === 'object' && 'name' in p && p.name === name) ?? false;
      const folder = vscode.workspace.workspaceFolders?.[0];
      const file =
        named(inspected?.workspaceFolderValue) || named(inspected?.workspaceValue)
          ? (vscode.workspace.workspaceFile ?? (folder && vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json')))
          : undefined;
      if (!file) {
        await vscode.commands.executeCommand('workbench.action.openSettingsJson');
        return;
      }
      const doc = await vscode.workspace.openTextDocument(file);
      const at = doc.getText().indexOf(JSON.stringify(name));
      const start = at >= 0 ? doc.positionAt(at) : new vscode.Position(0, 0);
      await vscode.window.showTextDocument(doc, {
        selection: new vscode.Range(start, doc.positionAt(at >= 0 ? at + JSON.stringify(name).length : 0)),
      });
    }),
  ];
}

/** Resolves true once `element` is in the view's selection (as the extension host sees it), false after `ms`. */
function selectionOf<T>(view: vscode.TreeView<T>, element: T, ms: number): Promise<boolean> {
  if (view.selection.includes(element)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    };
    const timer = setTimeout(() => done(false), ms);
    const listener = view.onDidChangeSelection((e) => {
      if (e.selection.includes(element)) done(true);
    });
  });
}
