/** The `$SYS` model on synthetic ticks: layouts, units, rates, each reading's rule, and why a view is empty. */
import * as assert from 'node:assert/strict';
import { findLimits, limitsOf } from '../../../client/src/core/brokerLimits';
import { formatBytes, formatDuration, numberOf, recognise } from '../../../client/src/core/sysMetrics';
import { growing } from '../../../client/src/core/sysReadings';
import { type SysMessage, SysStatus } from '../../../client/src/core/sysStatus';

const T0 = 1_700_000_000_000;
const bytes = (text: string) => new TextEncoder().encode(text);
const msg = (topic: string, value: string | number, time: number, retain = false): SysMessage => ({
  topic,
  payload: bytes(String(value)),
  retain,
  time,
});
/** One mosquitto tick: every pair under `$SYS/broker/`, arriving at `time`. */
const tick = (time: number, values: Record<string, string | number>, retain = false) =>
  Object.entries(values).map(([path, v]) => msg(`$SYS/broker/${path}`, v, time, retain));
const metric = (model: SysStatus, id: string, now = T0 + 60_000) =>
  model.snapshot(now).metrics.find((m) => m.id === id);
const codes = (model: SysStatus) => model.readings().map((r) => r.code);

describe('$SYS model: layouts and units', () => {
  it('reads mosquitto 2.0’s layout into groups, in human units, the deprecated aliases included', () => {
    const model = new SysStatus({ since: T0 });
    model.ingest(
      tick(T0, {
        version: 'mosquitto version 2.0.11',
        uptime: '93784 seconds',
        'clients/active': 3,
        'clients/inactive': 2,
        'clients/total': 5,
        'clients/maximum': 4,
        'heap/current': 1_572_864,
        'retained messages/count': 40,
        'load/messages/received/1min': '59.01',
        'load/messages/received/5min': '12.5',
        'load/messages/received/15min': '4.25',
        'connection/bridge-a/state': 1,
      }),
    );
    const snapshot = model.snapshot(T0);
    assert.equal(snapshot.flavour, 'mosquitto');
    const byId = new Map(snapshot.metrics.map((m) => [m.id, m]));
    assert.equal(byId.get('version')?.text, 'mosquitto version 2.0.11');
    assert.equal(byId.get('uptime')?.text, '1 d 2 h');
    assert.equal(byId.get('clients.connected')?.value, 3);
    assert.equal(byId.get('clients.disconnected')?.group, 'clients');
    assert.equal(byId.get('heap.current')?.text, '1.50 MiB');
    assert.equal(byId.get('retained')?.group, 'messages');
    assert.equal(byId.get('load.messages.received')?.text, '59.0 / 12.5 / 4.3 per min');
    assert.equal(byId.get('load.messages.received')?.group, 'load');
    // What the model does not know stays, as a tree by levels.
    assert.deepEqual(snapshot.other[0]?.path, '$SYS');
    const bridge = snapshot.other[0].children[0]!.children[0]!.children[0]!.children[0]!;
    assert.deepEqual([bridge.path, bridge.value], ['$SYS/broker/connection/bridge-a/state', '1']);
  });

  it('recognises EMQX’s $SYS/brokers/<node>/ layout (dots or slashes), the first node shown', () => {
    assert.equal(recognise('$SYS/brokers/emqx@127.0.0.1/stats/connections.count').flavour, 'emqx');
    const model = new SysStatus({ since: T0 });
    const node = '$SYS/brokers/emqx@10.0.0.1';
    model.ingest([
      msg(`${node}/version`, '5.3.0', T0),
      msg(`${node}/uptime`, '2 hours, 3 minutes, 4 seconds', T0),
      msg(`${node}/stats/connections.count`, 12, T0),
      msg(`${node}/stats/retained/count`, 7, T0),
      msg(`${node}/metrics/messages/dropped`, 0, T0),
      msg(`${node}/metrics/bytes/received`, 2048, T0),
      msg('$SYS/brokers/emqx@10.0.0.2/stats/connections.count', 99, T0),
    ]);
    const snapshot = model.snapshot(T0);
    assert.equal(snapshot.flavour, 'emqx');
    assert.equal(snapshot.node, 'emqx@10.0.0.1');
    const byId = new Map(snapshot.metrics.map((m) => [m.id, m]));
    assert.equal(byId.get('clients.connected')?.value, 12);
    assert.equal(byId.get('retained')?.value, 7);
    assert.equal(byId.get('uptime')?.text, '2 hours, 3 minutes, 4 seconds');
    assert.equal(byId.get('bytes.received')?.text, '2.00 KiB');
    assert.ok(snapshot.other.length > 0, 'the second node stays in the raw tree');
  });

  it('keeps a broker of another layout as a raw tree', () => {
    const model = new SysStatus({ since: T0 });
    model.ingest([msg('$SYS/vernemq/node1/uptime', 5, T0), msg('plant/line1', 1, T0)]);
    const snapshot = model.snapshot(T0);
    assert.equal(snapshot.flavour, 'other');
    assert.deepEqual(snapshot.metrics, []);
    assert.equal(snapshot.other[0]?.children[0]?.name, 'vernemq');
    assert.equal(snapshot.updated, T0, 'anything under $SYS counts as an answer');
  });

  it('formats units and reads numbers as mosquitto writes them', () => {
    assert.equal(formatBytes(512), '512 bytes');
    assert.equal(formatBytes(5 * 1024 * 1024 * 1024), '5.00 GiB');
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(59), '59 s');
    assert.equal(formatDuration(3600 + 5), '1 h');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(numberOf('17 seconds'), 17);
    assert.equal(numberOf('0.00'), 0);
    assert.equal(numberOf('mosquitto version 2.0.11'), undefined);
  });
});

