/**
 * The few lines of a mosquitto.conf the Broker Status view reads beside `$SYS`: the limits its readings
 * name and link to. A simple line scan (the language server does the real parsing and checking). Pure.
 */
import type { SysLimits } from './sysTypes';

/** The options read, by the SysLimits field they fill. */
const OPTIONS = {
  max_connections: 'maxConnections',
  max_queued_messages: 'maxQueuedMessages',
  sys_interval: 'sysInterval',
} as const satisfies Record<string, keyof SysLimits>;

export type LimitOption = keyof typeof OPTIONS;

/** Where a config sets one of those options (0-based line). */
export interface LimitSite {
  option: LimitOption;
  value: number;
  line: number;
}

export function findLimits(text: string): LimitSite[] {
  const sites: LimitSite[] = [];
  text.split(/\r?\n/).forEach((content, line) => {
    const m = /^\s*(max_connections|max_queued_messages|sys_interval)\s+(-?\d+)\s*(?:#.*)?$/.exec(content);
    if (m) sites.push({ option: m[1] as LimitOption, value: Number(m[2]), line });
  });
  return sites;
}

/** The limits of the sites found, the last one of each option winning (as in mosquitto for these). */
export function limitsOf(sites: readonly LimitSite[]): SysLimits {
  const limits: SysLimits = {};
  for (const site of sites) limits[OPTIONS[site.option]] = site.value;
  return limits;
}
