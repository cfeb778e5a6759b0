/**
 * Where the broker and the code meet, in real VS Code against a real mosquitto: live data in a code hover and
 * back to the Topics view, the code behind a live topic, topics no code subscribes to, subscriptions in code
 * that see no traffic; and the Topics view's filter, history, subscriptions and copied command.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { MqttWorkbenchApi } from '../../../client/src/extension';
import { Mosquitto } from '../../helpers/broker';
import { connectProfile, EXTENSION_ID, screenshot, waitFor, workspaceFile, forgetProfile } from './util';

const NAME = 'explorer';

describe('the live explorer and the code (real mosquitto)', () => {
  let broker: Mosquitto;
  let api: MqttWorkbenchApi;
  const publish = (topic: string, message: string, ...more: string[]) => {
    const r = spawnSync(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-m', message, '-q', '1', ...more],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
  };
  const seen = (topic: string) =>
    waitFor(() => api.topics.snapshot(NAME).find((t) => t.topic === topic), `${topic} in the model`);
  // VS Code tells the extension host of a selection a moment after `reveal` resolves: wait for exactly this one.
  const selected = async (topic: string) => {
    const wanted = JSON.stringify([{ broker: NAME, topic }]);
    try {
      await waitFor(() => (JSON.stringify(api.topics.selection) === wanted ? true : undefined), topic, 10_000);
    } catch {
      assert.fail(`${topic} not selected in the Topics view: the selection is ${JSON.stringify(api.topics.selection)}`);
    }
  };

  before(async () => {
    broker = await Mosquitto.start({ extra: 'max_qos 1' });
    api = await vscode.extensions.getExtension<MqttWorkbenchApi>(EXTENSION_ID)!.activate();
    await api.serverReady;
    await connectProfile(api, { name: NAME, url: broker.url, subscriptions: ['home/#', 'garden/#'] });
    // sensor.py publishes home/livingroom/temp, dashboard.ts receives it (home/+/temp and #); nothing in the
    // workspace's code publishes or receives garden/rain but the catch-all.
    publish('home/livingroom/temp', '21.5');
    publish('home/livingroom/temp', '21.7');
    publish('garden/rain', '0.2');
    await seen('garden/rain');
    await waitFor(
      () => (api.topics.snapshot(NAME).find((t) => t.topic === 'home/livingroom/temp')?.count === 2 ? true : undefined),
      'both temperatures',
    );
  });
  after(async () => {
    await vscode.commands.executeCommand('mqttWorkbench.clearTopicFilter');
    await forgetProfile(api, NAME);
    await broker.stop();
  });

  it('adds live data to a topic hover in code, with a link that reveals the topic in the Topics view', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src', 'sensor.py'));
    await vscode.window.showTextDocument(doc);
    const line = doc.lineAt(11).text; // client.publish("home/livingroom/temp", 21.5, qos=2)
    const at = new vscode.Position(11, line.indexOf('livingroom/temp'));
    const hoverText = async () =>
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at))
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
    const deadline = Date.now() + 20_000;
    let hover = await hoverText();
    while (!hover.includes('Live on') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      hover = await hoverText();
    }
    assert.match(hover, /\*\*Live on explorer\*\*: 1 topic/);
    assert.match(hover, /`home\/livingroom\/temp` = `21\.7`, 2 messages/);
    const link = /\[Reveal in the Topics view\]\(command:mqttWorkbench\.revealTopic\?([^)]+)\)/.exec(hover);
    assert.ok(link, hover);
    // For the README (`npm run docs`): the hover as the user sees it.
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('screenshot-live-hover.png', '.monaco-hover .hover-contents');
    const args = JSON.parse(decodeURIComponent(link[1]!)) as unknown[];
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.revealTopic', ...args), true);
    await selected('home/livingroom/temp');
  });

  it('shows which code publishes or subscribes to a live topic and opens it', async () => {
    const livingroom = await api.topics.rows(NAME, 'home/livingroom');
    const temp = livingroom.find((r) => r.path === 'home/livingroom/temp');
    assert.ok(temp, JSON.stringify(livingroom));
    // sensor.py publishes it (its /home/livingroom/temp is another topic); dashboard.ts's home/+/temp and # receive it.
    assert.match(temp.description, /^21\.7 · 2 messages · code: 1 pub, 2 sub$/);
    assert.equal(temp.contextValue, 'topic.code');
    const garden = await api.topics.rows(NAME, 'garden');
    // Only dashboard.ts's catch-all '#' receives garden/rain: a subscriber, no publisher.
    assert.match(garden.find((r) => r.path === 'garden/rain')!.description, /code: 0 pub, 1 sub/);
    // The Show Code command lists the sites; picking one opens it at the topic.
    const shown = vscode.commands.executeCommand<{ uri: string }[]>('mqttWorkbench.showCode', {
      broker: NAME,
      topic: 'home/livingroom/temp',
    });
    await new Promise((r) => setTimeout(r, 1000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const sites = await shown;
    assert.equal(sites.length, 3);
    const editor = vscode.window.activeTextEditor!;
    assert.ok(sites.some((s) => s.uri === editor.document.uri.toString()));
    assert.match(editor.document.getText(editor.selection), /home\/(livingroom|\+)\/temp|#/);
  });

  it('marks a live topic that no code subscribes to', async () => {
    // Without a catch-all in the workspace's code, garden/rain has no subscriber at all.
    const dashboard = workspaceFile('src', 'dashboard.ts');
    const doc = await vscode.workspace.openTextDocument(dashboard);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').indexOf("client.subscribe('#');");
    assert.ok(line > 0);
    await editor.edit((e) => e.replace(doc.lineAt(line).range, "client.subscribe('home/#');"));
    try {
      const deadline = Date.now() + 20_000;
      let description = '';
      while (Date.now() < deadline) {
        description = (await api.topics.rows(NAME, 'garden')).find((r) => r.path === 'garden/rain')?.description ?? '';
        if (description.includes('no subscriber in code')) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.match(description, /no subscriber in code/);
    } finally {
      await vscode.commands.executeCommand('undo');
      await doc.save();
    }
  });

  it('lists subscriptions in code that received nothing from the connected broker', async () => {
    const silent = await vscode.commands.executeCommand<{ pattern: string; uri: string }[]>(
      'mqttWorkbench.showSilentSubscriptions',
      false,
    );
    // sensor.py's home/livingroom/cmd/# saw no message; home/+/temp and # did; home/#/humidity is no filter at all.
    assert.deepEqual(
      silent.map((s) => s.pattern),
      ['home/livingroom/cmd/#'],
    );
  });

  it('filters the Topics view, subscribes while connected with the grant explained, and shows a history', async () => {
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.filterTopics', 'home/+/temp'), true);
    assert.deepEqual(
      (await api.topics.rows(NAME)).map((r) => r.path),
      ['home'],
    );
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.filterTopics', 'home/#/x'), false);
    await vscode.commands.executeCommand('mqttWorkbench.clearTopicFilter');
    assert.deepEqual(
      (await api.topics.rows(NAME)).map((r) => r.path),
      ['garden', 'home'],
    );

    // max_qos 1 on this broker: asked 2, granted 1.
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.subscribe', NAME, 'office/+', 2), 1);
    assert.deepEqual(
      api.brokers.subscriptions(NAME).map((s) => [s.topic, s.qos, s.granted]),
      [
        ['home/#', 0, 0],
        ['garden/#', 0, 0],
        ['office/+', 2, 1],
      ],
    );
    publish('office/door', 'open');
    await seen('office/door');
    // A topic with an empty first level (`/office/x`) has its own row, and VS Code can reveal it (its row id
    // must not be the broker's).
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.subscribe', NAME, '/office/#', 0), 0);
    publish('/office/lamp', 'on');
    await seen('/office/lamp');
    assert.equal(await vscode.commands.executeCommand('mqttWorkbench.revealTopic', '/office/lamp'), true);
    await selected('/office/lamp');
    await vscode.commands.executeCommand('mqttWorkbench.unsubscribe', { broker: NAME, topic: '/office/#' });
    await vscode.commands.executeCommand('mqttWorkbench.unsubscribe', { broker: NAME, topic: 'office/+' });
    assert.deepEqual(
      api.brokers.subscriptions(NAME).map((s) => s.topic),
      ['home/#', 'garden/#'],
    );

    const history = await vscode.commands.executeCommand<vscode.TextEditor>('mqttWorkbench.showHistory', {
      broker: NAME,
      topic: 'home/livingroom/temp',
    });
    const text = history.document.getText();
    assert.match(text, /^# home\/livingroom\/temp: the last 2 of 2 messages seen, newest first/);
    // The payloads, newest first (the headers' timestamps may hold the same digits, so compare payload lines).
    const payloads = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    assert.deepEqual(payloads, ['21.7', '21.5'], text);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const command = await vscode.commands.executeCommand<string>('mqttWorkbench.copyAsMosquittoPub', {
      broker: NAME,
      topic: 'home/livingroom/temp',
    });
    // As received: QoS 0 (the subscription's), not retained (it arrived live).
    assert.equal(command, `mosquitto_pub -h 127.0.0.1 -p ${broker.port} -V mqttv5 -t home/livingroom/temp -m 21.7`);
    assert.equal(await vscode.env.clipboard.readText(), command);

    // For the README: the Topics view beside a message, a JSON payload pretty-printed under its header.
    publish('home/kitchen/temp', '{"celsius":21.7,"humidity":48,"sensor":"kitchen-1"}');
    await seen('home/kitchen/temp');
    await vscode.commands.executeCommand('workbench.view.extension.mqttWorkbench');
    await vscode.commands.executeCommand('mqttWorkbench.revealTopic', 'home/kitchen/temp');
    const message = await vscode.commands.executeCommand<vscode.TextEditor>('mqttWorkbench.openMessage', {
      broker: NAME,
      topic: 'home/kitchen/temp',
    });
    assert.match(message.document.getText(), /"celsius": 21\.7/);
    assert.equal(message.document.uri.path, `/${NAME}/home/kitchen/temp`);
    await vscode.commands.executeCommand('notifications.clearAll');
    // The editor has the focus: making it narrower widens the side bar, so the rows' descriptions show.
    for (let i = 0; i < 6; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await screenshot('screenshot-explorer.png', '[id="workbench.view.extension.mqttWorkbench"] .monaco-list-row');
  });
});
