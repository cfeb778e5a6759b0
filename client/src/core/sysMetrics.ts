/**
 * The `$SYS` topics the model knows, as a table: mosquitto 2.0's `$SYS/broker/...` (checked against a real
 * mosquitto 2.0.11 with `sys_interval 1`) and EMQX's `$SYS/brokers/<node>/...`, both mapped to one set of
 * metric ids; and the human units they read in. Pure.
 */
import type { SysFlavour, SysGroup, SysUnit } from './sysTypes';

export interface MetricDef {
  id: string;
  label: string;
  group: SysGroup;
  unit: SysUnit;
  /** Cumulative since the broker started: shown with a rate per second. */
  counter?: true;
  /** Paths below `$SYS/broker/` (deprecated aliases after the current name). */
  mosquitto?: readonly string[];
  /** Paths below `$SYS/brokers/<node>/` (EMQX 4 publishes dots where EMQX 5 publishes slashes: both read). */
  emqx?: readonly string[];
  doc: string;
}

export const METRICS: readonly MetricDef[] = [
  {
    id: 'version',
    label: 'Version',
    group: 'broker',
    unit: 'text',
    mosquitto: ['version'],
    emqx: ['version'],
    doc: 'The broker’s version.',
  },
  {
    id: 'uptime',
    label: 'Uptime',
    group: 'broker',
    unit: 'duration',
    mosquitto: ['uptime'],
    emqx: ['uptime'],
    doc: 'How long the broker has been running.',
  },
  {
    id: 'clients.connected',
    label: 'Connected',
    group: 'clients',
    unit: 'count',
    mosquitto: ['clients/connected', 'clients/active'],
    emqx: ['stats/connections/count'],
    doc: 'Clients connected now.',
  },
  {
    id: 'clients.disconnected',
    label: 'Disconnected',
    group: 'clients',
    unit: 'count',
    mosquitto: ['clients/disconnected', 'clients/inactive'],
    doc: 'Clients with a persistent session (clean session false, or a session expiry) that are not connected: the broker keeps their subscriptions and queues messages for them.',
  },
  {
    id: 'clients.total',
    label: 'Total',
    group: 'clients',
    unit: 'count',
    mosquitto: ['clients/total'],
    emqx: ['stats/sessions/count'],
    doc: 'Connected and disconnected clients: every session the broker holds.',
  },
  {
    id: 'clients.maximum',
    label: 'Maximum',
    group: 'clients',
    unit: 'count',
    mosquitto: ['clients/maximum'],
    emqx: ['stats/connections/max'],
    doc: 'The most clients connected at once since the broker started: a peak, not the max_connections limit.',
  },
  {
    id: 'clients.expired',
    label: 'Expired',
    group: 'clients',
    unit: 'count',
    mosquitto: ['clients/expired'],
    doc: 'Sessions removed because they expired (persistent_client_expiration, or the MQTT 5 session expiry).',
  },
  {
    id: 'messages.received',
    label: 'Packets received',
    group: 'messages',
    unit: 'count',
    counter: true,
    mosquitto: ['messages/received'],
    emqx: ['metrics/packets/received'],
    doc: 'MQTT packets of every type received since the broker started.',
  },
  {
    id: 'messages.sent',
    label: 'Packets sent',
    group: 'messages',
    unit: 'count',
    counter: true,
    mosquitto: ['messages/sent'],
    emqx: ['metrics/packets/sent'],
    doc: 'MQTT packets of every type sent since the broker started.',
  },
  {
    id: 'publish.received',
    label: 'Publishes received',
    group: 'messages',
    unit: 'count',
    counter: true,
    mosquitto: ['publish/messages/received'],
    emqx: ['metrics/messages/received'],
    doc: 'PUBLISH messages received since the broker started.',
  },
  {
    id: 'publish.sent',
    label: 'Publishes sent',
    group: 'messages',
    unit: 'count',
    counter: true,
    mosquitto: ['publish/messages/sent'],
    emqx: ['metrics/messages/sent'],
    doc: 'PUBLISH messages sent since the broker started.',
  },
  {
    id: 'publish.dropped',
    label: 'Publishes dropped',
    group: 'messages',
    unit: 'count',
    counter: true,
    mosquitto: ['publish/messages/dropped'],
    emqx: ['metrics/messages/dropped'],
    doc: 'Messages the broker dropped instead of delivering, mostly because a client’s queue was full (max_queued_messages).',
  },
  {
    id: 'bytes.received',
    label: 'Bytes received',
    group: 'messages',
    unit: 'bytes',
    counter: true,
    mosquitto: ['bytes/received'],
    emqx: ['metrics/bytes/received'],
    doc: 'Bytes received since the broker started (every packet).',
  },
  {
    id: 'bytes.sent',
    label: 'Bytes sent',
    group: 'messages',
    unit: 'bytes',
    counter: true,
    mosquitto: ['bytes/sent'],
    emqx: ['metrics/bytes/sent'],
    doc: 'Bytes sent since the broker started (every packet).',
  },
  {
    id: 'publish.bytes.received',
    label: 'Payload bytes received',
    group: 'messages',
    unit: 'bytes',
    counter: true,
    mosquitto: ['publish/bytes/received'],
    doc: 'Payload bytes of PUBLISH messages received.',
  },
  {
    id: 'publish.bytes.sent',
    label: 'Payload bytes sent',
    group: 'messages',
    unit: 'bytes',
    counter: true,
    mosquitto: ['publish/bytes/sent'],
    doc: 'Payload bytes of PUBLISH messages sent.',
  },
  {
    id: 'retained',
    label: 'Retained messages',
    group: 'messages',
    unit: 'count',
    mosquitto: ['retained messages/count'],
    emqx: ['stats/retained/count'],
    doc: 'Messages the broker keeps as retained (its own `$SYS` ones included).',
  },
  {
    id: 'subscriptions',
    label: 'Subscriptions',
    group: 'messages',
    unit: 'count',
    mosquitto: ['subscriptions/count'],
    emqx: ['stats/subscriptions/count'],
    doc: 'Subscriptions of every client, connected or not.',
  },
  {
    id: 'subscriptions.shared',
    label: 'Shared subscriptions',
    group: 'messages',
    unit: 'count',
    mosquitto: ['shared_subscriptions/count'],
    emqx: ['stats/subscriptions/shared/count'],
    doc: 'Shared subscriptions ($share/<group>/...).',
  },
  {
    id: 'stored',
    label: 'Stored messages',
    group: 'memory',
    unit: 'count',
    mosquitto: ['store/messages/count', 'messages/stored'],
    doc: 'Messages held in the broker’s store: retained ones and those queued or in flight.',
  },
  {
    id: 'stored.bytes',
    label: 'Stored bytes',
    group: 'memory',
    unit: 'bytes',
    mosquitto: ['store/messages/bytes'],
    doc: 'Payload bytes of the stored messages.',
  },
  {
    id: 'heap.current',
    label: 'Heap',
    group: 'memory',
    unit: 'bytes',
    mosquitto: ['heap/current'],
    doc: 'Memory the broker has allocated now.',
  },
  {
    id: 'heap.maximum',
    label: 'Heap maximum',
    group: 'memory',
    unit: 'bytes',
    mosquitto: ['heap/maximum'],
    doc: 'The most memory the broker has had allocated since it started.',
  },
];

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));
const MOSQUITTO = new Map(METRICS.flatMap((m) => (m.mosquitto ?? []).map((p) => [p, m] as const)));
const EMQX = new Map(METRICS.flatMap((m) => (m.emqx ?? []).map((p) => [p, m] as const)));

