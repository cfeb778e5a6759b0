/**
 * The MQTT library calls that carry topics, as data: which function, which argument, what role.
 * Generic names (`publish`, `subscribe`) count only in files that import an MQTT library, so Redis or
 * RxJS code stays quiet; names unique to a library (`mosquitto_publish`) count everywhere.
 */
import { familyOf, type LanguageFamily, SOURCE_LANGUAGES } from '../../../common/src/languages';
import type { TopicUse } from '../../../common/src/topics';
import type { UserCallPatternSetting } from '../types';

/** What the topic is used for: names are published to, filters are subscribed with. */
export type CallRole = TopicUse;

export interface CallPattern {
  families: readonly LanguageFamily[];
  /** Function or method name, exact. */
  name: string;
  /** Restrict to calls on this receiver identifier (`LastWill` in `LastWill::new`). */
  receiver?: string;
  /** Positional index of the topic argument. */
  arg: number;
  /** Keyword name of the topic argument (Python/C# named arguments). */
  kwarg?: string;
  role: CallRole;
  /** Positional index or keyword of a QoS argument, or `options` for a `{ qos }` object at that index. */
  qosArg?: number;
  qosKwarg?: string;
  qosInOptions?: number;
  /** The call only counts in files that import one of the family's MQTT libraries. */
  needsImport: boolean;
  /** The call counts only in files that use this library (its own include), before the family's generic entries. */
  evidence?: RegExp;
  library: string;
}

const p = (
  families: LanguageFamily[],
  library: string,
  needsImport: boolean,
  entries: [string, number, CallRole, Partial<CallPattern>?][],
): CallPattern[] =>
  entries.map(([name, arg, role, extra]) => ({ families, library, needsImport, name, arg, role, ...extra }));

/** `#include <AsyncMqttClient.h>` (marvinroger/async-mqtt-client: `publish(topic, qos, retain, payload)`). */
const ASYNC_MQTT_CLIENT = /#\s*include\s*[<"]AsyncMqttClient\.h[>"]/;
/** 256dpi/arduino-mqtt: `#include <MQTT.h>` and an `MQTTClient` (the header name alone is too common). */
const ARDUINO_MQTT = /#\s*include\s*[<"]MQTT\.h[>"](?=[\s\S]*?\bMQTTClient\b)/;

