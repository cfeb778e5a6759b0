/** Regression tests for issue 8's code patterns: each a minimal case of a false finding seen on real projects. */
import * as assert from 'node:assert/strict';
import { analyseConnections } from '../../../server/src/code/connection';
import { findTopics, topicDisplay } from '../../../server/src/code/findTopics';
import { validateCode } from '../../../server/src/code/validateCode';
import { CODE_CODES } from '../../../server/src/code/codes';
import { programOf } from '../../../server/src/workspace/programs';

const isTestOrExample = (uri: string) => programOf(uri, ['file:///r/']) !== undefined;
import { TopicIndex } from '../../../server/src/workspace/topicIndex';
import { workspaceProblems } from '../../../server/src/workspace/workspaceChecks';
import { CODE_SETTINGS } from '../../helpers/code';

const topics = (text: string, languageId: string) =>
  (findTopics(text, languageId)?.sites ?? []).map((s) => [s.role, topicDisplay(s)]);
const codes = (text: string, languageId: string) =>
  validateCode(text, languageId, CODE_SETTINGS).map((d) => `${d.code}:${d.range.start.line}`);
const duplicates = (text: string, languageId: string) =>
  analyseConnections(text, languageId)
    .findings.filter((f) => f.code === 'duplicate-client-id')
    .map((f) => `${f.message}\n${f.detail ?? ''}`);

