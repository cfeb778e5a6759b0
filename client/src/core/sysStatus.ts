/**
 * What a broker's `$SYS` messages say: fed the messages of `$SYS/#`, it keeps each known metric's value, a
 * series of ticks for rates and trends, the rest as a raw tree, and reads the numbers with the rules of
 * sysReadings. Rates come from successive counters and their arrival times, not from the broker's own
 * averages. Pure: no `vscode`, no mqtt.js; time comes in with the messages and as `now`.
 */
import { explainGrant } from './connectionPolicy';
import {
  formatRate,
  formatValue,
  LOAD_WINDOWS,
  loadLabel,
  METRICS,
  metricDef,
  numberOf,
  recognise,
} from './sysMetrics';
import { READING_RULES } from './sysReadings';
import type { EmptyState, RawNode, Reading, Sample, SysFlavour, SysLimits, SysMetric, SysSnapshot } from './sysTypes';

/** What the model needs of a message (an IncomingMessage has it). */
export interface SysMessage {
  topic: string;
  payload: Uint8Array;
  retain: boolean;
  time: number;
}

export interface SysStatusOptions {
  /** When the subscription started (ms since the epoch). */
  since: number;
  /** How often the broker is expected to publish; by default from `limits.sysInterval`, else mosquitto's 10 s. */
  expectedIntervalMs?: number;
  /** Ticks kept per metric (the chart's history and the trend rules'). */
  maxSamples?: number;
}

/** mosquitto publishes `$SYS` every 10 s unless `sys_interval` says otherwise. */
export const DEFAULT_SYS_INTERVAL_S = 10;
/** A rate spans at least this long: a tick split over two batches must not read as a spike. */
const MIN_RATE_SPAN_MS = 1000;
const DEFAULT_MAX_SAMPLES = 900;

const decoder = new TextDecoder('utf-8', { fatal: false });

export class SysStatus {
  private flavourSeen: SysFlavour | undefined;
  private node: string | undefined;
  private last: number | undefined;
  private readonly values = new Map<string, { value: number | string; topic: string }>();
  private readonly loads = new Map<string, Map<string, number>>();
  private readonly series = new Map<string, Sample[]>();
  private readonly raw = new Map<string, string>();
  private grant: number | undefined;
  private readonly maxSamples: number;
  limits: SysLimits = {};

  constructor(private readonly options: SysStatusOptions) {
    this.maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  }

  /** What the broker granted the `$SYS/#` subscription (a reason code above 2 is a refusal). */
  setGrant(granted: number | undefined): void {
    this.grant = granted;
  }

  /**
   * Take a batch of `$SYS` messages (others are ignored). A batch with a live message is a tick: every known
   * number is sampled at its time. Retained ones (what the broker sends at subscribe) set values only: when
   * the broker measured them is unknown, so they would skew a rate.
   */
  ingest(messages: readonly SysMessage[]): void {
    let tick: number | undefined;
    for (const m of messages) {
      if (!m.topic.startsWith('$SYS/')) continue;
      this.last = m.time;
      if (!m.retain) tick = m.time;
      this.take(m.topic, decoder.decode(m.payload).trim());
    }
    if (tick !== undefined) this.sample(tick);
  }

  private take(topic: string, text: string): void {
    const r = recognise(topic);
    // A broker's layout once recognised sticks; stray topics of other layouts go to the raw tree.
    if (this.flavourSeen === undefined || this.flavourSeen === 'other') this.flavourSeen = r.flavour;
    if ('load' in r) {
      const value = numberOf(text);
      if (value === undefined) return;
      let windows = this.loads.get(r.load);
      if (!windows) this.loads.set(r.load, (windows = new Map()));
      windows.set(r.window, value);
      return;
    }
    // EMQX: the first node seen is the one shown; a cluster's other nodes stay in the raw tree.
    if ('metric' in r && (r.node === undefined || (this.node ??= r.node) === r.node)) {
      // EMQX's uptime is prose ("1 days, 2 hours, ..."): shown as published.
      const asText = r.metric.unit === 'text' || (r.flavour === 'emqx' && r.metric.id === 'uptime');
      const number = asText ? undefined : numberOf(text);
      if (r.metric.id === 'uptime' && number !== undefined) this.restartedIf(number);
      this.values.set(r.metric.id, { value: number ?? text, topic });
      return;
    }
    this.raw.set(topic, text);
  }

  /** Uptime went back: the broker restarted, its counters with it, so the old ticks mean nothing now. */
  private restartedIf(uptime: number): void {
    const previous = this.values.get('uptime')?.value;
    if (typeof previous === 'number' && uptime < previous) this.series.clear();
  }

  private sample(time: number): void {
    for (const [id, { value }] of this.values) {
      if (typeof value !== 'number') continue;
      let s = this.series.get(id);
      if (!s) this.series.set(id, (s = []));
      const previous = s[s.length - 1];
      // A counter that went down was reset: its rate starts again.
      if (previous && metricDef(id)?.counter && value < previous.value) s.length = 0;
      if (previous && previous.time === time) previous.value = value;
      else s.push({ time, value });
      if (s.length > this.maxSamples) s.splice(0, s.length - this.maxSamples);
    }
  }