describe('$SYS model: rates', () => {
  it('computes rates per second from successive counters and arrival times, not from retained values', () => {
    const model = new SysStatus({ since: T0 });
    // At subscribe mosquitto sends its last values retained: when they were measured is unknown.
    model.ingest(tick(T0, { 'publish/messages/received': 1000, 'bytes/received': 10_000 }, true));
    assert.equal(model.rate('publish.received'), undefined);
    model.ingest(tick(T0 + 2000, { 'publish/messages/received': 1100, 'bytes/received': 20_240 }));
    assert.equal(model.rate('publish.received'), undefined, 'one live tick is not a rate');
    model.ingest(tick(T0 + 4000, { 'publish/messages/received': 1300, 'bytes/received': 30_480 }));
    assert.equal(model.rate('publish.received'), 100);
    assert.equal(metric(model, 'bytes.received')?.rateText, '5.00 KiB/s');
    // An unchanged counter is not republished by mosquitto: the next tick (uptime) still samples it.
    model.ingest(tick(T0 + 6000, { uptime: '6 seconds' }));
    assert.equal(model.rate('publish.received'), 0);
    assert.deepEqual(
      model.rateSeries('publish.received').map(([, r]) => r),
      [100, 0],
    );
  });

  it('does not read a tick split over two batches as a spike, and restarts rates after a counter reset', () => {
    const model = new SysStatus({ since: T0 });
    model.ingest(tick(T0, { 'messages/sent': 100 }));
    model.ingest(tick(T0 + 2000, { 'messages/sent': 300 }));
    model.ingest(tick(T0 + 2050, { 'messages/sent': 310 }));
    // Against the tick at least a second before: 210 in 2.05 s, not 10 in 50 ms.
    assert.ok(Math.abs(model.rate('messages.sent')! - 102.4) < 0.1, String(model.rate('messages.sent')));
    model.ingest(tick(T0 + 4000, { uptime: '1 seconds', 'messages/sent': 5 }));
    assert.equal(model.rate('messages.sent'), undefined, 'a restarted broker starts its rates again');
  });
});