export const CALL_PATTERNS: readonly CallPattern[] = [
  ...p(['js'], 'mqtt.js', true, [
    ['publish', 0, 'publish', { qosInOptions: 2 }],
    ['publishAsync', 0, 'publish', { qosInOptions: 2 }],
    ['subscribe', 0, 'subscribe', { qosInOptions: 1 }],
    ['subscribeAsync', 0, 'subscribe', { qosInOptions: 1 }],
    ['unsubscribe', 0, 'unsubscribe'],
    ['unsubscribeAsync', 0, 'unsubscribe'],
  ]),
  ...p(['python'], 'paho-mqtt / aiomqtt', true, [
    ['publish', 0, 'publish', { kwarg: 'topic', qosArg: 2, qosKwarg: 'qos' }],
    ['single', 0, 'publish', { kwarg: 'topic', qosArg: 2, qosKwarg: 'qos' }],
    ['subscribe', 0, 'subscribe', { kwarg: 'topic', qosArg: 1, qosKwarg: 'qos' }],
    ['unsubscribe', 0, 'unsubscribe', { kwarg: 'topic' }],
    ['will_set', 0, 'will', { kwarg: 'topic', qosArg: 2, qosKwarg: 'qos' }],
    ['Will', 0, 'will', { kwarg: 'topic', qosArg: 2, qosKwarg: 'qos' }],
    ['message_callback_add', 0, 'route', { kwarg: 'sub' }],
    ['topic_matches_sub', 0, 'route', { kwarg: 'sub' }],
    ['matches', 0, 'route'],
  ]),
  ...p(['go'], 'paho.mqtt.golang', true, [
    ['Publish', 0, 'publish', { qosArg: 1 }],
    ['Subscribe', 0, 'subscribe', { qosArg: 1 }],
    ['Unsubscribe', 0, 'unsubscribe'],
    ['SetWill', 0, 'will', { qosArg: 2 }],
    ['AddRoute', 0, 'route'],
  ]),
  ...p(['c'], 'libmosquitto', false, [
    ['mosquitto_publish', 2, 'publish', { qosArg: 5 }],
    ['mosquitto_publish_v5', 2, 'publish', { qosArg: 5 }],
    ['mosquitto_subscribe', 2, 'subscribe', { qosArg: 3 }],
    ['mosquitto_subscribe_v5', 2, 'subscribe', { qosArg: 3 }],
    ['mosquitto_unsubscribe', 2, 'unsubscribe'],
    ['mosquitto_unsubscribe_v5', 2, 'unsubscribe'],
    ['mosquitto_will_set', 1, 'will', { qosArg: 4 }],
    ['mosquitto_will_set_v5', 1, 'will', { qosArg: 4 }],
    ['mosquitto_topic_matches_sub', 0, 'route'],
  ]),
  ...p(['c'], 'Paho C', false, [
    ['MQTTClient_publish', 1, 'publish', { qosArg: 4 }],
    ['MQTTClient_publish5', 1, 'publish', { qosArg: 4 }],
    ['MQTTClient_publishMessage', 1, 'publish'],
    ['MQTTClient_publishMessage5', 1, 'publish'],
    ['MQTTClient_subscribe', 1, 'subscribe', { qosArg: 2 }],
    ['MQTTClient_subscribe5', 1, 'subscribe', { qosArg: 2 }],
    ['MQTTClient_unsubscribe', 1, 'unsubscribe'],
    ['MQTTClient_unsubscribe5', 1, 'unsubscribe'],
    ['MQTTAsync_send', 1, 'publish', { qosArg: 4 }],
    ['MQTTAsync_sendMessage', 1, 'publish'],
    ['MQTTAsync_subscribe', 1, 'subscribe', { qosArg: 2 }],
    ['MQTTAsync_unsubscribe', 1, 'unsubscribe'],
  ]),
  // Arduino libraries whose argument order differs from PubSubClient's: their entries come first.
  ...p(['c'], 'AsyncMqttClient', true, [
    ['publish', 0, 'publish', { qosArg: 1, evidence: ASYNC_MQTT_CLIENT }],
    ['subscribe', 0, 'subscribe', { qosArg: 1, evidence: ASYNC_MQTT_CLIENT }],
    ['unsubscribe', 0, 'unsubscribe', { evidence: ASYNC_MQTT_CLIENT }],
  ]),
  // arduino-mqtt's publish has overloads with and without a length before retained and QoS: no QoS read there.
  ...p(['c'], 'arduino-mqtt', true, [
    ['publish', 0, 'publish', { evidence: ARDUINO_MQTT }],
    ['subscribe', 0, 'subscribe', { qosArg: 1, evidence: ARDUINO_MQTT }],
    ['unsubscribe', 0, 'unsubscribe', { evidence: ARDUINO_MQTT }],
  ]),
  ...p(['c'], 'paho.mqtt.cpp', true, [['message', 0, 'publish', { receiver: 'mqtt' }]]),
  ...p(['c'], 'PubSubClient / paho.mqtt.cpp', true, [
    ['publish', 0, 'publish'],
    ['subscribe', 0, 'subscribe', { qosArg: 1 }],
    ['unsubscribe', 0, 'unsubscribe'],
    ['make_message', 0, 'publish'],
  ]),
  ...p(['java'], 'Eclipse Paho', true, [
    ['publish', 0, 'publish', { qosArg: 2 }],
    ['subscribe', 0, 'subscribe', { qosArg: 1 }],
    ['unsubscribe', 0, 'unsubscribe'],
    ['setWill', 0, 'will', { qosArg: 2 }],
  ]),
  ...p(['java'], 'HiveMQ MQTT client', true, [
    ['topic', 0, 'publish'],
    ['topicFilter', 0, 'subscribe'],
    ['addSubscription', 0, 'subscribe'],
  ]),
  ...p(['csharp'], 'MQTTnet', true, [
    ['WithTopic', 0, 'publish'],
    ['WithTopicFilter', 0, 'subscribe', { qosArg: 1 }],
    ['WithWillTopic', 0, 'will'],
    ['SubscribeAsync', 0, 'subscribe', { qosArg: 1 }],
    ['UnsubscribeAsync', 0, 'unsubscribe'],
    ['PublishStringAsync', 0, 'publish', { qosArg: 2 }],
    ['PublishBinaryAsync', 0, 'publish', { qosArg: 2 }],
  ]),
  ...p(['rust'], 'rumqttc', true, [
    ['publish', 0, 'publish', { qosArg: 1 }],
    ['try_publish', 0, 'publish', { qosArg: 1 }],
    ['subscribe', 0, 'subscribe', { qosArg: 1 }],
    ['try_subscribe', 0, 'subscribe', { qosArg: 1 }],
    ['unsubscribe', 0, 'unsubscribe'],
    ['new', 0, 'will', { receiver: 'LastWill', qosArg: 2 }],
  ]),
];

/** Evidence that a file uses an MQTT library, per language family. */
export const IMPORT_EVIDENCE: Readonly<Record<LanguageFamily, RegExp>> = {
  js: /(?:require\s*\(\s*|from\s+|import\s+)['"](?:mqtt|async-mqtt|precompiled-mqtt|mqtt\/[^'"]*)['"]/,
  python: /\b(?:import|from)\s+(?:paho\.mqtt|aiomqtt|asyncio_mqtt|gmqtt)\b/,
  go: /"github\.com\/eclipse\/paho(?:\.mqtt\.golang|\.golang)[^"]*"/,
  c: new RegExp(
    `#\\s*include\\s*[<"](?:PubSubClient\\.h|mqtt\\/[^>"]+|MQTTClient\\.h|MQTTAsync\\.h|mosquitto\\.h)[>"]|${ASYNC_MQTT_CLIENT.source}|${ARDUINO_MQTT.source}`,
  ),
  java: /\bimport\s+(?:org\.eclipse\.paho|com\.hivemq\.client)\./,
  csharp: /\busing\s+MQTTnet\b/,
  rust: /\buse\s+rumqttc\b|\brumqttc::/,
};

/** The user's own call patterns (`mqttWorkbench.topics.callPatterns`) as table entries. */
export function userPatterns(list: readonly UserCallPatternSetting[]): CallPattern[] {
  const all = [...new Set(Object.values(SOURCE_LANGUAGES))];
  return list.map((u) => ({
    families: u.languages?.length
      ? [...new Set(u.languages.map(familyOf).filter((f): f is LanguageFamily => f !== undefined))]
      : all,
    name: u.function,
    arg: u.argument,
    role: u.role,
    needsImport: false,
    library: 'settings',
  }));
}
