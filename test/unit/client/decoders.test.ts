/** Payload decoders of the message view: every format, its failures, the limits, and the payload-format setting. */
import * as assert from 'node:assert/strict';
import { encode as msgpack } from '@msgpack/msgpack';
import * as protobuf from 'protobufjs';
import {
  type Decoded,
  decodePayload,
  type DecodeRequest,
  indentJson,
  LIMITS,
  loadProtoSchema,
  type ProtoSchema,
} from '../../../client/src/core/decoders';
import { renderMessage } from '../../../client/src/core/payload';
import { formatFor, parsePayloadFormats } from '../../../client/src/core/payloadFormats';
import { SPARKPLUG_PROTO, SPARKPLUG_TYPE } from '../../../client/src/core/sparkplug';

const bytes = (text: string) => new TextEncoder().encode(text);
const decode = (payload: Uint8Array, more: Partial<DecodeRequest> = {}): Promise<Decoded> =>
  decodePayload({ topic: 'a/b', bytes: payload, size: payload.length, ...more });
/** A message that must not take long: a generous bound, to catch a hang or a quadratic blow-up, not to benchmark. */
async function bounded<T>(work: () => Promise<T>, ms = 5000): Promise<T> {
  const started = Date.now();
  const result = await work();
  assert.ok(Date.now() - started < ms, `took ${Date.now() - started} ms`);
  return result;
}

describe('payload decoders: JSON and text', () => {
  it('re-indents JSON token by token, keeping numbers exactly as written', async () => {
    const r = await decode(bytes('{"id":12345678901234567890,"a":[],"s":"x\\"{,:}","o":{ }}'));
    assert.equal(r.language, 'jsonc');
    assert.equal(r.format, 'json (automatic)');
    assert.equal(r.body, '{\n  "id": 12345678901234567890,\n  "a": [],\n  "s": "x\\"{,:}",\n  "o": {}\n}');
    assert.deepEqual(r.notes, []);
  });

  it('falls back to raw text with a note for a 10,000-deep document, without recursing', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    assert.equal(indentJson(deep), undefined);
    for (const format of [undefined, 'json' as const]) {
      const r = await bounded(() => decode(bytes(deep), format ? { format } : {}));
      assert.equal(r.language, 'plaintext');
      assert.equal(r.body, deep);
      assert.match(r.notes.join('\n'), /nested deeper than 100 levels: raw text/);
    }
  });

  it('caps a 16 MiB JSON document and a 16 MiB text, and says so', async () => {
    const item = '{"k":"' + 'v'.repeat(90) + '"},';
    const big = '[' + item.repeat(Math.ceil((16 * 1024 * 1024) / item.length)).slice(0, -1) + ']';
    const json = await bounded(() => decode(bytes(big), { format: 'json' }));
    assert.match(json.notes.join('\n'), /more than 4194304 characters: raw text, not formatted/);
    assert.match(json.notes.join('\n'), /only the first 1048576 characters are shown/);
    assert.ok(json.body.length <= LIMITS.output);
    const text = await bounded(() => decode(new Uint8Array(16 * 1024 * 1024).fill(0x61)));
    assert.equal(text.format, 'text (automatic)');
    assert.equal(text.body.length, LIMITS.output);
    assert.match(text.notes.join('\n'), /only the first 1048576 characters/);
  });

  it('says why a payload chosen as JSON or text is not, and shows it automatically', async () => {
    const notJson = await decode(bytes('21.5 degrees'), { format: 'json', source: 'setting[0]' });
    assert.equal(notJson.body, '21.5 degrees');
    assert.match(notJson.notes[0]!, /^not decoded as json: /);
    const invalid = await decode(new Uint8Array([0x61, 0xff, 0xfe]), { format: 'text' });
    assert.deepEqual(invalid.notes, ['not decoded as text: not valid UTF-8', 'not valid UTF-8: shown as a hex dump']);
    assert.equal(invalid.format, 'hex (automatic)');
    assert.match(invalid.body, /^00000000 {2}61 ff fe/);
  });

  it('reads a payload cut inside a UTF-8 character as text, not as invalid', async () => {
    const cut = bytes('température').subarray(0, 5); // 'temp' and the first byte of 'é'
    const r = await decodePayload({ topic: 't', bytes: cut, size: 100 });
    assert.equal(r.format, 'text (automatic)');
    assert.equal(r.body, 'temp');
  });

  it('dumps binary as hex, at most 16 KiB of it', async () => {
    const r = await decode(new Uint8Array(20_000), { format: 'hex' });
    assert.equal(r.format, 'hex (chosen)');
    assert.equal(r.body.split('\n').length, 1024);
    assert.deepEqual(r.notes, ['the hex dump shows the first 16384 bytes']);
  });
});

