/**
 * The Broker Status view: a thin translation of each watched broker's `$SYS` model into tree rows, grouped,
 * with the readings first. It holds the `$SYS` watch of every connected broker while it is visible and
 * redraws at most once a second. Nothing here decides anything; the model and its rules do.
 */
import * as vscode from 'vscode';
import type { BrokerManager } from '../broker/manager';
import type { SysWatch } from '../broker/sysWatch';
import type { LimitSite } from '../core/brokerLimits';
import type { RawNode, Reading, SysGroup, SysMetric, SysSnapshot } from '../core/sysTypes';
import { escapeMarkdown } from './brokerViews';

export type StatusElement =
  | { kind: 'broker'; broker: string }
  | { kind: 'group'; broker: string; group: SysGroup | 'readings' | 'other' }
  | { kind: 'metric'; broker: string; metric: SysMetric }
  | { kind: 'reading'; broker: string; reading: Reading }
  | { kind: 'calm'; broker: string }
  | { kind: 'empty'; broker: string; message: string; reason: string }
  | { kind: 'raw'; broker: string; node: RawNode };

const GROUPS: { id: SysGroup | 'readings' | 'other'; label: string; icon: string }[] = [
  { id: 'readings', label: 'Readings', icon: 'lightbulb' },
  { id: 'broker', label: 'Broker', icon: 'server' },
  { id: 'clients', label: 'Clients', icon: 'person' },
  { id: 'messages', label: 'Messages', icon: 'mail' },
  { id: 'load', label: 'Load', icon: 'pulse' },
  { id: 'memory', label: 'Memory', icon: 'database' },
  { id: 'other', label: 'Other $SYS topics', icon: 'list-tree' },
];

/** The Broker Status view redraws at most this often. */
const REFRESH_MS = 1000;

/** A config file line that sets a limit, for links from a reading. */
export interface LimitLink extends LimitSite {
  uri: vscode.Uri;
}