describe('duplicate client ids: only clients alive at the same time', () => {
  it('not for clients in separate test functions', () => {
    const py = [
      'import paho.mqtt.client as mqtt',
      'def test_one():',
      '    c = mqtt.Client(client_id="tester")',
      'def test_two():',
      '    c = mqtt.Client(client_id="tester")',
    ].join('\n');
    assert.deepEqual(duplicates(py, 'python'), []);
    const js = [
      "const mqtt = require('mqtt');",
      "it('one', () => {",
      "  mqtt.connect('mqtt://h', { clientId: 'tester' });",
      '});',
      "it('two', async function () {",
      "  mqtt.connect('mqtt://h', { clientId: 'tester' });",
      '});',
    ].join('\n');
    assert.deepEqual(duplicates(js, 'javascript'), []);
    const go = [
      'import mqtt "github.com/eclipse/paho.mqtt.golang"',
      'func TestOne(t *testing.T) {',
      '  opts.SetClientID("tester")',
      '}',
      'func TestTwo(t *testing.T) {',
      '  opts.SetClientID("tester")',
      '}',
    ].join('\n');
    assert.deepEqual(duplicates(go, 'go'), []);
  });

  it('not for reconnecting with the same id after the first client ended (resuming a session)', () => {
    const js = [
      "const mqtt = require('mqtt');",
      "let c = mqtt.connect('mqtt://h', { clientId: 'resumer', clean: false });",
      'c.end();',
      "c = mqtt.connect('mqtt://h', { clientId: 'resumer', clean: false });",
    ].join('\n');
    assert.deepEqual(duplicates(js, 'javascript'), []);
    const py = [
      'import paho.mqtt.client as mqtt',
      'c = mqtt.Client("resumer", clean_session=False)',
      'c.connect("h")',
      'c.disconnect()',
      'c = mqtt.Client("resumer", clean_session=False)',
    ].join('\n');
    assert.deepEqual(duplicates(py, 'python'), []);
    // aiomqtt: each `async with` block ends its client.
    const aio = [
      'import aiomqtt',
      'async def main():',
      '    async with aiomqtt.Client("h", identifier="resumer", clean_session=False) as c:',
      '        await c.publish("a/b", 1)',
      '    async with aiomqtt.Client("h", identifier="resumer", clean_session=False) as c:',
      '        await c.subscribe("a/b")',
    ].join('\n');
    assert.deepEqual(duplicates(aio, 'python'), []);
  });

  it('still for two clients of one function alive together, and the message says when they fight', () => {
    const py = [
      'import paho.mqtt.client as mqtt',
      'def main():',
      '    a = mqtt.Client(client_id="twin")',
      '    a.connect("h")',
      '    with open("x") as f:',
      '        b = mqtt.Client(client_id="twin")',
    ].join('\n');
    const found = duplicates(py, 'python');
    assert.equal(found.length, 1);
    assert.match(found[0]!, /also used on line 3: both clients are made in the same function/);
    assert.match(found[0]!, /reusing an id after ending the first client/);
    const js =
      "const mqtt = require('mqtt');\nconst a = mqtt.connect('mqtt://h', { clientId: 'twin' });\nconst b = mqtt.connect('mqtt://h', { clientId: 'twin' });";
    assert.equal(duplicates(js, 'javascript').length, 1);
    // Inside an `if` the function is still the same.
    const go = [
      'import mqtt "github.com/eclipse/paho.mqtt.golang"',
      'func main() {',
      '  a.SetClientID("twin")',
      '  if x {',
      '    b.SetClientID("twin")',
      '  }',
      '}',
    ].join('\n');
    assert.equal(duplicates(go, 'go').length, 1);
  });

  it('across files only between programs, not tests or examples, and says "if they run at the same time"', () => {
    const index = new TopicIndex();
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } };
    const add = (uri: string) => index.set(uri, [], [{ uri, id: 'shared', range }]);
    add('file:///p/src/publisher.py');
    add('file:///p/src/listener.js');
    add('file:///p/tests/test_client.py');
    add('file:///p/examples/basic.py');
    const program = workspaceProblems(index, 'file:///p/src/publisher.py').filter(
      (p) => p.code === 'duplicate-client-id',
    );
    assert.equal(program.length, 1);
    assert.match(program[0]!.detail ?? '', /listener\.js:2: if these programs run at the same time/);
    assert.doesNotMatch(program[0]!.message, /test_client|basic/);
    for (const uri of ['file:///p/tests/test_client.py', 'file:///p/examples/basic.py'])
      assert.deepEqual(
        workspaceProblems(index, uri).filter((p) => p.code === 'duplicate-client-id'),
        [],
      );
  });

  it('tells tests and examples from programs by their path', () => {
    for (const path of [
      'file:///r/test/a.js',
      'file:///r/src/__tests__/a.ts',
      'file:///r/examples/pub.c',
      'file:///r/docs/snippet.py',
      'file:///r/src/test_client.py',
      'file:///r/pkg/client_test.go',
      'file:///r/src/client.spec.ts',
      'file:///r/src/ClientTest.java',
      'file:///r/src/example.cpp',
      'file:///r/Source/MQTTnet.Tests/Clients/MqttClient_Tests.cs',
      'file:///r/Source/Lib.Benchmarks/ReaderBenchmark.cs',
      'file:///r/src/Client_Tests.cs',
    ])
      assert.ok(isTestOrExample(path), path);
    for (const path of [
      'file:///r/src/sensor.py',
      'file:///r/app/Latest.java',
      'file:///r/src/democracy.py',
      'file:///r/contest.go',
      'file:///r/Source/MQTTnet.Server/Server.cs',
    ])
      assert.ok(!isTestOrExample(path), path);
  });
});

