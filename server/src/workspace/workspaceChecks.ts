/** Diagnostics that need the whole workspace: topics nobody receives, filters nobody feeds, near-duplicate spellings, QoS downgrades, shared client ids. Pure. */
import type { Location } from 'vscode-languageserver-types';
import type { WorkspaceCode } from '../code/codes';
import type { Problem } from '../diagnostics';
import { DEFAULT_LIMIT, type IndexedClientId, type IndexedSite, type TopicIndex } from './topicIndex';
import { clip } from '../text';
import { isTestOrExample } from '../code/testOrExample';

/** A URI's file name for a message; a malformed escape in it stays as written. */
function fileName(uri: string): string {
  const last = uri.split('/').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

const where = (s: { uri: string; range: { start: { line: number } } }) =>
  `${clip(fileName(s.uri))}:${s.range.start.line + 1}`;
const location = (s: IndexedSite | { uri: string; range: IndexedSite['range'] }): Location => ({
  uri: s.uri,
  range: s.range,
});

/** The first `count` distinct texts of the items, computed only as far as needed. */
function firstDistinct<T>(items: readonly T[], count: number, text: (item: T) => string): string[] {
  const out = new Set<string>();
  for (const item of items) {
    if (out.size >= count) break;
    out.add(text(item));
  }
  return [...out];
}

/** The workspace-wide problems of one indexed file. */
export function workspaceProblems(index: TopicIndex, uri: string): Problem<WorkspaceCode | 'duplicate-client-id'>[] {
  const out: Problem<WorkspaceCode | 'duplicate-client-id'>[] = [];
  const add = (
    code: WorkspaceCode | 'duplicate-client-id',
    site: { range: IndexedSite['range'] },
    message: string,
    related: (IndexedSite | { uri: string; range: IndexedSite['range'] })[] = [],
  ) => {
    const problem: Problem<WorkspaceCode | 'duplicate-client-id'> = { range: site.range, code, message };
    if (related.length)
      problem.related = related.slice(0, 10).map((r) => ({
        location: location(r),
        message: 'display' in r ? `${r.role} ${clip(r.display)}` : 'same client id',
      }));
    out.push(problem);
  };
  const receivers = index.hasReceivers();
  const senders = index.hasSenders();
  for (const site of index.sitesOf(uri)) {
    if (site.display.startsWith('$')) continue;
    // A catch-all `#` (usually a debugging subscription) says nothing about whether a topic is consumed.
    if (site.role === 'publish' && receivers && index.counterparts(site, 1, (c) => c.pattern !== '#').length === 0) {
      add(
        'unmatched-publish',
        site,
        `No subscription in the workspace receives \`${clip(site.display)}\`. A typo, or a consumer outside this workspace?`,
      );
    }
    if (site.role === 'subscribe' && senders && site.pattern !== '#' && index.counterparts(site, 1).length === 0) {
      add(
        'unmatched-subscription',
        site,
        `Nothing in the workspace publishes to a topic matching \`${clip(site.display)}\`. A typo, or a producer outside this workspace?`,
      );
    }
    const similar = index.similar(site, DEFAULT_LIMIT);
    if (similar.length) {
      add(
        'similar-topic',
        site,
        `\`${clip(site.display)}\` is spelled differently elsewhere: ${firstDistinct(similar, 3, (s) => `\`${clip(s.display)}\` (${where(s)})`).join(', ')}. MQTT topics are exact: these never meet.`,
        similar,
      );
    }
    if (site.role === 'publish' && site.qos !== undefined) {
      const publishedAt = site.qos;
      const lowerThan = (qos: number) => (c: IndexedSite) =>
        c.role === 'subscribe' && c.qos !== undefined && c.qos < qos;
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
          `Published at QoS ${site.qos}, but ${lower
            .map((c) => `\`${clip(c.display)}\` (${where(c)}) subscribes at QoS ${c.qos}`)
            .slice(0, 3)
            .join(', ')}: a subscriber receives at the lower of the two, so those messages arrive at QoS ${lowest}.`,
          lower,
        );
      }
    }
  }
  // Across files, only programs collide: tests and examples each run on their own, briefly.
  const byId = new Map<string, IndexedClientId[]>();
  for (const c of index.allClientIds()) {
    if (c.uri !== uri && isTestOrExample(c.uri)) continue;
    const list = byId.get(c.id);
    if (list) list.push(c);
    else byId.set(c.id, [c]);
  }
  const mineAll = isTestOrExample(uri) ? [] : index.allClientIds().filter((c) => c.uri === uri);
  for (const mine of mineAll) {
    const others = (byId.get(mine.id) ?? []).filter((c) => c.uri !== uri);
    if (others.length) {
      add(
        'duplicate-client-id',
        mine,
        `The client id "${clip(mine.id)}" is also used in ${others.slice(0, 3).map(where).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}: if these programs run at the same time, the broker disconnects one whenever the other connects, and they take turns forever. Give each program its own id (one program reusing its id after it ended, to resume its session, is fine).`,
        others,
      );
    }
  }
  return out;
}
