/**
 * A topic site: where a source file uses a topic, as findTopics finds it. Sites and their QoS are the
 * analysis's result, alive through the whole run and reused by the next analysis of an edited text: made by
 * constructors, not object literals (lexer.ts says why), and holding no view of the text (see `owned`).
 */
import type { CallRole } from './patterns';
import { PlaceholderPart, type StringPart, TextPart } from './lexer';

/** A QoS written in the call, with its source offsets. */
export class QosLiteral {
  constructor(
    readonly value: number,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** Where a topic is used in a source file. */
export interface TopicSite {
  role: CallRole;
  segments: StringPart[];
  /** Source offsets of the whole topic expression. */
  start: number;
  end: number;
  /** The constant the topic came from, when the argument was an identifier. */
  constant?: string;
  qos?: QosLiteral;
  /** The called function (or struct/option field) that carries the topic. */
  via: string;
  library: string;
  /** False when the string literal is unterminated (broken code: no topic diagnostics). */
  complete: boolean;
  /** An MQTT 5 Topic Alias property goes with the publish: an empty topic is then legal. */
  topicAlias?: boolean;
}

/** A topic site as findTopics makes it (its optional fields are set when they apply). */
export class FoundSite implements TopicSite {
  declare constant?: string;
  declare qos?: QosLiteral;
  declare topicAlias?: boolean;
  constructor(
    readonly role: CallRole,
    readonly segments: StringPart[],
    readonly start: number,
    readonly end: number,
    readonly via: string,
    readonly library: string,
    readonly complete: boolean,
  ) {}
}

/**
 * V8 cuts a string of 13 characters or more as a view of the whole text it came from. A site kept by
 * later analyses of an edited document would then keep every older version of it alive.
 */
const VIEW_LENGTH = 13;

/** The same characters in a string of their own (a concatenation is flattened into a new string). */
export const owned = (text: string): string => (text.length < VIEW_LENGTH ? text : (' ' + text).slice(1));

/** The site with strings of its own: the same site when none of its strings can be a view. */
export function ownedSite(site: TopicSite): TopicSite {
  let segments: StringPart[] | undefined;
  for (let i = 0; i < site.segments.length; i++) {
    const s = site.segments[i]!;
    if (('placeholder' in s ? s.placeholder : s.text).length < VIEW_LENGTH) continue;
    segments ??= site.segments.slice();
    segments[i] =
      'placeholder' in s
        ? new PlaceholderPart(owned(s.placeholder), s.start, s.end)
        : new TextPart(owned(s.text), s.start, s.end, s.exact);
  }
  if (!segments && (site.constant === undefined || site.constant.length < VIEW_LENGTH)) return site;
  return copySite(site, segments ?? site.segments, 0, site.constant !== undefined ? owned(site.constant) : undefined);
}

/** A site moved by `delta` characters (the text before it grew or shrank): new objects, the same strings. */
export function movedSite(site: TopicSite, delta: number): TopicSite {
  const segments = new Array<StringPart>(site.segments.length);
  for (let i = 0; i < segments.length; i++) {
    const s = site.segments[i]!;
    segments[i] =
      'placeholder' in s
        ? new PlaceholderPart(s.placeholder, s.start + delta, s.end + delta)
        : new TextPart(s.text, s.start + delta, s.end + delta, s.exact);
  }
  return copySite(site, segments, delta, site.constant);
}

/** A copy of the site with these segments and constant, its offsets moved by `delta`. */
function copySite(site: TopicSite, segments: StringPart[], delta: number, constant: string | undefined): TopicSite {
  const copy = new FoundSite(
    site.role,
    segments,
    site.start + delta,
    site.end + delta,
    site.via,
    site.library,
    site.complete,
  );
  if (constant !== undefined) copy.constant = constant;
  if (site.qos)
    copy.qos = delta === 0 ? site.qos : new QosLiteral(site.qos.value, site.qos.start + delta, site.qos.end + delta);
  if (site.topicAlias) copy.topicAlias = true;
  return copy;
}
