/** Record, export and replay in real VS Code: the commands with explicit arguments, against a real mosquitto. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MqttWorkbenchApi } from '../../../client/src/extension';
import { Mosquitto } from '../../helpers/broker';
import { EXTENSION_ID, waitFor } from './util';

describe('record, export and replay in VS Code (real mosquitto)', () => {
  let broker: Mosquitto;
  let api: MqttWorkbenchApi;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('mqttWorkbench');
  const publish = (topic: string, payload: string, retain = false) => {
    const args = ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-m', payload, '-q', '1'];
    const pub = spawnSync('mosquitto_pub', retain ? [...args, '-r'] : args, { encoding: 'utf8' });
    assert.equal(pub.status, 0, pub.stderr);
  };

  before(async () => {
    broker = await Mosquitto.start();
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-vscode-recording-'));
    api = await vscode.extensions.getExtension<MqttWorkbenchApi>(EXTENSION_ID)!.activate();
    await config().update(
      'brokers',
      [{ name: 'rec', url: broker.url, subscriptions: ['rec/#'] }],
      vscode.ConfigurationTarget.Workspace,
    );
    // The profile is read from the settings change; connecting succeeds once it is there.
    const deadline = Date.now() + 10_000;
    while (
      !(await api.brokers.connect('rec').then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('the profile never appeared');
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor(() => (api.brokers.state('rec').state === 'connected' ? true : undefined), 'connected');
  });
  after(async () => {
    await api.brokers.disconnect('rec').catch(() => undefined);
    await config().update('brokers', undefined, vscode.ConfigurationTarget.Workspace);
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the retained messages of a subtree, then replays the file into the broker', async () => {
    for (let i = 0; i < 3; i++) publish(`rec/a/${i}`, `state ${i}`, true);
    publish('rec/b/outside', 'not in the filter', true);
    const file = join(dir, 'retained.ndjson');
    const exported = await vscode.commands.executeCommand<{ written: number; complete: boolean }>(
      'mqttWorkbench.exportRetained',
      'rec',
      'rec/a/#',
      file,
    );
    assert.deepEqual([exported.written, exported.complete], [3, true]);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 4, 'a header and three messages');
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => (JSON.parse(l) as { topic: string }).topic)
        .sort(),
      ['rec/a/0', 'rec/a/1', 'rec/a/2'],
    );

    const seen = (topic: string) => api.topics.snapshot('rec').find((t) => t.topic === topic)?.count ?? 0;
    await waitFor(() => (seen('rec/a/2') === 1 ? true : undefined), 'the retained messages in the Topics model');
    const replayed = await vscode.commands.executeCommand<{ sent: number; failed: number; skipped: number }>(
      'mqttWorkbench.replayRecording',
      file,
      'rec',
      'fast',
    );
    assert.deepEqual([replayed.sent, replayed.failed, replayed.skipped], [3, 0, 0]);
    // The connected profile receives each replayed message: every topic's count goes to 2.
    await waitFor(
      () => (['rec/a/0', 'rec/a/1', 'rec/a/2'].every((t) => seen(t) === 2) ? true : undefined),
      'the replayed messages',
    );
    assert.equal(seen('rec/b/outside'), 1);
  });

  it('records from the command until stopped, and says how many messages were written', async () => {
    const file = join(dir, 'live.ndjson');
    const started = await vscode.commands.executeCommand<string>(
      'mqttWorkbench.startRecording',
      'rec',
      'rec/live/#',
      file,
    );
    assert.equal(started, file);
    // The recording's own connection subscribes; what it receives is seen by the profile's connection too.
    const seen = (topic: string) => api.topics.snapshot('rec').find((t) => t.topic === topic)?.count ?? 0;
    const deadline = Date.now() + 10_000;
    let n = 0;
    // Publish until the recording has its subscription (its first message is then in the file).
    while (readFileSync(file, 'utf8').split('\n').length < 3) {
      if (Date.now() > deadline) throw new Error('nothing recorded');
      publish('rec/live/x', `tick ${n++}`);
      await waitFor(() => (seen('rec/live/x') === n ? true : undefined), 'the tick');
      await new Promise((r) => setTimeout(r, 100));
    }
    publish('rec/other', 'outside the filter');
    const result = await vscode.commands.executeCommand<{ messages: number; bytes: number; reason: string }>(
      'mqttWorkbench.stopRecording',
      file,
    );
    assert.equal(result.reason, 'stopped');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(result.messages, lines.length - 1);
    assert.ok(result.messages >= 1 && result.messages <= n);
    assert.equal(result.bytes, readFileSync(file).length);
    assert.ok(lines.slice(1).every((l) => (JSON.parse(l) as { topic: string }).topic === 'rec/live/x'));
    assert.equal(
      await vscode.commands.executeCommand('mqttWorkbench.stopRecording', file),
      undefined,
      'nothing left to stop',
    );
  });
});
