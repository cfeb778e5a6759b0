/** The Broker Status view in real VS Code against a real mosquitto with `sys_interval 1`. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MqttWorkbenchApi } from '../../../client/src/extension';
import { Mosquitto } from '../../helpers/broker';
import { connectProfile, EXTENSION_ID, screenshot, waitFor, forgetProfile } from './util';

const NAME = 'status';

describe('Broker Status (real mosquitto, sys_interval 1)', () => {
  let broker: Mosquitto;
  let api: MqttWorkbenchApi;

  before(async () => {
    broker = await Mosquitto.start({ extra: 'sys_interval 1', quiet: true });
    api = await vscode.extensions.getExtension<MqttWorkbenchApi>(EXTENSION_ID)!.activate();
    await connectProfile(api, { name: NAME, url: broker.url, subscriptions: ['home/#'] });
  });
  after(async () => {
    await forgetProfile(api, NAME);
    await broker.stop();
  });

  it('subscribes $SYS/# once expanded and visible, and shows the broker’s state grouped, in human units', async () => {
    await vscode.commands.executeCommand('mqttWorkbench.status.focus');
    const rows = await waitFor(() => {
      const r = api.sys.rows(NAME);
      return r.some((x) => x.label === 'Uptime') && r.some((x) => /\/s$/.test(x.description)) ? r : undefined;
    }, 'the Broker Status rows with a rate');
    const row = (label: string) => rows.find((r) => r.label === label);
    assert.match(row('Version')?.description ?? '', /^mosquitto version 2\./);
    assert.equal(row('Version')?.group, 'broker');
    assert.equal(row('Connected')?.group, 'clients');
    assert.match(row('Heap')?.description ?? '', /(bytes|KiB|MiB)$/);
    assert.ok(rows.some((r) => r.group === 'load'));
    assert.equal(row('Nothing unusual so far')?.group, 'readings');
    assert.deepEqual(
      api.brokers.subscriptions(NAME).map((s) => s.topic),
      ['home/#', '$SYS/#'],
    );
    // The API's snapshot carries the same metrics.
    const snapshot = await api.sys.snapshot(NAME);
    assert.equal(snapshot?.flavour, 'mosquitto');
    assert.ok(snapshot.metrics.some((m) => m.id === 'clients.connected'));
    // For the README (`npm run docs`): the Broker Status view given most of the side bar, no stale notifications.
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The Brokers and Topics panes hidden for the picture, shown again after it.
    const panes = ['mqttWorkbench.brokers', 'mqttWorkbench.topics'];
    for (const pane of panes)
      await vscode.commands.executeCommand(`${pane}.removeView`).then(undefined, () => undefined);
    await vscode.commands.executeCommand('mqttWorkbench.status.focus');
    await screenshot('screenshot-status.png', '[id="workbench.view.extension.mqttWorkbench"] .monaco-list-row');
    for (const pane of panes) await vscode.commands.executeCommand(`${pane}.focus`).then(undefined, () => undefined);
  });

  it('opens the chart of the broker’s rates', async () => {
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.showBrokerChart', NAME), true);
    await waitFor(
      () =>
        vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('broker chart')))
          ? true
          : undefined,
      'the chart tab',
    );
  });

  it('lets go of $SYS/# when the view is hidden', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(
      () => (api.brokers.subscriptions(NAME).some((s) => s.topic === '$SYS/#') ? undefined : true),
      '$SYS/# unsubscribed',
    );
  });
});