export const metricDef = (id: string): MetricDef | undefined => BY_ID.get(id);

/** mosquitto's load averages (`$SYS/broker/load/<what>/<1min|5min|15min>`), per minute: their rows. */
export const LOAD_WINDOWS = ['1min', '5min', '15min'] as const;

/** What a `$SYS` topic is: a known metric, a load average, or nothing the model knows. */
export type Recognised =
  | { flavour: SysFlavour; node?: string; metric: MetricDef }
  | { flavour: 'mosquitto'; load: string; window: (typeof LOAD_WINDOWS)[number] }
  | { flavour: SysFlavour; node?: string };

const MOSQUITTO_PREFIX = '$SYS/broker/';
const EMQX_PREFIX = '$SYS/brokers/';

export function recognise(topic: string): Recognised {
  if (topic.startsWith(MOSQUITTO_PREFIX)) {
    const path = topic.slice(MOSQUITTO_PREFIX.length);
    const metric = MOSQUITTO.get(path);
    if (metric) return { flavour: 'mosquitto', metric };
    const load = /^load\/(.+)\/(1min|5min|15min)$/.exec(path);
    if (load) return { flavour: 'mosquitto', load: load[1]!, window: load[2] as (typeof LOAD_WINDOWS)[number] };
    return { flavour: 'mosquitto' };
  }
  if (topic.startsWith(EMQX_PREFIX)) {
    const [node, ...rest] = topic.slice(EMQX_PREFIX.length).split('/');
    if (!node || rest.length === 0) return { flavour: 'emqx' };
    const metric = EMQX.get(rest.join('/').replace(/\./g, '/'));
    return metric ? { flavour: 'emqx', node, metric } : { flavour: 'emqx', node };
  }
  return { flavour: 'other' };
}

/** A load average's label: `messages/received` → `Messages received`. */
export const loadLabel = (what: string): string => {
  const words = what.replace(/\//g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A payload as a number: mosquitto's `42`, `0.00`, `17 seconds`; undefined when it is not one. */
export function numberOf(payload: string): number | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)(?:\s*seconds?)?\s*$/.exec(payload);
  return m ? Number(m[1]) : undefined;
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0
    ? `${Math.round(value).toLocaleString('en')} bytes`
    : `${value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  // Two units are enough to read: 3 d 4 h, 5 min 12 s.
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}

export const formatCount = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 1 });

/** A value in its unit; text and values that are not numbers as published. */
export function formatValue(unit: SysUnit, value: number | string): string {
  if (typeof value === 'string') return value;
  if (unit === 'bytes') return formatBytes(value);
  if (unit === 'duration') return formatDuration(value);
  return formatCount(value);
}

/** A rate per second in its unit. */
export function formatRate(unit: SysUnit, perSecond: number): string {
  if (unit === 'bytes') return `${formatBytes(perSecond)}/s`;
  return `${perSecond < 10 ? perSecond.toFixed(1) : formatCount(Math.round(perSecond))}/s`;
}
