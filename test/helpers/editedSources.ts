/**
 * Small source texts for edit histories (test/unit/code/reuse.test.ts and `npm run fuzz:reuse`): per
 * language, lines with calls and constants, and the pieces an edit inserts.
 */
export interface EditedSource {
  lines: string[];
  edits: string[];
}

/** Calls, constants and the characters that change how the rest is read, per language. */
export const EDITED_SOURCES: Record<string, EditedSource> = {
  typescript: {
    lines: [
      "import mqtt from 'mqtt';",
      "const BASE = 'plant/line1';",
      "client.publish('a/b', payload, { qos: 1 });",
      'client.publish(`home/${room}/t`, x, { qos: 2 });',
      "client.subscribe(BASE + '/cmd/+');",
      "client.subscribe(['x/#', 'y/+'], { qos: 0 });",
      "client.publish('/lead', 'x', { properties: { topicAlias: 1 } });",
      "client.publish(TOPIC, 'v', opts);",
      'function publish(topic) { return topic; }',
      "const c = mqtt.connect('mqtt://127.0.0.1', { clientId: 'a' });",
      '// client.publish("in/comment")',
      // A line that starts with `/` (division or a regular expression, by the token before it), calls nested
      // across lines, and a call past the 80 characters a window looks back for its receiver.
      '/ 2 + publish("t/" + x)',
      "client.subscribe('n/+', () => {",
      "  publish('inner/' + BASE);",
      '})',
      `${'y'.repeat(90)} publish('long/line', p)`,
    ],
    edits: [
      '"',
      "'",
      '`',
      '(',
      ')',
      '{',
      '}',
      '/*',
      '*/',
      '//',
      '/',
      '\n',
      "BASE = 'z'\n",
      "const TOPIC = 'q/r'\n",
      '+',
      'topicAlias',
    ],
  },
  python: {
    lines: [
      'import paho.mqtt.client as mqtt',
      'BASE = "plant/line1"',
      'client.publish("a/b", payload, qos=1)',
      'client.publish(f"home/{room}/t", x, 2)',
      'client.subscribe(BASE + "/cmd/+")',
      'client.subscribe([("x/#", 0), ("y/+", 1)])',
      'def publish(self, topic="d/e"):',
      '    pass',
      '# client.publish("in/comment")',
      'client.publish("%s/status" % name)',
    ],
    edits: ['"', "'", '"""', '(', ')', '#', '\n', 'BASE = "z"\n', 'f"', '%'],
  },
  go: {
    lines: [
      'import mqtt "github.com/eclipse/paho.mqtt.golang"',
      'const Base = "plant/line1"',
      'token := client.Publish("a/b", 1, false, payload)',
      'client.Subscribe(Base+"/cmd/+", 0, handler)',
      'client.Publish(fmt.Sprintf("dev/%s/state", id), 2, true, "on")',
      'msg := &paho.Publish{Topic: "x/y", QoS: 1}',
    ],
    edits: ['"', '`', '(', ')', '{', '}', '//', '\n', 'const Base = "z"\n'],
  },
  c: {
    lines: [
      '#include "mosquitto.h"',
      '#define TOPIC "plant/line1"',
      'mosquitto_publish(m, NULL, "a/b", 2, p, 1, false);',
      'mosquitto_subscribe(m, NULL, TOPIC "/cmd/+", 0);',
      '  # define OTHER "x/y"',
      `${'x'.repeat(90)} mosquitto_publish(m, 0, "long/line", 1, p, 0, 0);`,
      'void publish(const char *topic) {',
      '}',
    ],
    edits: ['"', '(', ')', ';', '#', ' ', '\t', '\n', '/*', '*/', '//', '#define TOPIC "z"\n'],
  },
};
