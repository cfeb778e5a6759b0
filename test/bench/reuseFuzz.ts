/**
 * `npm run fuzz:reuse -- [--seed N] [--seconds S]`: the differential fuzz of an edited document's analysis.
 * Small texts per language, built from lines that stress the lexer (quotes, raw strings, prefixes, `/`, `#`,
 * nested and long lines), are edited again and again; each analysis that takes over from the previous one
 * (callMemo.ts) must find exactly what a fresh analysis of the same text finds. Prints each violation (the
 * old and new text) and exits 1 when there was one. With the reuse test's fix undone (windows read as from
 * their own start) it finds violations within seconds.
 */
import { parseArgs } from 'node:util';
import { analyseSource, type SourceAnalysis } from '../../server/src/code/sourceAnalysis';
import { EDITED_SOURCES, type EditedSource } from '../helpers/editedSources';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, seconds: { type: 'string', default: '60' } },
});
let state = (Number(values.seed) * 2654435761) >>> 0 || 1;
/** xorshift32: a failure replays from its seed. */
function random(): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const Y = (n: number) => 'y'.repeat(n);
/** A language's lines and edits from the reuse test, with more of this fuzz's own. */
const more = (base: EditedSource, extra: EditedSource): EditedSource => ({
  lines: [...base.lines, ...extra.lines],
  edits: [...base.edits, ...extra.edits],
});

/** Per language: lines to build texts from, and pieces to insert. */
const P: Record<string, EditedSource> = {
  javascript: more(EDITED_SOURCES.typescript!, {
    lines: [
      'x = a / publish("d/v") / 2',
      'const will = { topic: "w/t", qos: 1 }',
      'publish("u"',
      'publish(`a${"}"}`, /re/g)',
      'return /x/.test(a) && publish("r/e")',
      'topicAlias',
      "const TOPIC = 'q/r'",
    ],
    edits: ['${', 'return ', ' ', Y(85)],
  }),
  python: more(EDITED_SOURCES.python!, {
    lines: [
      `${Y(90)}r"\\"" ; client.publish("long/l")`,
      `r"\\" '" ; publish("k/r")`,
      'publish.single(TOPIC, "x", properties=props)',
      'props.TopicAlias = 1',
      'x = """',
      '"""',
      'client.publish(r"raw\\d/x")',
      'client.will_set("w/l", qos=2)',
      'TOPIC = BASE + "/t"',
    ],
    edits: ["'''", 'r', 'b', 'rb', '\\', ' ', Y(85)],
  }),
  go: more(EDITED_SOURCES.go!, {
    lines: [
      '`raw',
      '`',
      'func (c *C) Publish(topic string) {',
      '}',
      `${Y(90)} client.Publish("long/line", 0, false, p)`,
      "r := 'x'",
    ],
    edits: ["'", '/*', '*/', Y(85)],
  }),
  c: more(EDITED_SOURCES.c!, {
    lines: [
      'const char *s = R"(a")"; mosquitto_publish(m, 0, "raw/x", 1, p, 0, 0);',
      'x = L"w"; mosquitto_subscribe(m, 0, u8"u/8", 1);',
      '#if X \\',
      '  mosquitto_publish(m, 0, "pp/x", 1, p, 0, 0);',
      `${'x'.repeat(78)}R"(q)" mosquitto_publish(m, 0, "r/cut", 1, p, 0, 0);`,
      'MQTTClient_publish(c, "paho/c", 1, p, 1, 0, &t);',
      "char q = '\"';",
    ],
    edits: ["'", 'R"(', ')"', 'L', 'u8', '\\', 'x'.repeat(85)],
  }),
  cpp: {
    lines: [
      '#include <mqtt/async_client.h>',
      'const std::string TOPIC("plant/line1");',
      'cli.publish("a/b", payload, 1, false);',
      'cli->subscribe(TOPIC + "/cmd", 1);',
      'auto msg = mqtt::make_message("m/x", p);',
      'mqtt::message m2("mm/y", p, 1, false);',
      'mqtt::topic top(cli, "data/time", 1);',
      'top.publish(p);',
      'void publish(const std::string& t) {',
      '}',
      `${'x'.repeat(90)} cli.publish("long/line", p);`,
      'auto r = R"x(a)" b)x"; cli.publish("raw/after");',
    ],
    edits: ['"', '(', ')', ';', '#', ' ', '\n', '/*', '*/', '//', 'R"(', ')"', 'mqtt::topic ', '\\', 'x'.repeat(85)],
  },
  java: {
    lines: [
      'import org.eclipse.paho.client.mqttv3.*;',
      'import com.hivemq.client.mqtt.*;',
      'static final String BASE = "plant/line1";',
      'client.publish("a/b", msg);',
      'client.subscribe(BASE + "/cmd/+", 1);',
      'client.subscribeWith().topicFilter("s/f").send();',
      'client.publishWith().topic("p/t").send();',
      'client.toAsync().subscribeWith().topic("odd/t");',
      'public void publish(String topic) {',
      '}',
      'String s = """',
      '  text """;',
      'builder.willPublish().topic("w/p").applyWillPublish();',
      `${Y(1600)}`,
    ],
    edits: ['"', '"""', '(', ')', '{', '}', ';', '//', '/*', '*/', '\n', 'subscribeWith()', '.', Y(200)],
  },
  csharp: {
    lines: [
      'using MQTTnet;',
      'const string Base = "plant/line1";',
      'var m = new MqttApplicationMessageBuilder().WithTopic("a/b").Build();',
      'await client.SubscribeAsync(Base + "/cmd/+", q);',
      'var o = f.CreateSubscribeOptionsBuilder().WithTopicFilter("f/x").WithTopic("odd").Build();',
      'await c.PublishStringAsync($"dev/{id}/s", p);',
      'var v = @"C:\\path"" x";',
      'Task SubscribeAsync(string topic) {',
      '}',
      'b.WithWillTopic("w/t");',
      `${Y(1600)}`,
      'var s = $@"{a}/b";',
    ],
    edits: ['"', '@', '$', '$"', '@"', '(', ')', '{', '}', ';', '//', '/*', '*/', '\n', '"""', Y(200)],
  },
  rust: {
    lines: [
      'use rumqttc::{AsyncClient, QoS};',
      'const BASE: &str = "plant/line1";',
      'client.publish("a/b", QoS::AtLeastOnce, false, p).await?;',
      'client.subscribe(BASE, QoS::AtMostOnce).await?;',
      'let w = LastWill::new("w/t", "gone", QoS::AtLeastOnce, false);',
      'let r = r#"raw " str"#; client.publish("r/a", QoS::ExactlyOnce, false, p);',
      "fn publish<'a>(t: &'a str) {",
      '}',
      'let c = \'x\'; let b = b"by";',
      `${Y(90)} client.try_publish("long/line", QoS::AtMostOnce, false, p);`,
      '/* nested /* comment */ still */',
      'client.publish(format!("dev/{}/s", id), QoS::AtLeastOnce, false, p);',
    ],
    edits: ['"', "'", '#', 'r#"', '"#', 'r"', 'b"', '(', ')', '{', '}', ';', '//', '/*', '*/', '\n', '\\', Y(85)],
  },
};
P.typescript = P.javascript!;

