/**
 * The shapes of the `$SYS` model, in a leaf module: the metric table, the reading rules and the model import
 * these and nothing of each other's.
 */

/** The Broker Status view's groups, in the order shown. */
export type SysGroup = 'broker' | 'clients' | 'messages' | 'load' | 'memory';

/** How a value reads: text as is, counts with separators, bytes in KiB/MiB, durations in d/h/min/s. */
export type SysUnit = 'text' | 'count' | 'bytes' | 'duration';

/** Which layout a broker's `$SYS` tree has. */
export type SysFlavour = 'mosquitto' | 'emqx' | 'other';

/** One value at one time: a tick of the broker's `$SYS` publishing. */
export interface Sample {
  /** Milliseconds since the epoch, when the tick arrived. */
  time: number;
  value: number;
}

/** A metric the model knows, with its value in human units. */
export interface SysMetric {
  /** Stable id (`clients.connected`, `load.messages.received`): the same for mosquitto and EMQX. */
  id: string;
  label: string;
  group: SysGroup;
  /** The number (or text) as the broker published it; for a load average, the 1-minute one. */
  value: number | string;
  /** The value in human units (`1.2 MiB`, `3 h 4 min`, `59.0 / 63.9 / 62.1 per min`). */
  text: string;
  /** For a counter: per second, from the last two ticks at least a second apart (undefined: not yet). */
  rate?: number;
  /** The rate in human units (`12.5 msg/s`, `3.1 KiB/s`). */
  rateText?: string;
  /** What it means (the row's tooltip). */
  doc: string;
  /** The `$SYS` topic it came from. */
  topic: string;
}

/** What the workspace's broker config says, when the adapter found it (undefined: not known). */
export interface SysLimits {
  maxConnections?: number;
  maxQueuedMessages?: number;
  /** Seconds; 0 turns `$SYS` off (mosquitto's default is 10). */
  sysInterval?: number;
}

export type ReadingSeverity = 'warning' | 'info';

/** A reading: what the numbers mean, as data (a stable code, a headline, what to do). */
export interface Reading {
  code: string;
  severity: ReadingSeverity;
  /** One row: what is happening, then what to do. */
  message: string;
  /** The why and the fix, for the tooltip. */
  detail: string;
  /** The metric it reads. */
  metric: string;
  /** A broker setting the fix involves (the adapter links to it in the workspace's config files). */
  setting?: string;
  /** A command that helps (by id: it may belong to another part of the extension). */
  command?: { id: string; title: string };
}

/** What a rule sees: current values, the series of ticks, rates, the configured limits. */
export interface ReadingContext {
  value(id: string): number | undefined;
  series(id: string): readonly Sample[];
  limits: SysLimits;
}

/** A reading rule: one table entry, named after what it finds. */
export interface ReadingRule {
  code: string;
  severity: ReadingSeverity;
  check(context: ReadingContext): Omit<Reading, 'code' | 'severity'> | undefined;
}

/** Why the view has nothing to show. */
export type EmptyReason = 'waiting' | 'denied' | 'disabled' | 'silent';

export interface EmptyState {
  reason: EmptyReason;
  message: string;
}

/** A `$SYS` topic the model does not know, as a tree by levels. */
export interface RawNode {
  name: string;
  /** The full topic. */
  path: string;
  value?: string;
  children: RawNode[];
}

/** Everything the view and the API show of one broker's `$SYS` state. */
export interface SysSnapshot {
  flavour: SysFlavour | undefined;
  /** EMQX: the node whose metrics are shown (others stay in `other`). */
  node?: string;
  /** When the last `$SYS` message arrived (undefined: none yet). */
  updated?: number;
  metrics: SysMetric[];
  readings: Reading[];
  empty?: EmptyState;
  /** Topics the model does not know. */
  other: RawNode[];
}
