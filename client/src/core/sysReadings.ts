/**
 * The readings of a broker's `$SYS` numbers, as a table of rules: each has a stable code, a severity and a
 * check over the ticks seen so far. The thresholds sit beside the rules; tests feed synthetic sequences.
 * Pure.
 */
import { formatBytes, formatCount } from './sysMetrics';
import type { ReadingRule, Sample } from './sysTypes';

export const THRESHOLDS = {
  /** A gauge "grows" when its last this many changes were all increases. */
  growSteps: 3,
  /** The heap grows "steadily" over at least this many ticks... */
  heapSamples: 10,
  /** ...with at least this share of its changes increases... */
  heapRising: 0.8,
  /** ...and this much growth from the first of them to the last. */
  heapGrowth: 1.25,
  /** Connections "near" max_connections from this share on. */
  nearLimit: 0.8,
};

/** The distinct values of a series, consecutive repeats dropped (mosquitto republishes unchanged values). */
function changes(series: readonly Sample[]): number[] {
  const out: number[] = [];
  for (const s of series) if (out[out.length - 1] !== s.value) out.push(s.value);
  return out;
}

/** The last `steps` changes of a series were all increases: where it grew from, and to. */
export function growing(
  series: readonly Sample[],
  steps = THRESHOLDS.growSteps,
): { from: number; to: number } | undefined {
  const values = changes(series).slice(-(steps + 1));
  if (values.length < steps + 1) return undefined;
  for (let i = 1; i < values.length; i++) if (values[i]! <= values[i - 1]!) return undefined;
  return { from: values[0]!, to: values[values.length - 1]! };
}

export const READING_RULES: readonly ReadingRule[] = [
  {
    code: 'disconnected-clients-growing',
    severity: 'warning',
    check: ({ series }) => {
      const grew = growing(series('clients.disconnected'));
      if (!grew) return undefined;
      return {
        metric: 'clients.disconnected',
        message: `Disconnected clients grew from ${formatCount(grew.from)} to ${formatCount(grew.to)}: sessions left behind; use fixed client IDs`,
        detail:
          'Clients with a persistent session (clean session false, or an MQTT 5 session expiry) that connect with a random client ID leave their old session behind at every reconnect. The broker keeps each one, with its subscriptions and queued messages, until it expires. Give such clients a fixed client ID, or a clean session, or a short session expiry; mosquitto’s `persistent_client_expiration` removes sessions that never come back.',
      };
    },
  },
  {
    code: 'publish-dropped',
    severity: 'warning',
    check: ({ value }) => {
      const dropped = value('publish.dropped');
      if (!dropped || dropped <= 0) return undefined;
      return {
        metric: 'publish.dropped',
        setting: 'max_queued_messages',
        message: `${formatCount(dropped)} messages dropped: a client’s queue was full; raise max_queued_messages or find the slow client`,
        detail:
          'mosquitto queues QoS 1 and 2 messages for a client that is offline (with a persistent session) or slower than its publishers, up to `max_queued_messages` (default 1000) and `max_queued_bytes`; past that it drops them, and the subscriber never learns. Find the subscriber that stays offline or lags, or raise the limits if the bursts are expected.',
      };
    },
  },
  {
    code: 'retained-growing',
    severity: 'info',
    check: ({ series }) => {
      const grew = growing(series('retained'));
      if (!grew) return undefined;
      return {
        metric: 'retained',
        message: `Retained messages grew from ${formatCount(grew.from)} to ${formatCount(grew.to)}: stale retained data? Clear what is obsolete`,
        detail:
          'A retained message stays until someone publishes an empty retained message to exactly its topic, and every new subscriber receives it. A count that keeps growing often means topics with a device ID or a timestamp in them: old ones are never cleared and confuse every new subscriber.',
        command: { id: 'mqttWorkbench.clearRetainedUnder', title: 'Clear Retained Messages Under…' },
      };
    },
  },
  {
    code: 'heap-growing',
    severity: 'warning',
    check: ({ series }) => {
      const heap = series('heap.current');
      if (heap.length < THRESHOLDS.heapSamples) return undefined;
      const values = changes(heap);
      let ups = 0;
      for (let i = 1; i < values.length; i++) if (values[i]! > values[i - 1]!) ups++;
      const first = heap[0]!.value;
      const last = heap[heap.length - 1]!.value;
      if (
        values.length < 2 ||
        ups / (values.length - 1) < THRESHOLDS.heapRising ||
        last < first * THRESHOLDS.heapGrowth
      )
        return undefined;
      return {
        metric: 'heap.current',
        message: `Broker memory grew steadily from ${formatBytes(first)} to ${formatBytes(last)}: queues or retained data piling up?`,
        detail:
          'The heap rose at almost every tick. Usual causes: messages queued for disconnected persistent sessions, retained messages on ever new topics, or large in-flight windows. Compare with Stored messages and Disconnected clients; `max_queued_messages`, `max_queued_bytes` and `persistent_client_expiration` bound them.',
      };
    },
  },
  {
    code: 'connections-near-limit',
    severity: 'warning',
    check: ({ value, limits }) => {
      const connected = value('clients.connected');
      const limit = limits.maxConnections;
      if (connected === undefined || !limit || limit < 0 || connected < limit * THRESHOLDS.nearLimit) return undefined;
      return {
        metric: 'clients.connected',
        setting: 'max_connections',
        message: `${formatCount(connected)} of ${formatCount(limit)} connections in use: new clients will be refused; raise max_connections`,
        detail:
          'mosquitto refuses connections beyond `max_connections` (per listener). Clients that reconnect in a loop, or a fleet that grew, reach it first. Raise the limit, or find the clients that hold many connections.',
      };
    },
  },
];
