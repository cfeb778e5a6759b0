/**
 * The Broker Status wiring: the `$SYS` watch, the view (watching while visible), the chart and its pins,
 * the workspace's mosquitto.conf limits (read in a trusted workspace only), and the API's `sys` part.
 */
import { guardedCommands } from './guarded';
import * as vscode from 'vscode';
import type { BrokerManager } from './broker/manager';
import { SysWatch } from './broker/sysWatch';
import { findLimits, limitsOf } from './core/brokerLimits';
import type { SysSnapshot } from './core/sysTypes';
import { topicArgument } from './topicCommands';
import { BrokerChart } from './views/brokerChart';
import { type LimitLink, type StatusElement, StatusView } from './views/statusView';

export interface SysApi {
  /**
   * A connected broker's `$SYS` state: the metrics with their values in human units, the readings, and why
   * it is empty if it is. Watches the broker for `waitMs` when nothing watches it yet (undefined: not connected).
   */
  snapshot(name: string, waitMs?: number): Promise<SysSnapshot | undefined>;
  /** The rows the Broker Status view shows under a broker (for tests and other extensions). */
  rows(name: string): { group: string; label: string; description: string; icon: string }[];
}

/** Where the sample and most projects keep mosquitto configs (the language's file patterns). */
const CONF_GLOB = '{**/mosquitto*.conf,**/mosquitto/**/*.conf,**/mosquitto*/conf.d/*.conf}';

export function registerBrokerStatus(
  manager: BrokerManager,
  output: vscode.LogOutputChannel,
): { api: SysApi; disposables: vscode.Disposable[] } {
  const command = guardedCommands(output);
  let links: LimitLink[] = [];
  const watch = new SysWatch(manager, { limits: () => limitsOf(links) });
  const view = new StatusView(manager, watch);
  const chart = new BrokerChart(manager, watch);
  const tree = vscode.window.createTreeView<StatusElement>('mqttWorkbench.status', {
    treeDataProvider: view,
  });

  // A trusted workspace's configs say which limits the readings are about; an untrusted one is not read.
  const readLimits = async () => {
    if (!vscode.workspace.isTrusted) return;
    try {
      const files = await vscode.workspace.findFiles(CONF_GLOB, '**/node_modules/**', 20);
      const found: LimitLink[] = [];
      for (const uri of files) {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        found.push(...findLimits(text).map((site) => ({ ...site, uri })));
      }
      links = found;
      view.links = found;
    } catch (error) {
      output.warn(`Broker Status: could not read the workspace's mosquitto.conf files: ${String(error)}`);
    }
  };
  const show = (visible: boolean) => {
    if (visible) void readLimits().then(() => (view.visible = tree.visible));
    else view.visible = false;
  };
  show(tree.visible);

  const connectedBroker = async (arg: unknown): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    if (arg && typeof arg === 'object' && 'broker' in arg && typeof arg.broker === 'string') return arg.broker;
    const names = manager.connected.map((p) => p.name);
    if (names.length <= 1) return names[0];
    return vscode.window.showQuickPick(names, { placeHolder: 'Broker' });
  };

  const api: SysApi = {
    snapshot: async (name, waitMs = 3000) => {
      const hold = watch.hold(name);
      if (!hold) return undefined;
      try {
        const deadline = Date.now() + waitMs;
        while (watch.model(name)?.snapshot(Date.now()).updated === undefined && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        return watch.model(name)?.snapshot(Date.now());
      } finally {
        hold.dispose();
      }
    },
    rows: (name) => view.rows(name),
  };

  return {
    api,
    disposables: [
      view,
      chart,
      tree,
      watch,
      tree.onDidChangeVisibility((e) => show(e.visible)),
      command('mqttWorkbench.showBrokerChart', async (arg: unknown) => {
        const name = await connectedBroker(arg);
        if (!name || manager.state(name).state !== 'connected') {
          void vscode.window.showWarningMessage('Connect to a broker first (Brokers view).');
          return false;
        }
        chart.show(name);
        return true;
      }),
      command('mqttWorkbench.pinToChart', (arg: unknown) => {
        const at = topicArgument(arg);
        if (!at) return false;
        chart.pin(at.broker, at.topic);
        return true;
      }),
    ],
  };
}
