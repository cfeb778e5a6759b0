/**
 * The MQTT topic rules (MQTT 3.1.1 §4.7, MQTT 5 §4.7), implemented once and shared by the language
 * server, the CLI and the VS Code client: validity by role, matching, filter intersection and coverage.
 * Pure: no I/O, no LSP types, no Node APIs (the client may one day run in a web extension host).
 */

/** What code does with a topic: names are published to (or carried by a will), filters are subscribed with. */
export type TopicUse = 'publish' | 'subscribe' | 'unsubscribe' | 'will' | 'route';

/** Whether this use sends messages to the topic (publish, will). */
export const isSending = (use: TopicUse): boolean => use === 'publish' || use === 'will';

/** Whether this use receives messages matching the topic (subscribe, route). */
export const isReceiving = (use: TopicUse): boolean => use === 'subscribe' || use === 'route';

/** The topic's role under MQTT's rules: a sent topic is a name, everything else is a filter. */
export const roleOf = (use: TopicUse): TopicRole => (isSending(use) ? 'name' : 'filter');

/** A topic name is what a PUBLISH (or a will) carries; a topic filter is what SUBSCRIBE carries. */
export type TopicRole = 'name' | 'filter';

export type TopicProblemCode =
  | 'empty-topic'
  | 'topic-null-character'
  | 'topic-too-long'
  | 'wildcard-in-topic-name'
  | 'invalid-multi-level-wildcard'
  | 'invalid-single-level-wildcard'
  | 'leading-slash'
  | 'trailing-slash'
  | 'empty-level'
  | 'surrounding-whitespace'
  | 'publish-to-dollar-topic'
  | 'invalid-shared-subscription'
  | 'topic-too-deep';

export interface TopicProblem {
  code: TopicProblemCode;
  /** Offset range within the topic string (UTF-16). */
  start: number;
  end: number;
  /** Whether a broker rejects it (true) or it is legal but likely a mistake (false). */
  invalid: boolean;
  message: string;
}

export interface TopicCheckOptions {
  /** Levels beyond this are reported (brokers and cloud services limit depth). Default: no limit. */
  maxDepth?: number;
}

/** The maximum length of a topic: a UTF-8 string of at most 65,535 bytes. */
export const MAX_TOPIC_BYTES = 65535;

/** Bytes of `text` in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes, as encoders write it). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Why a broker would refuse this topic name or filter outright, or undefined when it would take it. */
export function topicRefusal(topic: string, role: TopicRole): string | undefined {
  return checkTopic(topic, role).find((p) => p.invalid)?.message;
}

