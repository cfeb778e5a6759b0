/** Hovers on topic strings in code: role, levels, what each wildcard matches, and the notes that apply. */
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import { exampleMatches } from '../../../common/src/topics';
import { topicDisplay, type TopicSite } from './findTopics';
import type { CallPattern } from './patterns';
import { analyseSource, type SourceAnalysis } from './sourceAnalysis';
import { codeBlock, inlineCode } from '../text';

/** A deep topic lists its first levels only. */
const MAX_LEVELS_SHOWN = 32;

const ROLE_WORDS: Record<TopicSite['role'], string> = {
  publish: 'published to (a topic name)',
  will: 'the will topic (a topic name)',
  subscribe: 'subscribed to (a topic filter)',
  unsubscribe: 'unsubscribed from (a topic filter)',
  route: 'routed by (a topic filter)',
};

/** Hover markdown for a topic in code; every piece of the document's text in it is a code span or block. */
export function topicHoverMarkdown(site: TopicSite): string {
  const display = topicDisplay(site);
  const levels = display.split('/');
  const lines = [
    `**MQTT topic**, ${ROLE_WORDS[site.role]} via ${inlineCode(site.via)} (${site.library})`,
    '',
    codeBlock(display),
  ];
  if (site.constant) lines.push(`From the constant ${inlineCode(site.constant)}.`);
  lines.push(
    `${levels.length} level${levels.length === 1 ? '' : 's'}: ${levels
      .slice(0, MAX_LEVELS_SHOWN)
      .map((l) => (l === '' ? '`(empty)`' : inlineCode(l)))
      .join(' / ')}${levels.length > MAX_LEVELS_SHOWN ? ' / …' : ''}`,
  );
  const placeholders = site.segments.flatMap((s) => ('placeholder' in s ? [s.placeholder] : []));
  if (placeholders.length)
    lines.push(
      '',
      `Filled in at run time: ${placeholders.map((p) => inlineCode(p)).join(', ')} (each one piece of a level; a \`/\`, \`+\` or \`#\` in the value would change the topic).`,
    );
  if (site.role === 'subscribe' || site.role === 'route' || site.role === 'unsubscribe') {
    if (display.includes('+')) lines.push('', '`+` matches exactly one level.');
    if (display.endsWith('#'))
      lines.push(
        '',
        '`#` matches any number of levels, including none (`home/#` also matches `home`). Topics starting with `$` (like `$SYS/...`) are never matched by a leading wildcard.',
      );
    const examples = exampleMatches(display);
    if (examples.length) lines.push('', `Matches for example: ${examples.map((e) => inlineCode(e)).join(', ')}`);
    if (site.role === 'subscribe')
      lines.push(
        '',
        'A new subscriber receives the last **retained** message of every matching topic at once; old retained messages stay until someone publishes an empty retained message to that topic.',
      );
  } else {
    lines.push(
      '',
      'Retained messages published here stay on the broker and go to every new subscriber until an empty retained message (zero-byte payload, retain flag set) clears them.',
    );
  }
  if (site.role === 'will') {
    lines.push(
      '',
      'The broker publishes the will only when the connection drops without a DISCONNECT: a clean `end()`/`disconnect()` does not fire it. **Birth/will pattern:** publish `online` (retained) to this topic after connecting, with the will `offline` (retained), so subscribers always see the current state.',
    );
  }
  if (site.qos)
    lines.push(
      '',
      `QoS ${site.qos.value}. The QoS a subscriber gets is the minimum of the publish QoS and its subscription QoS.${site.qos.value === 1 ? ' QoS 1 may deliver a message twice: make handlers idempotent.' : ''}`,
    );
  return lines.join('\n');
}

/** The topic site under `position` in an analysed source file. */
export function siteAt(analysis: SourceAnalysis, position: Position): TopicSite | undefined {
  const offset = analysis.lines.offsetAt(position);
  return analysis.found.sites.find((s) => offset >= s.start && offset <= s.end);
}

/** The hover for the topic under `position` in an analysed source file, or null. */
export function codeHover(analysis: SourceAnalysis, position: Position): Hover | null {
  const site = siteAt(analysis, position);
  if (!site) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: topicHoverMarkdown(site) },
    range: { start: analysis.lines.positionAt(site.start), end: analysis.lines.positionAt(site.end) },
  };
}

/** The hover for the topic under `position`, or null. */
export function computeCodeHover(
  text: string,
  languageId: string,
  position: Position,
  extraPatterns: readonly CallPattern[] = [],
): Hover | null {
  const analysis = analyseSource(text, languageId, extraPatterns);
  return analysis ? codeHover(analysis, position) : null;
}