export class StatusView implements vscode.TreeDataProvider<StatusElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StatusElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly holds = new Map<string, { dispose(): void }>();
  private readonly subscriptions: { dispose(): void }[];
  private timer: NodeJS.Timeout | undefined;
  /** Ticks the empty state and the "waiting" row forward while nothing arrives. */
  private readonly clock: NodeJS.Timeout;
  private visibleNow = false;
  /** Each broker's snapshot, taken once for all its rows; forgotten when its data change and at each redraw. */
  private readonly snapshots = new Map<string, SysSnapshot | undefined>();
  /** The workspace's config lines that set the limits the readings name. */
  links: LimitLink[] = [];

  constructor(
    private readonly manager: BrokerManager,
    private readonly watch: SysWatch,
  ) {
    this.subscriptions = [
      manager.onDidChange((_, kind) => {
        if (kind === 'messages') return;
        this.snapshots.clear();
        this.syncHolds();
        this.schedule();
      }),
      watch.onDidChange(() => {
        this.snapshots.clear();
        this.schedule();
      }),
    ];
    this.clock = setInterval(() => {
      if (this.visibleNow && this.manager.active.some((p) => this.watch.model(p.name)?.empty(Date.now())))
        this.schedule();
    }, REFRESH_MS);
  }

  /** Visible: watch every connected broker. Hidden: let go of them all (the broker stops sending `$SYS`). */
  set visible(visible: boolean) {
    this.visibleNow = visible;
    this.syncHolds();
    if (visible) this.schedule();
  }

  private syncHolds(): void {
    const wanted = new Set(this.visibleNow ? this.manager.connected.map((p) => p.name) : []);
    for (const [name, hold] of this.holds) {
      // A watch ends by itself when its connection goes: hold again.
      if (!wanted.has(name) || !this.watch.model(name)) {
        hold.dispose();
        this.holds.delete(name);
      }
    }
    for (const name of wanted) {
      if (this.holds.has(name)) continue;
      const hold = this.watch.hold(name);
      if (hold) this.holds.set(name, hold);
    }
  }

  private schedule(): void {
    if (this.timer || !this.visibleNow) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.snapshots.clear();
      this.changed.fire(undefined);
    }, REFRESH_MS);
  }

  private snapshot(broker: string): SysSnapshot | undefined {
    if (!this.snapshots.has(broker)) this.snapshots.set(broker, this.watch.model(broker)?.snapshot(Date.now()));
    return this.snapshots.get(broker);
  }

  getChildren(element?: StatusElement): StatusElement[] {
    if (!element) return this.manager.connected.map((p) => ({ kind: 'broker', broker: p.name }));
    const { broker } = element;
    if (element.kind === 'raw') return element.node.children.map((node) => ({ kind: 'raw', broker, node }));
    const snapshot = this.snapshot(broker);
    if (element.kind === 'broker') {
      if (!snapshot) return [{ kind: 'empty', broker, reason: 'waiting', message: 'Subscribing to $SYS/#…' }];
      if (snapshot.empty) return [{ kind: 'empty', broker, ...snapshot.empty }];
      return GROUPS.filter(
        (g) =>
          g.id === 'readings' ||
          (g.id === 'other' ? snapshot.other.length > 0 : snapshot.metrics.some((m) => m.group === g.id)),
      ).map((g) => ({ kind: 'group', broker, group: g.id }));
    }
    if (!snapshot) return [];
    if (element.kind === 'group') {
      if (element.group === 'readings')
        return snapshot.readings.length
          ? snapshot.readings.map((reading) => ({ kind: 'reading', broker, reading }))
          : [{ kind: 'calm', broker }];
      if (element.group === 'other') return snapshot.other.map((node) => ({ kind: 'raw', broker, node }));
      return snapshot.metrics
        .filter((m) => m.group === element.group)
        .map((metric) => ({ kind: 'metric', broker, metric }));
    }
    return [];
  }

  getTreeItem(element: StatusElement): vscode.TreeItem {
    const id = (key: string) => `${element.broker}\u0000${element.kind}\u0000${key}`;
    const None = vscode.TreeItemCollapsibleState.None;
    switch (element.kind) {
      case 'broker': {
        const item = new vscode.TreeItem(element.broker, vscode.TreeItemCollapsibleState.Expanded);
        item.id = id('');
        const snapshot = this.snapshot(element.broker);
        const warnings = snapshot?.readings.filter((r) => r.severity === 'warning').length ?? 0;
        item.description = [
          snapshot?.flavour === 'emqx' ? `EMQX ${snapshot.node ?? ''}` : snapshot?.flavour,
          warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : undefined,
        ]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon('radio-tower');
        item.contextValue = 'statusBroker';
        return item;
      }
      case 'group': {
        const group = GROUPS.find((g) => g.id === element.group)!;
        const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = id(group.id);
        item.iconPath = new vscode.ThemeIcon(group.icon);
        if (group.id === 'readings') {
          const n = this.snapshot(element.broker)?.readings.length ?? 0;
          item.description = n ? String(n) : '';
        }
        return item;
      }
      case 'metric': {
        const { metric } = element;
        const item = new vscode.TreeItem(metric.label, None);
        item.id = id(metric.id);
        item.description = metric.rateText ? `${metric.text} · ${metric.rateText}` : metric.text;
        item.tooltip = new vscode.MarkdownString(
          `${escapeMarkdown(metric.doc)}\n\n\`${metric.topic.replace(/`/g, "'")}\``,
        );
        return item;
      }
      case 'reading': {
        const { reading } = element;
        const item = new vscode.TreeItem(reading.message, None);
        item.id = id(reading.code);
        item.description = reading.code;
        item.iconPath = new vscode.ThemeIcon(
          reading.severity === 'warning' ? 'warning' : 'info',
          new vscode.ThemeColor(
            reading.severity === 'warning' ? 'problemsWarningIcon.foreground' : 'problemsInfoIcon.foreground',
          ),
        );
        item.tooltip = this.readingTooltip(reading);
        item.contextValue = `reading.${reading.code}`;
        return item;
      }
      case 'calm': {
        const item = new vscode.TreeItem('Nothing unusual so far', None);
        item.id = id('');
        item.iconPath = new vscode.ThemeIcon('pass');
        item.tooltip =
          'The readings watch for: disconnected clients growing, dropped messages, retained messages growing, the heap growing, connections near max_connections.';
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem(element.message, None);
        item.id = id('');
        item.description = element.reason;
        item.tooltip = element.message;
        item.iconPath = new vscode.ThemeIcon(element.reason === 'waiting' ? 'loading~spin' : 'info');
        return item;
      }
      case 'raw': {
        const { node } = element;
        const item = new vscode.TreeItem(
          node.name,
          node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : None,
        );
        item.id = id(node.path);
        item.description = node.value ?? '';
        item.tooltip = node.path;
        return item;
      }
    }
  }

  private readingTooltip(reading: Reading): vscode.MarkdownString {
    const lines = [`**${escapeMarkdown(reading.message)}**`, escapeMarkdown(reading.detail)];
    const sites = this.links.filter((l) => l.option === reading.setting);
    for (const site of sites) {
      // VS Code opens a file link at the line its `#L<n>` fragment names.
      const link = site.uri.with({ fragment: `L${site.line + 1}` }).toString();
      lines.push(
        `[\`${site.option} ${site.value}\` in ${escapeMarkdown(vscode.workspace.asRelativePath(site.uri))}:${site.line + 1}](${link})`,
      );
    }
    if (reading.setting && sites.length === 0)
      lines.push(
        `No \`${reading.setting}\` line in the workspace’s mosquitto.conf files: the broker’s default applies.`,
      );
    if (reading.command) lines.push(`[${escapeMarkdown(reading.command.title)}](command:${reading.command.id})`);
    lines.push(`_${reading.code}_`);
    const markdown = new vscode.MarkdownString(lines.join('\n\n'));
    markdown.isTrusted = { enabledCommands: reading.command ? [reading.command.id] : [] };
    return markdown;
  }

  /** The rows under a broker as text (the API's `sys.rows`, for tests and other extensions). */
  rows(broker: string): { group: string; label: string; description: string; icon: string }[] {
    const out: { group: string; label: string; description: string; icon: string }[] = [];
    const walk = (element: StatusElement, group: string) => {
      for (const child of this.getChildren(element)) {
        const item = this.getTreeItem(child);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
        const childGroup = child.kind === 'group' ? child.group : group;
        if (child.kind !== 'group')
          out.push({ group: childGroup, label, description: String(item.description ?? ''), icon });
        walk(child, childGroup);
      }
    };
    walk({ kind: 'broker', broker }, '');
    return out;
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.clock);
    for (const hold of this.holds.values()) hold.dispose();
    this.holds.clear();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