/** Check a topic as a topic name (role `name`) or a topic filter (role `filter`). */
export function checkTopic(topic: string, role: TopicRole, options: TopicCheckOptions = {}): TopicProblem[] {
  const problems: TopicProblem[] = [];
  const add = (code: TopicProblemCode, start: number, end: number, invalid: boolean, message: string) =>
    problems.push({ code, start, end, invalid, message });

  if (topic.length === 0) {
    add('empty-topic', 0, 0, true, 'A topic must not be empty.');
    return problems;
  }
  const nul = topic.indexOf('\u0000');
  if (nul >= 0) add('topic-null-character', nul, nul + 1, true, 'A topic must not contain the NUL character (U+0000).');
  if (utf8Length(topic) > MAX_TOPIC_BYTES)
    add(
      'topic-too-long',
      0,
      topic.length,
      true,
      `A topic is at most ${MAX_TOPIC_BYTES} bytes of UTF-8; this one has ${utf8Length(topic)}.`,
    );
  if (topic !== topic.trim())
    add(
      'surrounding-whitespace',
      0,
      topic.length,
      false,
      'Spaces at the start or end are part of the topic: `a/b ` and `a/b` are different topics.',
    );

  // Where the levels start: after `$share/<group>/` in a shared subscription.
  let offset = 0;
  if (role === 'filter' && topic.startsWith('$share/')) {
    const second = topic.indexOf('/', 7);
    const group = second < 0 ? topic.slice(7) : topic.slice(7, second);
    if (second < 0 || group.length === 0 || /[+#]/.test(group) || second === topic.length - 1) {
      add(
        'invalid-shared-subscription',
        0,
        topic.length,
        true,
        'A shared subscription is `$share/<group>/<filter>`: a non-empty group without wildcards, then a filter.',
      );
      return problems;
    }
    offset = second + 1;
  }

  // The levels, read in place in one pass (no array of level strings): each is topic[start, end).
  let levelCount = 0;
  for (let index = 0, start = offset; ; index++) {
    const slash = topic.indexOf('/', start);
    const last = slash < 0;
    const end = last ? topic.length : slash;
    const length = end - start;
    for (let i = 0; i < length; i++) {
      const c = topic[start + i];
      if (c !== '+' && c !== '#') continue;
      if (role === 'name') {
        add(
          'wildcard-in-topic-name',
          start + i,
          start + i + 1,
          true,
          `\`${c}\` is a wildcard: it is only allowed in subscriptions, never in a topic you publish to.`,
        );
      } else if (c === '#' && (length !== 1 || !last)) {
        add(
          'invalid-multi-level-wildcard',
          start + i,
          start + i + 1,
          true,
          '`#` must be the last level on its own (`a/#`, not `a#` or `a/#/b`).',
        );
      } else if (c === '+' && length !== 1) {
        add(
          'invalid-single-level-wildcard',
          start + i,
          start + i + 1,
          true,
          '`+` must be a whole level (`a/+/c`, not `a/b+`).',
        );
      }
    }
    // An empty level, when the topic has more than one level.
    if (length === 0 && (index > 0 || !last)) {
      if (index === 0)
        add(
          'leading-slash',
          start,
          start + 1,
          false,
          'A leading `/` makes an empty first level: `home/#` does not match `/home/temp`. Drop it',
        );
      else if (last)
        add(
          'trailing-slash',
          end - 1 >= start ? end - 1 : start - 1,
          start,
          false,
          'A trailing `/` creates an empty last level: `home/temp/` and `home/temp` are different topics.',
        );
      else add('empty-level', start - 1, start + 1, false, '`//` creates an empty level in the middle of the topic.');
    }
    if (last) {
      levelCount = index + 1;
      break;
    }
    start = end + 1;
  }

  // Only `$SYS` is the broker's own: other `$` prefixes are broker features clients publish to on purpose
  // (AWS IoT `$aws/things/.../shadow/update`, EMQX `$delayed/` and `$file/`, mosquitto 2.1 `$CONTROL/`).
  if (role === 'name' && /^\$SYS(?:\/|$)/.test(topic)) {
    add(
      'publish-to-dollar-topic',
      0,
      Math.max(1, topic.indexOf('/') < 0 ? topic.length : topic.indexOf('/')),
      false,
      "`$SYS/...` topics are the broker's own status; brokers refuse or ignore client publishes to them.",
    );
  }
  if (options.maxDepth !== undefined && levelCount > options.maxDepth) {
    add(
      'topic-too-deep',
      offset,
      topic.length,
      false,
      `${levelCount} levels; more than the configured limit of ${options.maxDepth}.`,
    );
  }
  return problems;
}

/** The filter a shared subscription (`$share/<group>/<filter>`) stands for; undefined when it names none. */
export function withoutShare(filter: string): string | undefined {
  if (!filter.startsWith('$share/')) return filter;
  const second = filter.indexOf('/', 7);
  return second < 0 ? undefined : filter.slice(second + 1);
}

/** Whether a topic name matches a topic filter, with MQTT's `$` rule (wildcards never match a leading `$` level). */
export function topicMatches(filter: string, name: string): boolean {
  const f = withoutShare(filter);
  if (f === undefined) return false;
  const fl = f.split('/');
  const nl = name.split('/');
  if (name.startsWith('$') && (fl[0] === '+' || fl[0] === '#')) return false;
  for (let i = 0; i < fl.length; i++) {
    const level = fl[i];
    if (level === '#') return true; // also matches the parent level: `a/#` matches `a`
    if (i >= nl.length) return false;
    if (level !== '+' && level !== nl[i]) return false;
  }
  return fl.length === nl.length;
}

/** Whether some topic name could match both filters (`+` one level, `#` the rest). */
export function filtersIntersect(a: string, b: string): boolean {
  const al = a.split('/');
  const bl = b.split('/');
  for (let i = 0; ; i++) {
    const x = al[i];
    const y = bl[i];
    if (x === '#' || y === '#') return true;
    if (x === undefined || y === undefined) return x === y;
    if (x !== '+' && y !== '+' && x !== y) return false;
  }
}

/** Whether every topic matched by filter `b` is also matched by filter `a`. */
export function filterCovers(a: string, b: string): boolean {
  const al = a.split('/');
  const bl = b.split('/');
  for (let i = 0; i < al.length; i++) {
    if (al[i] === '#') return true;
    if (i >= bl.length) return false;
    if (bl[i] === '#') return false;
    if (al[i] === '+') continue;
    if (al[i] !== bl[i]) return false;
  }
  return al.length === bl.length;
}

/** Example topic names a filter matches, to make its wildcards concrete (the filter itself when it has none). */
export function exampleMatches(filter: string): string[] {
  const levels = filter.replace(/^\$share\/[^/]+\//, '').split('/');
  const fill = (choice: number) =>
    levels
      .flatMap((level) => {
        if (level === '+') return [['kitchen', 'garage', 'attic'][choice % 3] ?? 'kitchen'];
        if (level === '#') return choice === 0 ? [] : choice === 1 ? ['a'] : ['a', 'b', 'c'];
        return [level];
      })
      .join('/');
  if (!filter.includes('+') && !filter.includes('#')) return [filter];
  return [...new Set([fill(0), fill(1), fill(2)])].filter((t) => t !== '');
}