describe('a client id passed by position', () => {
  it('is seen in paho 1.x and 2.x signatures, so a persistent session is not reported', () => {
    const v1 = 'import paho.mqtt.client as mqtt\nc = mqtt.Client("station-1", clean_session=False)';
    const v1Positional = 'import paho.mqtt.client as mqtt\nc = mqtt.Client("station-1", False)';
    const v2 =
      'import paho.mqtt.client as mqtt\nc = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, "station-1", clean_session=False)';
    for (const text of [v1, v1Positional, v2]) {
      const analysis = analyseConnections(text, 'python');
      assert.deepEqual(
        analysis.findings.map((f) => f.code),
        [],
        text,
      );
      assert.deepEqual(
        analysis.clientIds.map((c) => c.id),
        ['station-1'],
        text,
      );
    }
  });

  it('still reports a persistent session whose id is empty or random, and reads the clean flag by position', () => {
    const empty = 'import paho.mqtt.client as mqtt\nc = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, "", False)';
    const random =
      'import paho.mqtt.client as mqtt\nc = mqtt.Client(f"c-{random.randint(0, 99)}", clean_session=False)';
    for (const text of [empty, random])
      assert.deepEqual(
        analyseConnections(text, 'python').findings.map((f) => f.code),
        ['persistent-session-without-client-id'],
        text,
      );
    // A computed id that is not random (from configuration) counts as fixed.
    const configured = 'import paho.mqtt.client as mqtt\nc = mqtt.Client(client_id=CLIENT_ID, clean_session=False)';
    assert.deepEqual(analyseConnections(configured, 'python').findings, []);
  });

  it('does not take a paho client id for a host, nor an aiomqtt host for a client id', () => {
    const paho =
      'import paho.mqtt.client as mqtt\nc = mqtt.Client("remote-id")\nc.username_pw_set("u", "p")\nc.connect("localhost")';
    assert.deepEqual(analyseConnections(paho, 'python').findings, []);
    const aio = 'import aiomqtt\nc = aiomqtt.Client("broker.example.com", identifier="x")';
    assert.deepEqual(
      analyseConnections(aio, 'python').clientIds.map((c) => c.id),
      ['x'],
    );
  });
});

describe('an empty topic with an MQTT 5 Topic Alias', () => {
  it('is legal in mqtt.js and paho', () => {
    const js = "const mqtt = require('mqtt');\nclient.publish('', 'x', { properties: { topicAlias: 1 } });";
    assert.deepEqual(codes(js, 'javascript'), []);
    const py = [
      'import paho.mqtt.client as mqtt',
      'props = Properties(PacketTypes.PUBLISH)',
      'props.TopicAlias = 1',
      'client.publish("", "x", properties=props)',
    ].join('\n');
    assert.deepEqual(codes(py, 'python'), []);
  });

  it('is still an error without one', () => {
    assert.deepEqual(codes("const mqtt = require('mqtt');\nclient.publish('', 'x', { qos: 1 });", 'javascript'), [
      'empty-topic:1',
    ]);
  });
});

describe('definitions are not calls', () => {
  it('in Python: a def signature, and an annotated assignment does not make its type a constant', () => {
    const py = [
      'import paho.mqtt.client as mqtt',
      'prefix: str = ""',
      'class Bus:',
      '    def publish(self, topic: str, payload, qos=2):',
      '        self.client.publish(topic, payload, qos=1)',
      '    def connect(self, host, port=1883, keepalive=0):',
      '        pass',
      'T: str = "home/x"',
      'client.subscribe(T)',
    ].join('\n');
    assert.deepEqual(codes(py, 'python'), []);
    assert.deepEqual(topics(py, 'python'), [['subscribe', 'home/x']]);
  });

  it('in JavaScript and TypeScript: function declarations and class or object methods', () => {
    const ts = [
      "import mqtt from 'mqtt';",
      "const topic = '';",
      'class Bus {',
      '  publish(topic: string): void {',
      '    this.client.publish(topic, "x");',
      '  }',
      '  subscribe(topic) {',
      '  }',
      '}',
      'function unsubscribe(topic) {}',
      "client.publish('a/b', 'x');",
    ].join('\n');
    assert.deepEqual(topics(ts, 'typescript'), [
      ['publish', ''],
      ['publish', 'a/b'],
    ]);
  });

  it('in Java, C#, C++, Go and Rust', () => {
    const java =
      'import org.eclipse.paho.client.mqttv3.*;\nclass A {\n  static final String T = "";\n  public void publish(String T, int qos) throws Exception {\n  }\n}';
    assert.deepEqual(topics(java, 'java'), []);
    const cs =
      'using MQTTnet;\nclass A {\n  const string T = "";\n  public async Task SubscribeAsync(string T) {\n  }\n  Task UnsubscribeAsync(string T) => Task.CompletedTask;\n}';
    assert.deepEqual(topics(cs, 'csharp'), []);
    const cpp =
      '#include <mqtt/async_client.h>\nconst std::string T = "";\nvoid Bus::publish(const std::string& T) {\n}\nvoid subscribe(const char* T);';
    assert.deepEqual(topics(cpp, 'cpp'), []);
    const go =
      'import mqtt "github.com/eclipse/paho.mqtt.golang"\nconst T = ""\nfunc (b *Bus) Publish(T string) {\n}\nfunc Subscribe(T string) {}';
    assert.deepEqual(topics(go, 'go'), []);
    const rust = 'use rumqttc::*;\nconst T: &str = "";\nfn publish(T: &str) {\n}';
    assert.deepEqual(topics(rust, 'rust'), []);
    // Calls next to them are still read.
    assert.deepEqual(
      topics('using MQTTnet;\nawait SubscribeAsync("a/b");\nreturn client.SubscribeAsync("c/d");', 'csharp'),
      [
        ['subscribe', 'a/b'],
        ['subscribe', 'c/d'],
      ],
    );
  });
});