describe('payload decoders: MessagePack and CBOR', () => {
  it('decodes MessagePack to JSON: bytes in hex, 64-bit integers exact, timestamps as dates', async () => {
    const payload = msgpack(
      { t: 21.5, ok: true, raw: new Uint8Array([1, 2, 255]), big: 2n ** 64n - 1n, at: new Date(Date.UTC(2026, 0, 1)) },
      { useBigInt64: true },
    );
    const r = await decode(payload, { format: 'msgpack' });
    assert.deepEqual(r.notes, []);
    assert.deepEqual(JSON.parse(r.body), {
      t: 21.5,
      ok: true,
      raw: '3 bytes: 0102ff',
      big: '18446744073709551615',
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('says why MessagePack did not decode: invalid, cut short, nested too deep', async () => {
    const invalid = await decode(new Uint8Array([0xc1]), { format: 'msgpack' });
    assert.match(invalid.notes[0]!, /^not decoded as msgpack: /);
    assert.equal(invalid.format, 'hex (automatic)');
    const whole = msgpack({ list: [1, 2, 3, 'four'] });
    const cut = await decode(whole.subarray(0, whole.length - 3), { format: 'msgpack' });
    assert.match(cut.notes[0]!, /^not decoded as msgpack: /);
    const partial = await decodePayload({ topic: 't', bytes: whole, size: whole.length * 2, format: 'msgpack' });
    assert.match(partial.notes[0]!, /only part of the payload is kept/);
    const deep = new Uint8Array(10_001).fill(0x91); // ten thousand arrays of one array each...
    deep[10_000] = 0xc0; // ...around a nil
    const nested = await bounded(() => decode(deep, { format: 'msgpack' }));
    assert.match(nested.notes[0]!, /^not decoded as msgpack: /);
  });

  it('decodes CBOR, with maps whose keys are not strings, and refuses what it cannot read', async () => {
    const { encode } = await import('cborg');
    const r = await decode(encode({ t: 21.5, tags: ['a', 'b'], raw: new Uint8Array([7]) }), { format: 'cbor' });
    assert.deepEqual(JSON.parse(r.body), { t: 21.5, tags: ['a', 'b'], raw: '1 bytes: 07' });
    // {1: "one"} with an integer key, and tag 1 (epoch seconds) around 0.
    const keyed = await decode(new Uint8Array([0xa1, 0x01, 0x63, 0x6f, 0x6e, 0x65]), { format: 'cbor' });
    assert.deepEqual(JSON.parse(keyed.body), { 1: 'one' });
    const date = await decode(new Uint8Array([0xc1, 0x00]), { format: 'cbor' });
    assert.equal(JSON.parse(date.body), '1970-01-01T00:00:00.000Z');
    const invalid = await decode(new Uint8Array([0x1c]), { format: 'cbor' });
    assert.match(invalid.notes[0]!, /^not decoded as cbor: /);
    const unknownTag = await decode(new Uint8Array([0xd9, 0x99, 0x99, 0x00]), { format: 'cbor' });
    assert.match(unknownTag.notes[0]!, /^not decoded as cbor: /);
    const trailing = await decode(new Uint8Array([0x01, 0x02]), { format: 'cbor' });
    assert.match(trailing.notes[0]!, /^not decoded as cbor: /);
  });
});

describe('payload decoders: protobuf with the user schema', () => {
  const files: Record<string, string> = {
    '/ws/schemas/telemetry.proto': `
      syntax = "proto3";
      package acme;
      import "common.proto";
      message Telemetry { string device = 1; double temp = 2; int64 counter = 3; acme.Status status = 4; }`,
    '/ws/schemas/common.proto': `syntax = "proto3"; package acme; enum Status { UNKNOWN = 0; OK = 1; FAULT = 2; }`,
    '/ws/schemas/other.proto': `syntax = "proto3"; package acme; message Other { string note = 9; }`,
    '/ws/schemas/broken.proto': `syntax = "proto3"; message { }`,
  };
  const read = (path: string) =>
    files[path] !== undefined ? Promise.resolve(files[path]) : Promise.reject(new Error(`ENOENT: ${path}`));
  const schema = (file: string, type: string) => loadProtoSchema(`/ws/schemas/${file}`, type, read);
  const typeOf = (s: ProtoSchema) => {
    assert.ok('type' in s, JSON.stringify(s));
    return s.type;
  };
  let telemetry: Uint8Array;
  before(async () => {
    const type = typeOf(await schema('telemetry.proto', 'acme.Telemetry'));
    telemetry = type
      .encode(type.fromObject({ device: 'press-4', temp: 71.25, counter: '9007199254740993', status: 2 }))
      .finish();
  });

  it('decodes with a message type of a .proto file and the files it imports: enums by name, 64-bit exact', async () => {
    const r = await decode(telemetry, {
      format: 'protobuf',
      schema: await schema('telemetry.proto', 'acme.Telemetry'),
    });
    assert.deepEqual(r.notes, []);
    assert.equal(r.language, 'jsonc');
    assert.deepEqual(JSON.parse(r.body), {
      device: 'press-4',
      temp: 71.25,
      counter: '9007199254740993',
      status: 'FAULT',
    });
  });

  it('says when a message is cut short, or has fields the chosen type does not', async () => {
    const type = await schema('telemetry.proto', 'acme.Telemetry');
    const cut = await decode(telemetry.subarray(0, telemetry.length - 4), { format: 'protobuf', schema: type });
    assert.match(cut.notes[0]!, /^not decoded as protobuf: /);
    assert.equal(cut.format, 'hex (automatic)');
    const wrong = await decode(telemetry, { format: 'protobuf', schema: await schema('other.proto', 'acme.Other') });
    assert.deepEqual(wrong.notes, ['fields 1, 2, 3, 4 do not fit acme.Other: is it the right message type?']);
    // Field 1 as a fixed 64-bit value where Telemetry has a string: protobufjs skips it, the note says so.
    const mismatched = await decode(new Uint8Array([0x09, 1, 2, 3, 4, 5, 6, 7, 8]), {
      format: 'protobuf',
      schema: type,
    });
    assert.equal(mismatched.body, '{}');
    assert.deepEqual(mismatched.notes, ['field 1 does not fit acme.Telemetry: is it the right message type?']);
  });

  it('turns a missing file, a syntax error, an unknown type or no schema into a note', async () => {
    assert.deepEqual(await schema('telemetry.proto', 'acme.Nope'), {
      problem: 'telemetry.proto has no message type acme.Nope',
    });
    assert.match(JSON.stringify(await schema('broken.proto', 'X')), /broken\.proto: /);
    assert.match(JSON.stringify(await schema('missing.proto', 'X')), /missing\.proto: .*ENOENT/);
    const none = await decode(telemetry, { format: 'protobuf' });
    assert.match(none.notes[0]!, /^not decoded as protobuf: no schema/);
    const restricted = await decode(telemetry, {
      format: 'protobuf',
      schema: { problem: 'Restricted Mode: not read' },
    });
    assert.equal(restricted.notes[0], 'not decoded as protobuf: Restricted Mode: not read');
  });
});

describe('payload decoders: Sparkplug B', () => {
  const Payload = protobuf.parse(SPARKPLUG_PROTO, { keepCase: true }).root.lookupType(SPARKPLUG_TYPE);
  const encode = (payload: object) => Payload.encode(Payload.fromObject(payload)).finish();
  const nbirth = encode({
    timestamp: 1767225600000,
    seq: 0,
    metrics: [
      { name: 'bdSeq', alias: 1, datatype: 8, long_value: 3 },
      { name: 'Node Control/Rebirth', alias: 2, datatype: 11, boolean_value: false },
      {
        name: 'Temperature',
        alias: 3,
        datatype: 9,
        float_value: 21.5,
        properties: { keys: ['unit'], values: [{ type: 12, string_value: 'C' }] },
      },
    ],
  });

  it('decodes NBIRTH automatically on its topic: metrics with their data types named', async () => {
    const r = await decode(nbirth, { topic: 'spBv1.0/plant/NBIRTH/edge-1' });
    assert.equal(r.format, 'sparkplug (automatic: Sparkplug B topic)');
    assert.deepEqual(r.notes, []);
    const p = JSON.parse(r.body) as { timestamp: number; metrics: Record<string, unknown>[] };
    assert.equal(p.timestamp, 1767225600000);
    assert.deepEqual(p.metrics[2], {
      name: 'Temperature',
      alias: 3,
      datatype: 'Float (9)',
      float_value: 21.5,
      properties: { keys: ['unit'], values: [{ type: 'String (12)', string_value: 'C' }] },
    });
    assert.deepEqual(p.metrics[0], { name: 'bdSeq', alias: 1, datatype: 'UInt64 (8)', long_value: 3 });
  });

  it('decodes DDATA by alias, and a payload encoded by hand from the specification’s field numbers', async () => {
    const ddata = encode({ timestamp: 1767225601000, seq: 1, metrics: [{ alias: 3, float_value: 22 }] });
    const r = await decode(ddata, { topic: 'spBv1.0/plant/DDATA/edge-1/press-4' });
    assert.deepEqual(JSON.parse(r.body), {
      timestamp: 1767225601000,
      seq: 1,
      metrics: [{ alias: 3, float_value: 22 }],
    });
    // Payload.metrics (2) = [Metric{ name (1) "t", datatype (4) 9, float_value (12, fixed32) 1.5 }], seq (3) = 3.
    const hand = new Uint8Array([0x12, 0x0a, 0x0a, 0x01, 0x74, 0x20, 0x09, 0x65, 0x00, 0x00, 0xc0, 0x3f, 0x18, 0x03]);
    const h = await decode(hand, { topic: 'spBv1.0/g/NDATA/n' });
    assert.deepEqual(JSON.parse(h.body), { metrics: [{ name: 't', datatype: 'Float (9)', float_value: 1.5 }], seq: 3 });
  });

  it('leaves STATE and other namespaces to the content, and says why garbage on a Sparkplug topic is hex', async () => {
    const state = await decode(bytes('{"online":true,"timestamp":1767225600000}'), { topic: 'spBv1.0/STATE/scada-1' });
    assert.equal(state.format, 'json (automatic)');
    const elsewhere = await decode(nbirth, { topic: 'plant/NBIRTH/edge-1' });
    assert.equal(elsewhere.format, 'hex (automatic)');
    const garbage = await decode(new Uint8Array([0xff, 0xff, 0xff]), { topic: 'spBv1.0/plant/DDATA/edge-1/d' });
    assert.match(garbage.notes[0]!, /^not decoded as sparkplug: /);
    assert.equal(garbage.format, 'hex (automatic)');
  });

  it('lets the user setting override the Sparkplug topic rule', async () => {
    const r = await decode(nbirth, { topic: 'spBv1.0/plant/NBIRTH/edge-1', format: 'hex', source: 'setting' });
    assert.equal(r.format, 'hex (setting)');
  });

  it('heads the rendered message with the format and the notes', async () => {
    const r = await renderMessage(
      'spBv1.0/plant/DDATA/edge-1/d',
      { preview: new Uint8Array([0xff]), size: 1, qos: 0, retain: false, time: 0 },
      {},
    );
    assert.match(
      r.text,
      /^# format: {3}hex \(automatic\)\n# note: {5}not decoded as sparkplug: .+\n# note: {5}not valid UTF-8/m,
    );
  });
});

describe('payload formats setting', () => {
  it('keeps the usable entries in order and names each unusable one', () => {
    const { formats, problems } = parsePayloadFormats([
      { filter: 'factory/+/telemetry', format: 'protobuf', proto: 'schemas/telemetry.proto', type: 'acme.Telemetry' },
      { filter: 'factory/#', format: 'msgpack', proto: 'ignored.proto' },
      'nonsense',
      { format: 'json' },
      { filter: 'a/#/b', format: 'json' },
      { filter: 'x', format: 'yaml' },
      { filter: 'y', format: 'protobuf', proto: 'p.proto' },
    ]);
    assert.deepEqual(formats, [
      {
        filter: 'factory/+/telemetry',
        format: 'protobuf',
        proto: 'schemas/telemetry.proto',
        type: 'acme.Telemetry',
        source: 'mqttWorkbench.payloadFormats[0]',
      },
      { filter: 'factory/#', format: 'msgpack', source: 'mqttWorkbench.payloadFormats[1]' },
    ]);
    assert.deepEqual(
      problems.map((p) => p.slice(0, p.indexOf(':'))),
      [2, 3, 4, 5, 6].map((i) => `mqttWorkbench.payloadFormats[${i}]`),
    );
    assert.match(problems[3]!, /format must be one of json, text, hex, msgpack, cbor, protobuf, sparkplug/);
    assert.match(problems[4]!, /protobuf needs "proto"/);
    assert.deepEqual(parsePayloadFormats({}).problems, ['mqttWorkbench.payloadFormats is not a list']);
    assert.deepEqual(parsePayloadFormats(undefined), { formats: [], problems: [] });
  });

  it('picks the first entry whose filter matches the topic, with MQTT matching', () => {
    const { formats } = parsePayloadFormats([
      { filter: 'factory/+/telemetry', format: 'cbor' },
      { filter: 'factory/#', format: 'msgpack' },
      { filter: '#', format: 'text' },
    ]);
    assert.equal(formatFor('factory/press/telemetry', formats)?.format, 'cbor');
    assert.equal(formatFor('factory/press/status', formats)?.format, 'msgpack');
    assert.equal(formatFor('factory', formats)?.format, 'msgpack');
    assert.equal(formatFor('$SYS/broker/uptime', formats), undefined);
  });
});