  /** The ticks of one metric, oldest first. */
  samples(id: string): readonly Sample[] {
    return this.series.get(id) ?? [];
  }

  /** Per second over the last span of at least a second (undefined: fewer than two such ticks). */
  rate(id: string): number | undefined {
    const s = this.samples(id);
    return s.length < 2 ? undefined : rateAt(s, s.length - 1);
  }

  /** A counter's rate at each tick (for the chart): `[time, per second]`. */
  rateSeries(id: string): [number, number][] {
    const s = this.samples(id);
    const out: [number, number][] = [];
    for (let i = 1; i < s.length; i++) {
      const r = rateAt(s, i);
      if (r !== undefined) out.push([s[i]!.time, r]);
    }
    return out;
  }

  private expectedMs(): number {
    if (this.options.expectedIntervalMs) return this.options.expectedIntervalMs;
    const configured = this.limits.sysInterval;
    return (configured && configured > 0 ? configured : DEFAULT_SYS_INTERVAL_S) * 1000;
  }

  /** Why nothing shows yet, or undefined once anything arrived. */
  empty(now: number): EmptyState | undefined {
    if (this.last !== undefined) return undefined;
    if (this.grant !== undefined && this.grant > 2)
      return {
        reason: 'denied',
        message: `The broker refused the $SYS/# subscription: ${explainGrant(0, this.grant).text}. Its ACL keeps $SYS from this user.`,
      };
    const waited = now - this.options.since;
    if (this.limits.sysInterval === 0 && waited >= 2000)
      return {
        reason: 'disabled',
        message: 'No $SYS messages: the workspace’s mosquitto.conf sets sys_interval 0, which turns them off.',
      };
    if (waited < 2 * this.expectedMs())
      return { reason: 'waiting', message: 'Waiting for the broker’s first $SYS messages…' };
    return {
      reason: 'silent',
      message: `No $SYS message in ${Math.round(waited / 1000)} s: sys_interval 0 (mosquitto publishes every 10 s by default), a broker without $SYS, or an ACL that filters $SYS at delivery (mosquitto’s acl_file grants the subscription and drops the messages).`,
    };
  }

  readings(): Reading[] {
    const context = {
      value: (id: string) => {
        const v = this.values.get(id)?.value;
        return typeof v === 'number' ? v : undefined;
      },
      series: (id: string) => this.samples(id),
      limits: this.limits,
    };
    return READING_RULES.flatMap((rule) => {
      const found = rule.check(context);
      return found ? [{ code: rule.code, severity: rule.severity, ...found }] : [];
    });
  }

  /** The known metrics in table order (mosquitto's load averages after them), readings, and the rest. */
  snapshot(now: number): SysSnapshot {
    const metrics: SysMetric[] = [];
    for (const def of METRICS) {
      const v = this.values.get(def.id);
      if (!v) continue;
      const metric: SysMetric = {
        id: def.id,
        label: def.label,
        group: def.group,
        value: v.value,
        text: formatValue(def.unit, v.value),
        doc: def.doc,
        topic: v.topic,
      };
      const rate = def.counter ? this.rate(def.id) : undefined;
      if (rate !== undefined) Object.assign(metric, { rate, rateText: formatRate(def.unit, rate) });
      metrics.push(metric);
    }
    for (const [what, windows] of this.loads) {
      const averages = LOAD_WINDOWS.map((w) => windows.get(w));
      metrics.push({
        id: `load.${what.replace(/\//g, '.')}`,
        label: loadLabel(what),
        group: 'load',
        value: averages[0] ?? 0,
        text: `${averages.map((a) => (a === undefined ? '–' : a.toFixed(1))).join(' / ')} per min`,
        doc: `mosquitto’s moving averages of ${what.replace(/\//g, ' ')} per minute, over 1, 5 and 15 minutes.`,
        topic: `$SYS/broker/load/${what}/+`,
      });
    }
    const empty = this.empty(now);
    return {
      flavour: this.flavourSeen,
      ...(this.node !== undefined ? { node: this.node } : {}),
      ...(this.last !== undefined ? { updated: this.last } : {}),
      metrics,
      readings: this.readings(),
      ...(empty ? { empty } : {}),
      other: rawTree(this.raw),
    };
  }
}

/** The rate at tick `i`, against the latest tick at least MIN_RATE_SPAN_MS before it. */
function rateAt(s: readonly Sample[], i: number): number | undefined {
  const at = s[i]!;
  for (let k = i - 1; k >= 0; k--) {
    const span = at.time - s[k]!.time;
    if (span >= MIN_RATE_SPAN_MS) {
      const delta = at.value - s[k]!.value;
      return delta < 0 ? undefined : (delta * 1000) / span;
    }
  }
  return undefined;
}

/** Topics and their values as a tree by levels, in topic order. */
export function rawTree(entries: ReadonlyMap<string, string>): RawNode[] {
  const root: RawNode = { name: '', path: '', children: [] };
  for (const topic of [...entries.keys()].sort()) {
    let node = root;
    const levels = topic.split('/');
    levels.forEach((name, i) => {
      let child = node.children.find((c) => c.name === name);
      if (!child) node.children.push((child = { name, path: levels.slice(0, i + 1).join('/'), children: [] }));
      node = child;
    });
    node.value = entries.get(topic)!;
  }
  return root.children;
}
