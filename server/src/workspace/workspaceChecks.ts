/** Diagnostics that need the whole workspace: topics nobody receives, filters nobody feeds, near-duplicate spellings, QoS downgrades, shared client ids. Pure. */
import type { Location } from 'vscode-languageserver-types';
import type { WorkspaceCode } from '../code/codes';
import type { Problem } from '../diagnostics';
import {
  DEFAULT_LIMIT,
  type IndexedClientId,
  type IndexedSite,
  isCatchAll,
  spellingKey,
  type TopicIndex,
} from './topicIndex';
import { clip } from '../text';
import { fileNameOf } from '../uri';

const where = (s: { uri: string; range: { start: { line: number } } }) =>
  `${clip(fileNameOf(s.uri))}:${s.range.start.line + 1}`;
const location = (s: IndexedSite | { uri: string; range: IndexedSite['range'] }): Location => ({
  uri: s.uri,
  range: s.range,
});

/** Letters and digits a topic needs (outside wildcards and placeholders) before a different spelling is worth a warning. */
const MIN_SPELLED_CHARACTERS = 4;

/** Whether a topic is long enough for `similar-topic`: `a` against `A`, or `x/y` against `X/Y`, is no typo. */
function spelledOut(site: IndexedSite): boolean {
  return spellingKey(site.pattern).replace(/[^\p{L}\p{N}]/gu, '').length >= MIN_SPELLED_CHARACTERS;
}

/** The first `count` distinct texts of the items, computed only as far as needed. */
function firstDistinct<T>(items: readonly T[], count: number, text: (item: T) => string): string[] {
  const out = new Set<string>();
  for (const item of items) {
    if (out.size >= count) break;
    out.add(text(item));
  }
  return [...out];
}

/**
 * Who receives a published topic, in one walk: the first receiver that is not a catch-all `#` ends it; until
 * then the first catch-all is kept, for the message.
 */
function receiversOf(index: TopicIndex, site: IndexedSite): { received: boolean; catchAll?: IndexedSite } {
  const heard: { received: boolean; catchAll?: IndexedSite } = { received: false };
  index.counterparts(site, 1, (c) => {
    if (!isCatchAll(c)) return (heard.received = true);
    heard.catchAll ??= c;
    return false;
  });
  return heard;
}

