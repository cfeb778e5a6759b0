/** The broker half in real VS Code: a profile in settings, a real mosquitto, live topics and the status bar. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { MqttWorkbenchApi } from '../../../client/src/extension';
import { Mosquitto } from '../../helpers/broker';
import { connectProfile, EXTENSION_ID, screenshot, waitFor } from './util';

describe('brokers in VS Code (real mosquitto)', () => {
  let broker: Mosquitto;
  let api: MqttWorkbenchApi;
  const config = () => vscode.workspace.getConfiguration('mqttWorkbench');

  before(async () => {
    broker = await Mosquitto.start();
    const extension = vscode.extensions.getExtension<MqttWorkbenchApi>(EXTENSION_ID)!;
    api = await extension.activate();
  });
  after(async () => {
    await api.brokers.disconnect('local').catch(() => undefined);
    await config().update('brokers', undefined, vscode.ConfigurationTarget.Workspace);
    await broker.stop();
  });

  it('connects a profile from the settings, shows live topics and the state in the status bar', async () => {
    await connectProfile(api, { name: 'local', url: broker.url, subscriptions: ['demo/#'] });
    const pub = spawnSync(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'demo/kitchen/temp', '-m', '21.5', '-r', '-q', '1'],
      { encoding: 'utf8' },
    );
    assert.equal(pub.status, 0, pub.stderr);
    const topic = await waitFor(
      () => api.topics.snapshot('local').find((t) => t.topic === 'demo/kitchen/temp'),
      'the published topic in the model',
    );
    assert.deepEqual([topic.preview, topic.retained, topic.count], ['21.5', false, 1]);
    await waitFor(() => (api.statusText.includes('local') ? true : undefined), 'the status bar');
    assert.match(api.statusText, /local: \d+ msg\/s/);
    await vscode.commands.executeCommand('workbench.view.extension.mqttWorkbench');
    // For the README (`npm run docs`): the Brokers and Topics views with live data.
    await screenshot('screenshot-topics.png', '[id="workbench.view.extension.mqttWorkbench"] .monaco-list-row');
  });

  it('opens a message read-only, pretty-printed, and publishes from the command with the topic rules', async () => {
    const pub = spawnSync(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'demo/json', '-m', '{"t":21.5}'],
      { encoding: 'utf8' },
    );
    assert.equal(pub.status, 0, pub.stderr);
    await waitFor(() => api.topics.snapshot('local').find((t) => t.topic === 'demo/json'), 'demo/json');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('mqttWorkbench.openMessage', {
      broker: 'local',
      topic: 'demo/json',
    });
    assert.equal(editor.document.uri.scheme, 'mqtt-message');
    assert.equal(editor.document.languageId, 'jsonc');
    assert.match(editor.document.getText(), /\/\/ topic: {4}demo\/json[\s\S]*\{\n {2}"t": 21\.5\n\}/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // A topic the broker would reject is not sent; a valid one arrives.
    assert.equal(
      await vscode.commands.executeCommand('mqttWorkbench.publish', 'local', 'demo/+/x', 'no', 0, false),
      false,
    );
    assert.equal(
      await vscode.commands.executeCommand('mqttWorkbench.publish', 'local', 'demo/from-vscode', 'hi', 1, false),
      true,
    );
    const sent = await waitFor(
      () => api.topics.snapshot('local').find((t) => t.topic === 'demo/from-vscode'),
      'the published message, received back',
    );
    assert.equal(sent.preview, 'hi');
    // MQTT 5 properties typed in one line arrive with the message (the message view's header shows them).
    assert.equal(
      await vscode.commands.executeCommand(
        'mqttWorkbench.publish',
        'local',
        'demo/with-properties',
        '{"ok":true}',
        1,
        false,
        'contentType=application/json user.source=vscode',
      ),
      true,
    );
    await waitFor(
      () => api.topics.snapshot('local').find((t) => t.topic === 'demo/with-properties'),
      'with-properties',
    );
    const withProperties = await vscode.commands.executeCommand<vscode.TextEditor>('mqttWorkbench.openMessage', {
      broker: 'local',
      topic: 'demo/with-properties',
    });
    const header = withProperties.document.getText();
    assert.match(header, /application\/json/);
    assert.match(header, /source[\s\S]*vscode/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(
      api.topics.snapshot('local').some((t) => t.topic === 'demo/+/x'),
      false,
    );
    await vscode.commands.executeCommand('mqttWorkbench.disconnect', 'local');
    assert.equal(api.brokers.state('local').state, 'disconnected');
  });

  it('adds a profile with the Add Broker command, refusing a name that exists', async () => {
    const before = config().get<{ name: string }[]>('brokers') ?? [];
    assert.equal(
      await vscode.commands.executeCommand('mqttWorkbench.addBroker', 'added', broker.url, { subscriptions: ['x/#'] }),
      true,
    );
    const after = config().get<{ name: string; url: string; subscriptions: string[] }[]>('brokers') ?? [];
    assert.deepEqual(after.slice(before.length), [{ name: 'added', url: broker.url, subscriptions: ['x/#'] }]);
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.addBroker', 'added', broker.url, {}), false);
    assert.equal((config().get<unknown[]>('brokers') ?? []).length, after.length);
  });
});