describe('C++ topics', () => {
  it('resolves constants initialised with braces, parentheses or constexpr auto', () => {
    const cpp = [
      '#include <mqtt/async_client.h>',
      'const std::string BRACED { "a/braced" };',
      'const std::string PARENS("a/parens");',
      'constexpr auto AUTO = "a/auto";',
      'cli.publish(BRACED, "x");',
      'cli.publish(PARENS, "x");',
      'cli.subscribe(AUTO, 1);',
    ].join('\n');
    assert.deepEqual(topics(cpp, 'cpp'), [
      ['publish', 'a/braced'],
      ['publish', 'a/parens'],
      ['subscribe', 'a/auto'],
    ]);
  });

  it('reads mqtt::message and mqtt::make_message, and an mqtt::topic object by its name argument', () => {
    const cpp = [
      '#include "mqtt/async_client.h"',
      'const std::string PAYLOAD = "hello/payload";',
      'auto m = mqtt::message("a/msg", PAYLOAD, 1, false);',
      'auto n = mqtt::make_message("a/made", PAYLOAD);',
      'mqtt::topic top(cli, "a/topic", 2);',
      'top.publish(PAYLOAD);',
    ].join('\n');
    assert.deepEqual(topics(cpp, 'cpp'), [
      ['publish', 'a/msg'],
      ['publish', 'a/made'],
      ['publish', 'a/topic'],
    ]);
  });

  it('supports AsyncMqttClient and arduino-mqtt with their own argument orders', () => {
    const asyncClient = [
      '#include <AsyncMqttClient.h>',
      'AsyncMqttClient mqttClient;',
      'mqttClient.publish("esp/state", 2, true, "on");',
      'mqttClient.subscribe("esp/cmd", 3);',
    ].join('\n');
    assert.deepEqual(codes(asyncClient, 'cpp'), ['qos2-cost:2', 'invalid-qos:3']);
    assert.deepEqual(topics(asyncClient, 'cpp'), [
      ['publish', 'esp/state'],
      ['subscribe', 'esp/cmd'],
    ]);
    const arduino = [
      '#include <MQTT.h>',
      'MQTTClient client;',
      'client.publish("esp/hello", "world");',
      'client.subscribe("esp/+/in", 1);',
    ].join('\n');
    assert.deepEqual(topics(arduino, 'cpp'), [
      ['publish', 'esp/hello'],
      ['subscribe', 'esp/+/in'],
    ]);
    // MQTT.h alone is too common a name to count as arduino-mqtt.
    assert.deepEqual(topics('#include <MQTT.h>\nclient.publish("esp/hello", "world");', 'cpp'), []);
  });
});

