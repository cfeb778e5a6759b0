/**
 * The Brokers and Topics views and the status bar item: thin translations of the broker manager's state
 * into VS Code's shapes. Nothing here decides anything; the manager and the core do.
 */
import * as vscode from 'vscode';
import type { BrokerManager } from '../broker/manager';
import { type BrokerProfile, profileWarnings } from '../broker/profiles';
import { explainGrant } from '../core/connectionPolicy';
import { payloadText, plural } from '../core/text';
import { rateOf, type TopicNode } from '../core/topicTree';

const STATE_ICONS: Record<string, string> = {
  connected: 'pass-filled',
  connecting: 'loading~spin',
  reconnecting: 'sync~spin',
  failed: 'error',
  disconnected: 'debug-disconnect',
};

/** An element of the Brokers view: a profile, or one of a connected profile's subscriptions. */
export type BrokerElement = BrokerProfile | SubscriptionElement;

export interface SubscriptionElement {
  broker: string;
  topic: string;
  qos: 0 | 1 | 2;
  granted: number | undefined;
}

const isSubscription = (e: BrokerElement): e is SubscriptionElement => 'broker' in e;

const GRANT_ICONS = { ok: 'pass', lower: 'warning', refused: 'error', pending: 'circle-outline' } as const;

export class BrokersView implements vscode.TreeDataProvider<BrokerElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BrokerElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  private readonly countdown: NodeJS.Timeout;

  constructor(private readonly manager: BrokerManager) {
    this.subscription = manager.onDidChange((_, kind) => {
      if (kind !== 'messages') this.changed.fire(undefined);
    });
    // "next try in N s" counts down.
    this.countdown = setInterval(() => {
      if (this.manager.active.some((p) => this.manager.state(p.name).state === 'reconnecting'))
        this.changed.fire(undefined);
    }, 1000);
  }

  getChildren(element?: BrokerElement): BrokerElement[] {
    if (!element) return [...this.manager.profiles];
    if (isSubscription(element)) return [];
    const connection = this.manager.connection(element.name);
    return (connection?.subscriptions ?? []).map((s) => ({ broker: element.name, ...s }));
  }

  getParent(element: BrokerElement): BrokerElement | undefined {
    return isSubscription(element) ? this.manager.profile(element.broker) : undefined;
  }

  getTreeItem(element: BrokerElement): vscode.TreeItem {
    if (isSubscription(element)) {
      const grant = explainGrant(element.qos, element.granted);
      const item = new vscode.TreeItem(element.topic, vscode.TreeItemCollapsibleState.None);
      item.id = `${element.broker}\u0000sub\u0000${element.topic}`;
      item.description =
        grant.level === 'ok'
          ? `QoS ${element.granted ?? element.qos}`
          : grant.level === 'lower'
            ? `QoS ${element.qos} → ${element.granted ?? ''}`
            : grant.level;
      item.tooltip = grant.text;
      item.iconPath = new vscode.ThemeIcon(
        GRANT_ICONS[grant.level],
        grant.level === 'refused' ? new vscode.ThemeColor('errorForeground') : undefined,
      );
      item.contextValue = 'subscription';
      return item;
    }
    const profile = element;
    const { state, failure, nextAttemptAt } = this.manager.state(profile.name);
    const live = this.manager.connection(profile.name);
    const warnings = profileWarnings(profile);
    const item = new vscode.TreeItem(
      profile.name,
      live ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = profile.name;
    item.description =
      (state === 'reconnecting' && nextAttemptAt
        ? `reconnecting, next try in ${Math.max(1, Math.round((nextAttemptAt - Date.now()) / 1000))} s`
        : state === 'failed' && failure
          ? `failed: ${failure.kind}`
          : state) + (warnings.length ? ' ⚠' : '');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${escapeMarkdown(profile.name)}**`,
        escapeMarkdown(originOf(profile.url)),
        failure ? escapeMarkdown(failure.message) : '',
        profile.production ? '_production_' : '',
        ...warnings.map((w) => `⚠ ${escapeMarkdown(w)}`),
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(STATE_ICONS[state] ?? 'circle-outline');
    // A failed broker keeps its topics on screen until it is disconnected (or connected again): both are offered.
    item.contextValue = `broker.${state === 'failed' ? 'failed' : state === 'disconnected' ? 'off' : 'on'}`;
    return item;
  }

  dispose(): void {
    clearInterval(this.countdown);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Where a profile's URL points (scheme, host, port): what the views show of it. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

/** Markdown special characters escaped: names and messages are the user's (or a broker's) text, shown as text. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]()<>!#|~]/g, '\\$&');

/** The code on each side of a live topic, as the language server's workspace index knows it. */
export interface CodeSummary {
  publishers: number;
  subscribers: number;
}

/** Asks the language server which code meets these topics (undefined: no answer, e.g. Restricted Mode). */
export type CodeSitesSource = (
  topics: string[],
) => Promise<{ files: number; complete: boolean; summaries: Map<string, CodeSummary> } | undefined>;

/** An element of the Topics view: a topic level of one broker's tree, or the "more" row of a long level. */
export interface TopicElement {
  broker: string;
  node: TopicNode;
  /** Set on the row that shows more children of `node` when it has more than a page. */
  more?: true;
  /** On that row: how many are not shown yet (with the filter, if one is set). */
  remaining?: number;
}

/** A one-line preview of a payload: text as is (clipped), binary as its size. */
export function previewOf(bytes: Uint8Array, size: number): string {
  const head = bytes.subarray(0, 200);
  const text = payloadText(head, size > head.length);
  if (text === undefined) return `<binary, ${size} bytes>`;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line || '<empty>';
}

/** How often the Topics view may refresh while messages stream in. */
const REFRESH_MS = 500;
/** Children shown per level before a "more" row. */
const PAGE = 1000;

export class TopicsView implements vscode.TreeDataProvider<TopicElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TopicElement | TopicElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  private timer: NodeJS.Timeout | undefined;
  /** Brokers with new messages since the last refresh; `all` when the whole view must be redrawn. */
  private dirty = new Set<string>();
  private all = false;
  /** One element per node, so VS Code can refresh exactly the rows that changed (it keys rows by element). */
  private readonly elements = new WeakMap<TopicNode, TopicElement>();
  private readonly moreRows = new WeakMap<TopicNode, TopicElement>();
  /** How many children a level shows (a page more each time its "more" row is clicked). */
  private readonly shown = new WeakMap<TopicNode, number>();
  /** What the code of the workspace does with each live topic (filled as rows are shown). */
  private readonly code = new WeakMap<TopicNode, CodeSummary>();
  /** Whether the workspace has MQTT code at all: without any, "no subscriber in code" would mark everything. */
  private codeKnown = false;
  private filterText: string | undefined;
  /** With a filter: the nodes to show (matching topics and the levels above them), per broker. */
  private visibleNodes = new Map<string, Set<TopicNode>>();
  visible = true;

  constructor(
    private readonly manager: BrokerManager,
    private readonly codeSites?: CodeSitesSource,
  ) {
    this.subscription = manager.onDidChange((name, kind) => {
      if (kind === 'messages' && name) this.dirty.add(name);
      else if (kind !== 'subscriptions') this.all = true;
      this.schedule();
    });
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  /** Show only the topics a filter matches (and the levels above them); undefined shows every topic. */
  setFilter(filter: string | undefined): void {
    this.filterText = filter || undefined;
    this.all = true;
    this.refresh();
  }

  /** Refresh at most every REFRESH_MS, and not at all while the view is hidden (catch up when shown). */
  schedule(): void {
    if (this.timer || !this.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, REFRESH_MS);
  }

  /** Draw what changed now: before a reveal, so its row is drawn and no refresh comes in between. */
  refreshNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.refresh();
  }

  /** Everything is redrawn the next time (the view was hidden, or a structural change). */
  invalidate(): void {
    this.all = true;
    this.schedule();
  }

  private refresh(): void {
    if (this.filterText) this.computeVisible();
    const rows: TopicElement[] = [];
    for (const name of this.all ? this.manager.active.map((p) => p.name) : this.dirty) {
      const tree = this.manager.tree(name);
      if (!tree) continue;
      // The tree names what changed on screen: topics with a new message, the levels above new topics.
      for (const node of tree.takeChanged()) {
        // A new `$` level changes the broker's row (where `$` topics are listed).
        const element = this.elements.get(node === tree.system ? tree.root : node);
        if (element) rows.push(element);
      }
    }
    this.dirty.clear();
    if (this.all) {
      this.all = false;
      this.changed.fire(undefined);
    } else if (rows.length) this.changed.fire(rows);
  }

  private computeVisible(): void {
    this.visibleNodes = new Map();
    for (const profile of this.manager.active) {
      const tree = this.manager.tree(profile.name);
      if (!tree || !this.filterText) continue;
      const keep = new Set<TopicNode>();
      for (const match of tree.matching(this.filterText))
        for (let n: TopicNode | undefined = match; n && !keep.has(n); n = n.parent) keep.add(n);
      this.visibleNodes.set(profile.name, keep);
    }
  }

  /** The element of a node (the same object every time: VS Code keys its rows by element). */
  elementOf(broker: string, node: TopicNode): TopicElement {
    let element = this.elements.get(node);
    if (!element) this.elements.set(node, (element = { broker, node }));
    return element;
  }

  /** Show `node`'s children up to at least `index` (reveal of a topic beyond the first page). */
  showAtLeast(node: TopicNode, index: number): void {
    const now = this.shown.get(node) ?? PAGE;
    if (index >= now) this.shown.set(node, Math.ceil((index + 1) / PAGE) * PAGE);
  }

  /** The "more" row was clicked: one page more of its level. */
  showMore(element: TopicElement): void {
    this.shown.set(element.node, (this.shown.get(element.node) ?? PAGE) + PAGE);
    const parent = this.elements.get(element.node);
    this.changed.fire(parent && parent.node.parent ? parent : undefined);
  }

  async getChildren(element?: TopicElement): Promise<TopicElement[]> {
    if (!element)
      return this.manager.active.flatMap((p) => {
        const tree = this.manager.tree(p.name);
        return tree ? [this.elementOf(p.name, tree.root)] : [];
      });
    if (element.more) return [];
    const { broker, node } = element;
    const tree = this.manager.tree(broker);
    if (!tree) return [];
    const keep = this.filterText ? this.visibleNodes.get(broker) : undefined;
    // `$` topics sit apart, under the broker, after the application's topics.
    const levels = node === tree.root ? [node, tree.system] : [node];
    const children: TopicElement[] = [];
    for (const level of levels) {
      const limit = this.shown.get(level) ?? PAGE;
      const all = tree.childrenOf(level, 0, Infinity).filter((n) => !keep || keep.has(n));
      children.push(...all.slice(0, limit).map((n) => this.elementOf(broker, n)));
      if (all.length > limit) {
        let more = this.moreRows.get(level);
        if (!more) this.moreRows.set(level, (more = { broker, node: level, more: true }));
        more.remaining = all.length - limit;
        children.push(more);
      }
    }
    await this.askCode(children.filter((c) => !c.more && c.node.count > 0).map((c) => c.node));
    return children;
  }

  /** Ask the language server once per expanded level which code meets its topics (bounded wait). */
  private async askCode(nodes: TopicNode[]): Promise<void> {
    if (!this.codeSites || nodes.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      this.codeSites(nodes.map((n) => n.path)).catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 2000))),
    ]);
    clearTimeout(timer);
    if (!answer) return;
    // Marks need a complete index of a workspace that has MQTT code; otherwise "no subscriber" would be a guess.
    this.codeKnown = answer.complete && answer.files > 0;
    for (const node of nodes) {
      const summary = answer.summaries.get(node.path);
      if (summary) this.code.set(node, summary);
    }
  }

  getParent(element: TopicElement): TopicElement | undefined {
    const { broker, node } = element;
    if (element.more) return this.elements.get(node);
    const tree = this.manager.tree(broker);
    const parent = node.parent;
    if (!tree || !parent) return undefined;
    return this.elementOf(broker, parent === tree.system ? tree.root : parent);
  }

  getTreeItem(element: TopicElement): vscode.TreeItem {
    const { node, broker } = element;
    if (element.more) {
      const item = new vscode.TreeItem(`${plural(element.remaining ?? 0, 'more topic level')}…`);
      item.id = `${broker}\u0000more\u0000${this.manager.tree(broker)?.system === node ? '$' : 't'}\u0000${node.path}`;
      item.command = { title: 'Show More', command: 'mqttWorkbench.showMoreTopics', arguments: [element] };
      return item;
    }
    const isRoot = node.parent === undefined;
    const label = isRoot ? broker : node.name === '' ? '(empty level)' : node.name;
    const item = new vscode.TreeItem(
      label,
      node.children.size > 0
        ? isRoot
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    // Distinct namespaces: a topic's path may be '' (the empty first level of `/devices/a`), like the root's.
    item.id = isRoot ? `${broker}\u0000root` : `${broker}\u0000t\u0000${node.path}`;
    const parts: string[] = [];
    if (node.last) parts.push(previewOf(node.last.preview, node.last.size));
    if (node.last?.retain) parts.push('retained');
    // Levels show their topic count (it changes only when a topic is added: rows are not redrawn per message).
    if (node.children.size > 0) parts.push(plural(node.topics, 'topic'));
    else if (node.count > 1) parts.push(plural(node.count, 'message'));
    const code = this.code.get(node);
    const tooltip = [isRoot ? broker : node.path];
    const evicted = isRoot ? this.manager.tree(broker)?.evicted : undefined;
    if (evicted?.history)
      tooltip.push(
        `History trimmed to stay within the memory budget: ${plural(evicted.history, 'older message')} dropped (${plural(evicted.bytes, 'byte')}); every topic keeps its last message.`,
      );
    if (node.last) {
      const rate = rateOf(node, Date.now());
      tooltip.push(
        `${plural(node.count, 'message')}${node.last.retain ? ', last one retained' : ''}${rate !== undefined ? `, about ${rate < 10 ? rate.toFixed(1) : Math.round(rate)} msg/s lately` : ''}`,
      );
    }
    if (code && (code.publishers || code.subscribers)) {
      parts.push(`code: ${code.publishers} pub, ${code.subscribers} sub`);
      tooltip.push(
        `In this workspace's code: ${plural(code.publishers, 'publisher')}, ${plural(code.subscribers, 'subscriber')} (Show Code opens them).`,
      );
    }
    const unheard = this.codeKnown && code !== undefined && code.subscribers === 0 && !node.path.startsWith('$');
    if (unheard) {
      parts.push('no subscriber in code');
      tooltip.push(
        'No subscription in this workspace’s code receives this topic: a typo on one side, or code not in this workspace?',
      );
    }
    item.description = parts.join(' · ');
    item.iconPath = unheard ? new vscode.ThemeIcon('eye-closed') : undefined;
    item.contextValue = isRoot
      ? 'topicRoot'
      : `${node.last ? 'topic' : 'topicLevel'}${code && (code.publishers || code.subscribers) ? '.code' : ''}`;
    if (node.last && !isRoot)
      item.command = { title: 'Open Message', command: 'mqttWorkbench.openMessage', arguments: [element] };
    item.tooltip = tooltip.join('\n');
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The status bar item: the connected broker(s), their state and messages per second. */
export class BrokerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mqttWorkbench.broker', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: { dispose(): void };
  private readonly timer: NodeJS.Timeout;
  private readonly lastCount = new Map<string, number>();
  private readonly rates = new Map<string, number>();

  constructor(private readonly manager: BrokerManager) {
    this.item.name = 'MQTT Broker';
    this.item.command = 'workbench.view.extension.mqttWorkbench';
    this.subscription = manager.onDidChange((_, kind) => {
      if (kind !== 'messages') this.update();
    });
    this.timer = setInterval(() => this.tick(), 1000);
    this.update();
  }

  /** Once a second: messages since the last tick are the rate (state changes redraw without touching it). */
  private tick(): void {
    for (const p of this.manager.active) {
      const count = this.manager.tree(p.name)?.root.messages ?? 0;
      this.rates.set(p.name, Math.max(0, count - (this.lastCount.get(p.name) ?? count)));
      this.lastCount.set(p.name, count);
    }
    this.update();
  }

  /** The text shown, also read by tests. */
  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const active = this.manager.active;
    if (active.length === 0) {
      this.item.hide();
      return;
    }
    const parts = active.map((p) => {
      const { state } = this.manager.state(p.name);
      return state === 'connected' ? `${p.name}: ${this.rates.get(p.name) ?? 0} msg/s` : `${p.name}: ${state}`;
    });
    this.item.text = `$(radio-tower) ${parts.join(' | ')}`;
    this.item.tooltip = active
      .map((p) => {
        const evicted = this.manager.tree(p.name)?.evicted.history ?? 0;
        const trimmed = evicted ? `, history trimmed by ${plural(evicted, 'message')} (memory budget)` : '';
        return `${p.name} (${originOf(p.url)}): ${this.manager.state(p.name).state}${trimmed}`;
      })
      .join('\n');
    this.item.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