/** The workspace-wide problems of one indexed file. */
export function workspaceProblems(index: TopicIndex, uri: string): Problem<WorkspaceCode | 'duplicate-client-id'>[] {
  const out: Problem<WorkspaceCode | 'duplicate-client-id'>[] = [];
  const add = (
    code: WorkspaceCode | 'duplicate-client-id',
    site: { range: IndexedSite['range'] },
    [message, detail]: [string, string],
    related: (IndexedSite | { uri: string; range: IndexedSite['range'] })[] = [],
  ) => {
    const problem: Problem<WorkspaceCode | 'duplicate-client-id'> = { range: site.range, code, message, detail };
    if (related.length)
      problem.related = related.slice(0, 10).map((r) => ({
        location: location(r),
        message: 'display' in r ? `${r.role} ${clip(r.display)}` : 'same client id',
      }));
    out.push(problem);
  };
  const receivers = index.hasReceivers();
  const senders = index.hasSenders();
  const program = index.programOf(uri);
  for (const site of index.sitesOf(uri)) {
    // A topic the broker rejects has its Error in the file's own diagnostics; it meets nothing, and saying so adds nothing.
    if (site.display.startsWith('$') || site.rejected) continue;
    const heard = site.role === 'publish' && receivers ? receiversOf(index, site) : undefined;
    if (heard && !heard.received) {
      // A catch-all `#` (usually a debugging subscription) says nothing about whether a topic is consumed, so it
      // does not silence the warning; but the message names it, as the hover does (presentation.ts).
      add(
        'unmatched-publish',
        site,
        heard.catchAll
          ? [
              `Only a catch-all \`#\` receives \`${clip(site.display, 40)}\`: check the spelling`,
              `Only the catch-all \`#\` (${where(heard.catchAll)}) receives \`${clip(site.display)}\`: no subscription in the workspace names it. A typo, or a consumer outside this workspace?`,
            ]
          : [
              `No subscription in the workspace receives \`${clip(site.display, 50)}\``,
              `No subscription in the workspace receives \`${clip(site.display)}\`. A typo, or a consumer outside this workspace?`,
            ],
        heard.catchAll ? [heard.catchAll] : [],
      );
    }
    if (site.role === 'subscribe' && senders && site.pattern !== '#' && index.counterparts(site, 1).length === 0) {
      add('unmatched-subscription', site, [
        `Nothing in the workspace publishes to \`${clip(site.display, 50)}\``,
        `Nothing in the workspace publishes to a topic matching \`${clip(site.display)}\`. A typo, or a producer outside this workspace?`,
      ]);
    }
    // Spellings are compared only for topics long enough to be a name (`a` / `A` is no typo), and not between
    // two tests or examples that never run together: application code meets everything, a test only itself.
    const similar = spelledOut(site)
      ? index.similar(site, DEFAULT_LIMIT, (other) => {
          const theirs = index.programOf(other.uri);
          return program === undefined || theirs === undefined || theirs === program;
        })
      : [];
    if (similar.length) {
      add(
        'similar-topic',
        site,
        [
          `\`${clip(site.display, 30)}\` is spelled \`${clip(similar[0]!.display, 30)}\` elsewhere: these never meet`,
          `\`${clip(site.display)}\` is spelled differently elsewhere: ${firstDistinct(similar, 3, (s) => `\`${clip(s.display)}\` (${where(s)})`).join(', ')}. MQTT topics are exact: these never meet.`,
        ],
        similar,
      );
    }
    // A downgrade needs a subscriber: a topic nothing receives has none.
    if (site.role === 'publish' && site.qos !== undefined && (heard?.received || heard?.catchAll)) {
      const publishedAt = site.qos;
      // A downgrade needs the publisher and the subscriber connected together: within one program only
      // (the application, or one test or example), never between two independent examples.
      const lowerThan = (qos: number) => (c: IndexedSite) =>
        c.role === 'subscribe' && c.qos !== undefined && c.qos < qos && index.programOf(c.uri) === program;
      const lower = index.counterparts(site, DEFAULT_LIMIT, lowerThan(publishedAt));
      if (lower.length) {
        // The lowest QoS among all of them, even those past the limit: QoS 0 is the only one below 1.
        const lowest = Math.min(
          ...lower.map((c) => c.qos!),
          index.counterparts(site, 1, lowerThan(1)).length ? 0 : publishedAt,
        );
        add(
          'qos-downgrade',
          site,
          [
            `Published at QoS ${site.qos}, but a subscriber asks for QoS ${lowest}: delivered at QoS ${lowest}`,
            `Published at QoS ${site.qos}, but ${lower
              .map((c) => `\`${clip(c.display)}\` (${where(c)}) subscribes at QoS ${c.qos}`)
              .slice(0, 3)
              .join(', ')}: a subscriber receives at the lower of the two, so those messages arrive at QoS ${lowest}.`,
          ],
          lower,
        );
      }
    }
  }
  // Across files, only programs collide: tests and examples each run on their own, briefly.
  const byId = new Map<string, IndexedClientId[]>();
  for (const c of index.allClientIds()) {
    if (c.uri !== uri && index.programOf(c.uri) !== undefined) continue;
    const list = byId.get(c.id);
    if (list) list.push(c);
    else byId.set(c.id, [c]);
  }
  const mineAll = index.programOf(uri) !== undefined ? [] : index.allClientIds().filter((c) => c.uri === uri);
  for (const mine of mineAll) {
    const others = (byId.get(mine.id) ?? []).filter((c) => c.uri !== uri);
    if (others.length) {
      add(
        'duplicate-client-id',
        mine,
        [
          `Client id "${clip(mine.id, 30)}" is also used in ${where(others[0]!)}${others.length > 1 ? ` and ${others.length - 1} more` : ''}: give each program its own`,
          `The client id "${clip(mine.id)}" is also used in ${others.slice(0, 3).map(where).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}: if these programs run at the same time, the broker disconnects one whenever the other connects, and they take turns forever. Give each program its own id (one program reusing its id after it ended, to resume its session, is fine).`,
        ],
        others,
      );
    }
  }
  return out;
}
