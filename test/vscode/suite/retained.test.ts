/**
 * Clearing and restoring retained messages in real VS Code against a real mosquitto: the commands with
 * explicit arguments (the caller confirmed), the API, the guard on the dialog path, and the code action on a
 * topic published in code.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ClearReport } from '../../../client/src/core/retainedClear';
import type { MqttWorkbenchApi } from '../../../client/src/extension';
import { Mosquitto } from '../../helpers/broker';
import { connectProfile, EXTENSION_ID, waitFor, workspaceFile, forgetProfile, screenshot } from './util';

const NAME = 'retained';

describe('clearing retained messages in VS Code (real mosquitto)', () => {
  let broker: Mosquitto;
  let api: MqttWorkbenchApi;
  let dir: string;
  const publish = (topic: string, payload: string) => {
    const args = ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-m', payload, '-q', '1', '-r'];
    const pub = spawnSync('mosquitto_pub', args, { encoding: 'utf8' });
    assert.equal(pub.status, 0, pub.stderr);
  };
  /** What the broker retains below a filter, asked with mosquitto_sub (not with our own code). */
  const retained = (filter: string) => {
    const sub = spawnSync(
      'mosquitto_sub',
      ['-h', '127.0.0.1', '-p', String(broker.port), '-t', filter, '--retained-only', '-W', '1', '-v'],
      { encoding: 'utf8' },
    );
    return sub.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[0]!)
      .sort();
  };

  before(async () => {
    // Quiet: spawnSync holds this event loop, so a chatty broker would fill its stderr pipe and stall.
    broker = await Mosquitto.start({ quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-vscode-retained-'));
    api = await vscode.extensions.getExtension<MqttWorkbenchApi>(EXTENSION_ID)!.activate();
    await api.serverReady;
    await connectProfile(api, { name: NAME, url: broker.url, subscriptions: ['ret/#', 'home/#'] });
  });
  after(async () => {
    await forgetProfile(api, NAME);
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clears a subtree through the command, backs it up, and restores it through the API', async () => {
    const subtree = Array.from({ length: 30 }, (_, i) => `ret/a/${i}`);
    for (const topic of subtree) publish(topic, `state ${topic}`);
    publish('ret/b/keep', 'outside the filter');
    assert.equal(retained('ret/#').length, 31);
    const backupPath = join(dir, 'backup.json');
    const report = await vscode.commands.executeCommand<ClearReport>(
      'mqttWorkbench.clearRetainedUnder',
      NAME,
      'ret/a/#',
      {
        confirm: false,
        backupPath,
      },
    );
    assert.deepEqual(report.cleared.sort(), [...subtree].sort());
    assert.deepEqual(
      [report.denied, report.remaining, report.notAttempted, report.backupPath],
      [[], [], [], backupPath],
    );
    assert.deepEqual(retained('ret/#'), ['ret/b/keep'], 'only the topic outside the filter is still retained');
    const backup = JSON.parse(readFileSync(backupPath, 'utf8')) as { broker: string; messages: unknown[] };
    assert.deepEqual([backup.broker, backup.messages.length], [NAME, 30]);

    assert.deepEqual(await api.retained.discover(NAME, 'ret/#'), [{ topic: 'ret/b/keep', size: 18 }]);
    const restored = await api.retained.restore(NAME, backupPath);
    assert.equal(restored?.restored.length, 30);
    assert.equal(retained('ret/#').length, 31);

    // One topic, from a Topics view item's shape.
    const one = await vscode.commands.executeCommand<ClearReport>(
      'mqttWorkbench.clearRetained',
      { broker: NAME, topic: 'ret/b/keep' },
      { confirm: false, backupPath: join(dir, 'one.json') },
    );
    assert.deepEqual(one.cleared, ['ret/b/keep']);
    assert.equal(retained('ret/#').length, 30);
  });

  it('clears nothing on the dialog path until the user confirms', async () => {
    publish('ret/guarded', 'x');
    const before = retained('ret/#');
    const running = vscode.commands.executeCommand<ClearReport | undefined>(
      'mqttWorkbench.clearRetainedUnder',
      NAME,
      'ret/#',
    );
    // The preview (every topic picked) is accepted; the confirmation modal comes next, and VS Code's test mode
    // refuses to show modals: the clear must stop there.
    await new Promise((r) => setTimeout(r, 2500));
    await vscode.commands.executeCommand('notifications.clearAll');
    // For the README (`npm run docs`): the preview of what would be cleared.
    await screenshot('screenshot-clear-retained.png', '.quick-input-widget .monaco-list-row');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await running, undefined);
    assert.deepEqual(retained('ret/#'), before);
    assert.ok(before.includes('ret/guarded'));
  });

  it('offers to clear a retained topic published in code, on the broker that has it retained', async () => {
    publish('home/livingroom/temp', '21.5');
    // Published while subscribed, it arrives live (not flagged retained); a new subscription gets the retained copy.
    await vscode.commands.executeCommand('mqttWorkbench.subscribe', NAME, 'home/livingroom/temp', 1);
    await waitFor(
      () => (api.topics.snapshot(NAME).find((t) => t.topic === 'home/livingroom/temp')?.retained ? true : undefined),
      'the retained topic in the model',
    );
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'sensor.py'));
    await vscode.window.showTextDocument(doc);
    const actionsAt = async (line: number, text: string) => {
      const at = new vscode.Position(line, doc.lineAt(line).text.indexOf(text) + 2);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(at, at),
      );
      return actions.filter((a) => a.title.startsWith('Clear retained'));
    };
    // client.publish("home/livingroom/temp", 21.5, qos=2): retained on the broker.
    const deadline = Date.now() + 20_000;
    let offered = await actionsAt(11, 'home/livingroom/temp');
    while (offered.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      offered = await actionsAt(11, 'home/livingroom/temp');
    }
    assert.deepEqual(
      offered.map((a) => a.title),
      [`Clear retained messages of this topic on ${NAME}`],
    );
    assert.deepEqual(offered[0]!.command?.arguments, [{ broker: NAME, topic: 'home/livingroom/temp' }]);
    // A wildcard publish and a topic the broker never saw retained get nothing.
    assert.deepEqual(await actionsAt(9, 'home/+/humidity'), []);
    assert.deepEqual(await actionsAt(8, '/home/livingroom/temp'), []);
  });
});
