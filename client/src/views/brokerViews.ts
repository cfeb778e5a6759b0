/**
 * The Brokers and Topics views and the status bar item: thin translations of the broker manager's state
 * into VS Code's shapes. Nothing here decides anything; the manager and the core do.
 */
import * as vscode from 'vscode';
import type { BrokerManager } from '../broker/manager';
import type { BrokerProfile } from '../broker/profiles';
import type { TopicNode } from '../core/topicTree';

const STATE_ICONS: Record<string, string> = {
  connected: 'pass-filled',
  connecting: 'loading~spin',
  reconnecting: 'sync~spin',
  failed: 'error',
  disconnected: 'debug-disconnect',
};

export class BrokersView implements vscode.TreeDataProvider<BrokerProfile>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BrokerProfile | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly manager: BrokerManager) {
    this.subscription = manager.onDidChange((_, kind) => {
      if (kind !== 'messages') this.changed.fire(undefined);
    });
  }

  getChildren(element?: BrokerProfile): BrokerProfile[] {
    return element ? [] : [...this.manager.profiles];
  }

  getTreeItem(profile: BrokerProfile): vscode.TreeItem {
    const { state, failure, nextAttemptAt } = this.manager.state(profile.name);
    const item = new vscode.TreeItem(profile.name, vscode.TreeItemCollapsibleState.None);
    item.id = profile.name;
    item.description =
      state === 'reconnecting' && nextAttemptAt
        ? `reconnecting, next try in ${Math.max(1, Math.round((nextAttemptAt - Date.now()) / 1000))} s`
        : state === 'failed' && failure
          ? `failed: ${failure.kind}`
          : state;
    item.tooltip = new vscode.MarkdownString(
      [`**${profile.name}**`, profile.url, failure ? failure.message : '', profile.production ? '_production_' : '']
        .filter(Boolean)
        .join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(STATE_ICONS[state] ?? 'circle-outline');
    item.contextValue = `broker.${state === 'connected' || state === 'connecting' || state === 'reconnecting' ? 'on' : 'off'}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** An element of the Topics view: a topic level of one broker's tree. */
export interface TopicElement {
  broker: string;
  node: TopicNode;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** A one-line preview of a payload: text as is (clipped), binary as its size. */
export function previewOf(bytes: Uint8Array, size: number): string {
  const text = decoder.decode(bytes.slice(0, 200));
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return `<binary, ${size} bytes>`;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line || '<empty>';
}

/** How often the Topics view may refresh while messages stream in. */
const REFRESH_MS = 500;

export class TopicsView implements vscode.TreeDataProvider<TopicElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TopicElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  visible = true;

  constructor(private readonly manager: BrokerManager) {
    this.subscription = manager.onDidChange(() => this.schedule());
  }

  /** Refresh at most every REFRESH_MS, and not at all while the view is hidden (catch up when shown). */
  schedule(): void {
    this.dirty = true;
    if (this.timer || !this.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.dirty) return;
      this.dirty = false;
      this.changed.fire(undefined);
    }, REFRESH_MS);
  }

  getChildren(element?: TopicElement): TopicElement[] {
    if (!element)
      return this.manager.active.flatMap((p) => {
        const tree = this.manager.tree(p.name);
        return tree ? [{ broker: p.name, node: tree.root }] : [];
      });
    const tree = this.manager.tree(element.broker);
    if (!tree) return [];
    const children = tree.childrenOf(element.node).map((node) => ({ broker: element.broker, node }));
    // `$` topics sit apart, under the broker, after the application's topics.
    if (element.node === tree.root && tree.system.children.size > 0)
      children.push(...tree.childrenOf(tree.system).map((node) => ({ broker: element.broker, node })));
    return children;
  }

  getTreeItem(element: TopicElement): vscode.TreeItem {
    const { node, broker } = element;
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
    item.id = `${broker}\u0000${isRoot ? '' : node.path}`;
    const parts: string[] = [];
    if (node.last) parts.push(previewOf(node.last.preview, node.last.size));
    if (node.last?.retain) parts.push('retained');
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    if (node.topics > 1 || node.children.size > 0)
      parts.push(`${plural(node.topics, 'topic')}, ${plural(node.messages, 'message')}`);
    else if (node.count > 1) parts.push(plural(node.count, 'message'));
    item.description = parts.join(' · ');
    item.contextValue = isRoot ? 'topicRoot' : node.last ? 'topic' : 'topicLevel';
    if (node.last && !isRoot)
      item.command = { title: 'Open Message', command: 'mqttWorkbench.openMessage', arguments: [element] };
    item.tooltip = isRoot ? broker : node.path;
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
  private lastCount = new Map<string, number>();

  constructor(private readonly manager: BrokerManager) {
    this.item.name = 'MQTT Broker';
    this.item.command = 'workbench.view.extension.mqttWorkbench';
    this.subscription = manager.onDidChange((_, kind) => {
      if (kind !== 'messages') this.update();
    });
    this.timer = setInterval(() => this.update(), 1000);
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
      const count = this.manager.tree(p.name)?.root.messages ?? 0;
      const rate = Math.max(0, count - (this.lastCount.get(p.name) ?? count));
      this.lastCount.set(p.name, count);
      return state === 'connected' ? `${p.name}: ${rate} msg/s` : `${p.name}: ${state}`;
    });
    this.item.text = `$(radio-tower) ${parts.join(' | ')}`;
    this.item.tooltip = active.map((p) => `${p.name} (${p.url}): ${this.manager.state(p.name).state}`).join('\n');
    this.item.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
