/**
 * What the calls of one analysis read and gave, so that the next analysis of the same document (after an
 * edit) takes a call's topic sites without reading it again when the text it read did not change: the
 * calls before the edit keep their sites, the calls after it get them moved by the edit's length.
 *
 * A call's result depends on the text its window read, on the constants it looked up and on whether the
 * file sets a Topic Alias; the memo keeps the last two with the call and checks them before reuse. The
 * text is compared once per analysis: the old and new texts share a prefix and a suffix, and a call
 * whose reading lies in one of them read the same characters.
 */
import type { CallPattern } from './patterns';
import type { ConstantLookup, TopicValue } from './topicExpression';
import { movedSite, owned, type TopicSite } from './topicSite';

/** The file's Topic Alias answer as a call recorded it: not asked, no, yes. */
const NO_ALIAS = 0;
const ALIAS_FALSE = 1;
const ALIAS_TRUE = 2;

/** The fields of one call in `records`. */
const AT = 0;
const FROM = 1;
/** How far its reading looked, exclusive; -1 when its window did not close (never reused). */
const READ = 2;
/** Its sites are sites[FIRST_SITE, next call's FIRST_SITE). */
const FIRST_SITE = 3;
/** Its constants are names/values[FIRST_CONSTANT, next call's FIRST_CONSTANT). */
const FIRST_CONSTANT = 4;
const ALIAS = 5;
const FIELDS = 6;

/**
 * The calls of one analysis in text order: where each read, the sites it gave, and the constants it
 * looked up. Numbers in one typed array, so that an analysis keeps no object per call.
 */
export class CallMemo {
  private records = new Int32Array(FIELDS * 64);
  private count = 0;
  private readonly sites: TopicSite[] = [];
  private readonly names: string[] = [];
  private readonly values: (TopicValue | null | undefined)[] = [];
  /** What the call being read so far depended on: constants since the last `add`, and the alias answer. */
  private constantsFrom = 0;
  private alias = NO_ALIAS;

  constructor(
    readonly text: string,
    /** The call patterns the analysis used: a memo made with others answers nothing. */
    readonly patterns: readonly CallPattern[],
  ) {}

  /** The call being read looked up the constant `name` and found `value` (of this text, kept no longer than it). */
  constant(name: string, value: TopicValue | null | undefined): void {
    this.names.push(owned(name));
    this.values.push(value);
  }

  /** The same, for a name that is already a string of its own (one taken over). */
  private ownedConstant(name: string, value: TopicValue | null | undefined): void {
    this.names.push(name);
    this.values.push(value);
  }

  /** The call being read asked whether the file sets a Topic Alias. */
  askedAlias(answer: boolean): void {
    this.alias = answer ? ALIAS_TRUE : ALIAS_FALSE;
  }

  /**
   * The call at `at`, read from `from` up to `read` (Infinity when its window did not close: stored as -1,
   * never taken over), gave the sites `sites[first..]`.
   */
  add(at: number, from: number, read: number, sites: readonly TopicSite[], first: number): void {
    if ((this.count + 1) * FIELDS > this.records.length) {
      const grown = new Int32Array(this.records.length * 2);
      grown.set(this.records);
      this.records = grown;
    }
    const r = this.records;
    const base = this.count++ * FIELDS;
    r[base + AT] = at;
    r[base + FROM] = from;
    r[base + READ] = read === Infinity ? -1 : read;
    r[base + FIRST_SITE] = this.sites.length;
    r[base + FIRST_CONSTANT] = this.constantsFrom;
    r[base + ALIAS] = this.alias;
    for (let i = first; i < sites.length; i++) this.sites.push(sites[i]!);
    this.constantsFrom = this.names.length;
    this.alias = NO_ALIAS;
  }