function source(language: { lines: string[] }): string {
  const n = 2 + Math.floor(random() * 14);
  const out = [language.lines[0]!];
  while (out.length < n) out.push(random() < 0.15 ? `x${out.length} = ${out.length}` : pick(language.lines));
  if (random() < 0.3) out.push(out.shift()!);
  return out.join(pick(['\n', '\n', '\n', ' ', '\r\n'])) + (random() < 0.8 ? '\n' : '');
}

function edit(text: string, language: { lines: string[]; edits: string[] }): string {
  const at = Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.45) return text.slice(0, at) + pick(language.edits) + text.slice(at);
  if (kind < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 6));
  if (kind < 0.8) return text.slice(0, at) + pick(language.lines) + '\n' + text.slice(at);
  if (kind < 0.84) return text.slice(Math.floor(random() * Math.min(text.length + 1, 100)));
  if (kind < 0.88) return pick(language.edits) + text;
  if (kind < 0.92) return text + pick(language.edits);
  if (kind < 0.94) return text;
  if (kind < 0.95) return '';
  return text.slice(0, at) + text.slice(Math.floor(random() * (text.length + 1)));
}

const sites = (analysis: SourceAnalysis | undefined) => JSON.stringify(analysis?.found.sites);
const languages = Object.keys(P);
const began = Date.now();
let checks = 0;
let violations = 0;
while (Date.now() - began < Number(values.seconds) * 1000) {
  const languageId = pick(languages);
  const language = P[languageId]!;
  let text = source(language);
  let previous = analyseSource(text, languageId, [], undefined, {});
  for (let step = 0; step < 10; step++) {
    const next = edit(text, language);
    const edited = analyseSource(next, languageId, [], undefined, { previous });
    checks++;
    if (sites(edited) !== sites(analyseSource(next, languageId))) {
      violations++;
      if (violations <= 5) console.log(JSON.stringify({ languageId, old: text, new: next }));
      break;
    }
    text = next;
    previous = edited;
  }
}
console.log(`seed ${values.seed}: ${checks.toLocaleString('en')} edits checked, ${violations} violations`);
process.exitCode = violations > 0 ? 1 : 0;