describe('informations that fire on purpose', () => {
  it('qos2-cost and subscribe-all are hints by default, and still reported', () => {
    assert.equal(CODE_CODES['qos2-cost'].severity, 'hint');
    assert.equal(CODE_CODES['subscribe-all'].severity, 'hint');
    const js = "const mqtt = require('mqtt');\nclient.subscribe('#', { qos: 2 });";
    assert.deepEqual(
      validateCode(js, 'javascript', CODE_SETTINGS).map((d) => [d.code, d.severity]),
      [
        ['subscribe-all', 4],
        ['qos2-cost', 4],
      ],
    );
  });
});

describe('template literal placeholders that are string literals', () => {
  it('are the literal text, and the topic is complete', () => {
    const js =
      "const mqtt = require('mqtt');\nclient.publish(`home/${'all'}/refresh`, 'x');\nclient.subscribe(`a/${\"b\"}/${id}`);";
    assert.deepEqual(topics(js, 'javascript'), [
      ['publish', 'home/all/refresh'],
      ['subscribe', 'a/b/{id}'],
    ]);
    const py = 'import paho.mqtt.client as mqtt\nc.publish(f"home/{\'all\'}/refresh")';
    assert.deepEqual(topics(py, 'python'), [['publish', 'home/all/refresh']]);
  });
});

describe('variables that only start as text', () => {
  it('a name assigned something else later is not a constant (Java sample reading -t from args)', () => {
    const java = [
      'import org.eclipse.paho.client.mqttv3.*;',
      'class Sample { void main(String[] args) {',
      '  String topic = "";',
      '  for (int i = 0; i < args.length; i++) { if (args[i].equals("-t")) topic = args[++i]; }',
      '  client.publish(topic, 1, payload);',
      '}}',
    ].join('\n');
    assert.deepEqual(validateCode(java, 'java', CODE_SETTINGS), []);
    // Assigned only text, it stays a constant: the empty topic is still found.
    assert.deepEqual(
      validateCode(java.replace('topic = args[++i]', 'other = args[++i]'), 'java', CODE_SETTINGS).map((d) => d.code),
      ['empty-topic'],
    );
  });
});

describe('Java clients made elsewhere', () => {
  it('a persistent session is not judged when the client (and its id) comes from a factory', () => {
    const java = [
      'import org.eclipse.paho.client.mqttv3.*;',
      'class T { void run() throws Exception {',
      '  IMqttClient client = clientFactory.createMqttClient(serverURI, methodName);',
      '  MqttConnectOptions options = new MqttConnectOptions();',
      '  options.setCleanSession(false);',
      '  client.connect(options);',
      '}}',
    ].join('\n');
    assert.deepEqual(validateCode(java, 'java', CODE_SETTINGS), []);
  });

  it('reads the id of an Android client from its third argument', () => {
    const java = [
      'import org.eclipse.paho.android.service.MqttAndroidClient;',
      'class C { void make() { client = new MqttAndroidClient(context, "tcp://broker:1883", "kitchen-panel"); } }',
    ].join('\n');
    assert.deepEqual(
      analyseConnections(java, 'java').clientIds.map((c) => c.id),
      ['kitchen-panel'],
    );
  });
});

describe('TLS verification switched off on request', () => {
  it('is not reported under a condition that names the opt-in, and is elsewhere', () => {
    const guarded = [
      'import paho.mqtt.client as mqtt',
      'c = mqtt.Client()',
      'if args.insecure:',
      '    c.tls_insecure_set(True)',
    ].join('\n');
    const plain = 'import paho.mqtt.client as mqtt\nc = mqtt.Client()\nc.tls_insecure_set(True)\n';
    const tlsOff = (text: string) =>
      analyseConnections(text, 'python').findings.filter((f) => f.code === 'tls-verification-off').length;
    assert.equal(tlsOff(guarded), 0);
    assert.equal(tlsOff(plain), 1);
  });
});
