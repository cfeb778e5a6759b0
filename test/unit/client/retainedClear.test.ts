/** The retained clearer's pure parts: the backup format and what the report says. */
import * as assert from 'node:assert/strict';
import {
  backupFileName,
  type ClearReport,
  decodeBackup,
  describeClear,
  describeRestore,
  encodeBackup,
  needsTypedConfirmation,
  type PublishOutcome,
  pubackRefusal,
  type RetainedBackup,
  sortOutcomes,
} from '../../../client/src/core/retainedClear';

const backup: RetainedBackup = {
  broker: 'plant',
  filter: 'line/+/state',
  time: Date.UTC(2026, 0, 2, 3, 4, 5),
  messages: [
    { topic: 'line/1/state', payload: new Uint8Array([0, 1, 0xfe, 0xff]), qos: 0 },
    { topic: 'line/2/state', payload: new TextEncoder().encode('{"on":true}'), qos: 1 },
    {
      topic: 'line/3/state',
      payload: new Uint8Array(0),
      qos: 2,
      properties: {
        contentType: 'application/json',
        correlationData: new Uint8Array([9, 8, 7]),
        userProperties: { a: 'b', many: ['x', 'y'] },
      },
    },
  ],
};

describe('retained backup format', () => {
  it('round-trips bytes, QoS and MQTT 5 properties (binary ones as base64)', () => {
    const text = encodeBackup(backup);
    const parsed = JSON.parse(text) as { mqttWorkbenchRetainedBackup: number; messages: Record<string, unknown>[] };
    assert.equal(parsed.mqttWorkbenchRetainedBackup, 1);
    assert.equal(parsed.messages[0]!['payloadBase64'], 'AAH+/w==');
    assert.equal((parsed.messages[2]!['properties'] as Record<string, unknown>)['correlationData'], 'CQgH');
    assert.equal(text.split('\n').length, backup.messages.length + 4, 'one message a line');
    assert.deepEqual(decodeBackup(text), backup);
  });

  it('round-trips an empty backup', () => {
    const empty = { ...backup, messages: [] };
    assert.deepEqual(decodeBackup(encodeBackup(empty)), empty);
  });

  it('says why a file is not a backup, naming the message', () => {
    const problem = (text: string) => {
      const r = decodeBackup(text);
      return 'problem' in r ? r.problem : undefined;
    };
    assert.equal(problem('{'), 'not JSON');
    assert.match(problem('{"mqttWorkbenchRecording":1}')!, /not an MQTT Workbench retained-message backup/);
    const head = '{"mqttWorkbenchRetainedBackup":1,"broker":"b","filter":"#","time":"2026-01-01T00:00:00Z"';
    assert.match(problem(`${head}}`)!, /"messages" list/);
    assert.equal(
      problem(
        `${head},"messages":[{"topic":"a","payloadBase64":"AA==","qos":1},{"topic":"b","payloadBase64":"%%","qos":1}]}`,
      ),
      'message 2: "payloadBase64" must be base64',
    );
    assert.equal(
      problem(`${head},"messages":[{"topic":"a","payloadBase64":"","qos":3}]}`),
      'message 1: "qos" must be 0, 1 or 2',
    );
  });

  it('names files by broker and time, safely', () => {
    assert.equal(
      backupFileName('my broker/1', Date.UTC(2026, 0, 2, 3, 4, 5)),
      'my-broker-1-retained-2026-01-02T03-04-05-000Z.json',
    );
  });
});

describe('retained clear report', () => {
  const planned = ['a', 'b', 'c', 'd', 'e', 'f'];
  const sent = new Map<string, PublishOutcome>([
    ['a', { status: 'acknowledged' }],
    ['b', { status: 'acknowledged' }],
    ['c', { status: 'denied', reason: pubackRefusal(0x87) }],
    ['d', { status: 'unconfirmed', reason: 'no acknowledgement came' }],
    ['e', { status: 'acknowledged' }],
  ]);

  it('puts every planned topic in exactly one list, done only when the check says so', () => {
    const still = new Set(['b', 'c', 'f']);
    const complete = sortOutcomes(planned, sent, (t) => !still.has(t));
    assert.deepEqual(complete, {
      done: ['a', 'd', 'e'],
      denied: [{ topic: 'c', reason: 'not authorised (the ACL denies this user writing it) (0x87)' }],
      notDone: ['b'],
      unverified: [],
      notAttempted: ['f'],
    });
    // A check cut short: what it did not see is not known, so not done.
    const cut = sortOutcomes(planned, sent, (t) => (still.has(t) ? false : undefined));
    assert.deepEqual([cut.done, cut.notDone, cut.unverified], [[], ['b'], ['a', 'd', 'e']]);
    for (const o of [complete, cut])
      assert.equal(
        o.done.length + o.denied.length + o.notDone.length + o.unverified.length + o.notAttempted.length,
        planned.length,
      );
  });

  it('asks for the typed broker name on production or above 100 topics', () => {
    assert.deepEqual(
      [needsTypedConfirmation(100, false), needsTypedConfirmation(101, false), needsTypedConfirmation(1, true)],
      [false, true, true],
    );
  });

  it('calls it a success only when every planned topic was verified cleared', () => {
    const report: ClearReport = {
      broker: 'plant',
      filter: '#',
      planned: 3,
      cleared: ['a', 'b', 'c'],
      denied: [],
      remaining: [],
      unverified: [],
      notAttempted: [],
      cancelled: false,
      denialsReported: true,
    };
    assert.deepEqual(describeClear(report), { text: '3 retained messages cleared on plant', success: true });
    const partial = describeClear({ ...report, cleared: ['a'], remaining: ['b', 'c'], denialsReported: false });
    assert.equal(partial.success, false);
    assert.match(
      partial.text,
      /^1 retained message cleared on plant; 2 still retained \(b, c\): MQTT 3\.1\.1 does not say/,
    );
    const cancelled = describeClear({ ...report, cleared: ['a'], notAttempted: ['b', 'c'], cancelled: true });
    assert.equal(cancelled.text, 'Cancelled: 1 retained message cleared on plant; 2 not attempted');
    assert.equal(cancelled.success, false);
  });
  it('says what a restore did in one headline, and a restore with any problem is no success', () => {
    const report = {
      restored: ['a', 'b'],
      denied: [],
      missing: [],
      unverified: [],
      notAttempted: [],
      cancelled: false,
      denialsReported: true,
    };
    assert.deepEqual(describeRestore(report, 'plant'), {
      text: '2 retained messages restored into plant',
      success: true,
    });
    const refused = describeRestore({ ...report, restored: ['a'], missing: ['b'], denialsReported: false }, 'plant');
    assert.equal(refused.success, false);
    assert.equal(
      refused.text,
      '1 retained message restored into plant; 1 not retained afterwards (b): MQTT 3.1.1 does not say when the broker refuses',
    );
    const denied = describeRestore(
      { ...report, restored: [], denied: [{ topic: 'a' }, { topic: 'b' }], notAttempted: ['c'] },
      'plant',
    );
    assert.equal(denied.text, '0 retained messages restored into plant; 2 denied (a, b); 1 not attempted');
    const cancelled = describeRestore({ ...report, restored: ['a'], notAttempted: ['b'], cancelled: true }, 'plant');
    assert.equal(cancelled.text, 'Cancelled: 1 retained message restored into plant; 1 not attempted');
    assert.equal(cancelled.success, false);
  });
});