  /** Index of the call at `at`, or -1. */
  private indexOf(at: number): number {
    const r = this.records;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = r[mid * FIELDS + AT]!;
      if (value === at) return mid;
      if (value < at) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The earlier analysis's result for the call now at `at` with its window from `from`, when `edit` shows
   * the text it read unchanged and what it looked up is unchanged too: its sites (moved by the edit when
   * it lies after it) go onto `out` and are recorded into `into`. False when the call must be read.
   */
  reuse(
    edit: Edit,
    at: number,
    from: number,
    now: { constants: ConstantLookup; alias: () => boolean },
    into: CallMemo,
    out: TopicSite[],
  ): boolean {
    const before = at < edit.prefix;
    const delta = before ? 0 : edit.delta;
    const k = this.indexOf(at - delta);
    if (k < 0) return false;
    const r = this.records;
    const base = k * FIELDS;
    const read = r[base + READ]!;
    if (r[base + FROM] !== from - delta || read < 0) return false;
    // Before the edit: everything read lies in the common prefix. After it: the window, with what its reading
    // looks at before `from`, lies in the common suffix.
    if (before ? read > edit.prefix : lookedAtFrom(into.text, from) - delta < this.text.length - edit.suffix)
      return false;
    const hasNext = k + 1 < this.count;
    const constantsEnd = hasNext ? r[base + FIELDS + FIRST_CONSTANT]! : this.names.length;
    for (let i = r[base + FIRST_CONSTANT]!; i < constantsEnd; i++)
      if (!sameConstant(now.constants.get(this.names[i]!), this.values[i])) return false;
    const alias = r[base + ALIAS]!;
    if (alias !== NO_ALIAS && (alias === ALIAS_TRUE) !== now.alias()) return false;
    // The values as this text has them (the same to the call): the older ones are made of the older text.
    for (let i = r[base + FIRST_CONSTANT]!; i < constantsEnd; i++)
      into.ownedConstant(this.names[i]!, now.constants.get(this.names[i]!));
    if (alias !== NO_ALIAS) into.askedAlias(alias === ALIAS_TRUE);
    const first = out.length;
    const sitesEnd = hasNext ? r[base + FIELDS + FIRST_SITE]! : this.sites.length;
    for (let i = r[base + FIRST_SITE]!; i < sitesEnd; i++) {
      const site = this.sites[i]!;
      out.push(delta === 0 ? site : movedSite(site, delta));
    }
    into.add(at, from, read + delta, out, first);
    return true;
  }
}

/**
 * Where the reading of a window from `from` starts to look: the character before it, and before the blanks
 * in front of it (a C `#` counts as a line start after blanks only; a cut identifier is read from its cut).
 * -1 when that is the start of the text, which counts as looked at: text deleted there changes it.
 */
function lookedAtFrom(text: string, from: number): number {
  let p = from;
  while (p > 0 && (text.charCodeAt(p - 1) === 0x20 || text.charCodeAt(p - 1) === 0x09)) p--;
  return p - 1;
}

/** How an edit changed a text: the length of the common prefix and suffix, and the change in length. */
export interface Edit {
  prefix: number;
  suffix: number;
  delta: number;
}

/** Compared a block at a time: equal slices compare as fast as memory. */
const BLOCK = 4096;

/** The edit from `before` to `after` as the longest common prefix and the longest suffix that does not overlap it. */
export function editBetween(before: string, after: string): Edit {
  const most = Math.min(before.length, after.length);
  let prefix = 0;
  for (let step = BLOCK; step >= 1; step >>= 4)
    while (prefix + step <= most && before.slice(prefix, prefix + step) === after.slice(prefix, prefix + step))
      prefix += step;
  let suffix = 0;
  const room = most - prefix;
  for (let step = BLOCK; step >= 1; step >>= 4)
    while (
      suffix + step <= room &&
      before.slice(before.length - suffix - step, before.length - suffix) ===
        after.slice(after.length - suffix - step, after.length - suffix)
    )
      suffix += step;
  return { prefix, suffix, delta: after.length - before.length };
}

/** Whether a constant looks the same to a topic now as when it was recorded (positions aside: a topic uses the name's). */
export function sameConstant(a: TopicValue | null | undefined, b: TopicValue | null | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.complete !== b.complete || a.segments.length !== b.segments.length) return false;
  for (let i = 0; i < a.segments.length; i++) {
    const x = a.segments[i]!;
    const y = b.segments[i]!;
    if (
      'placeholder' in x
        ? !('placeholder' in y) || x.placeholder !== y.placeholder
        : !('text' in y) || x.text !== y.text
    )
      return false;
  }
  return true;
}