describe('$SYS readings', () => {
  const series = (id: string, values: number[], extra: Record<string, number> = {}) => {
    const model = new SysStatus({ since: T0 });
    values.forEach((v, i) => model.ingest(tick(T0 + i * 2000, { [id]: v, ...extra })));
    return model;
  };

  it('growing: the last changes all increases, repeats ignored', () => {
    const s = (values: number[]) => values.map((value, i) => ({ time: i, value }));
    assert.deepEqual(growing(s([1, 2, 2, 3, 3, 4])), { from: 1, to: 4 });
    assert.equal(growing(s([1, 2, 3])), undefined, 'two increases are not yet a trend');
    assert.equal(growing(s([1, 2, 3, 2, 4])), undefined);
  });

  it('disconnected-clients-growing fires when disconnected clients grow over several ticks', () => {
    assert.deepEqual(codes(series('clients/disconnected', [0, 1, 2])), []);
    const model = series('clients/disconnected', [0, 1, 1, 2, 3, 3]);
    const reading = model.readings().find((r) => r.code === 'disconnected-clients-growing');
    assert.ok(reading);
    assert.equal(reading.severity, 'warning');
    assert.equal(reading.metric, 'clients.disconnected');
    assert.ok(reading.message.length <= 100, reading.message);
    assert.deepEqual(codes(series('clients/disconnected', [0, 1, 2, 3, 1])), [], 'a drop ends the trend');
  });

  it('publish-dropped fires above zero and names max_queued_messages', () => {
    assert.deepEqual(codes(series('publish/messages/dropped', [0, 0])), []);
    const reading = series('publish/messages/dropped', [0, 19]).readings()[0]!;
    assert.equal(reading.code, 'publish-dropped');
    assert.equal(reading.setting, 'max_queued_messages');
  });

  it('retained-growing fires on a growing retained count and offers the retained clearer', () => {
    const reading = series('retained messages/count', [40, 41, 45, 50]).readings()[0]!;
    assert.equal(reading.code, 'retained-growing');
    assert.equal(reading.severity, 'info');
    assert.equal(reading.command?.id, 'mqttWorkbench.clearRetainedUnder');
  });

  it('heap-growing fires on a steady rise, not on a heap that breathes', () => {
    const steady = Array.from({ length: 12 }, (_, i) => 1_000_000 + i * 50_000);
    assert.deepEqual(codes(series('heap/current', steady)), ['heap-growing']);
    const breathing = Array.from({ length: 12 }, (_, i) => 1_000_000 + (i % 2) * 400_000);
    assert.deepEqual(codes(series('heap/current', breathing)), []);
    assert.deepEqual(codes(series('heap/current', steady.slice(0, 5))), [], 'too few ticks to call it steady');
  });

  it('connections-near-limit fires from 80% of max_connections, and never without a known limit', () => {
    const model = series('clients/connected', [85]);
    assert.deepEqual(codes(model), []);
    model.limits = { maxConnections: 100 };
    assert.deepEqual(codes(model), ['connections-near-limit']);
    model.limits = { maxConnections: 200 };
    assert.deepEqual(codes(model), []);
    model.limits = { maxConnections: -1 };
    assert.deepEqual(codes(model), [], '-1 is unlimited');
  });
});

describe('$SYS empty states', () => {
  it('waits twice the expected interval, then says why nothing came', () => {
    const model = new SysStatus({ since: T0 });
    assert.equal(model.empty(T0 + 19_000)?.reason, 'waiting', 'mosquitto’s default interval is 10 s');
    const silent = model.empty(T0 + 20_000);
    assert.equal(silent?.reason, 'silent');
    assert.match(silent.message, /sys_interval 0.*without \$SYS.*ACL/);
    model.limits = { sysInterval: 2 };
    assert.equal(model.empty(T0 + 3000)?.reason, 'waiting');
    assert.equal(model.empty(T0 + 4000)?.reason, 'silent');
  });

  it('names sys_interval 0 from the workspace config, and a refused SUBACK as the ACL', () => {
    const disabled = new SysStatus({ since: T0 });
    disabled.limits = { sysInterval: 0 };
    assert.equal(disabled.empty(T0 + 2500)?.reason, 'disabled');
    const denied = new SysStatus({ since: T0 });
    denied.setGrant(0x87);
    assert.equal(denied.empty(T0)?.reason, 'denied');
    assert.match(denied.empty(T0)!.message, /not authorised/);
    denied.ingest(tick(T0 + 1, { uptime: '1 seconds' }));
    assert.equal(denied.empty(T0 + 1), undefined, 'any answer ends the empty state');
  });
});

describe('broker limits in a mosquitto.conf', () => {
  it('finds max_connections, max_queued_messages and sys_interval lines; the last of each wins', () => {
    const sites = findLimits(
      'listener 1883\nmax_queued_messages 0\n  max_connections 500 # per listener\n#sys_interval 1\nmax_connections -1\n',
    );
    assert.deepEqual(
      sites.map((s) => [s.option, s.value, s.line]),
      [
        ['max_queued_messages', 0, 1],
        ['max_connections', 500, 2],
        ['max_connections', -1, 4],
      ],
    );
    assert.deepEqual(limitsOf(sites), { maxQueuedMessages: 0, maxConnections: -1 });
  });
});
