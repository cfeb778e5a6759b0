/** Diagnostics that need the whole workspace: topics nobody receives, filters nobody feeds, near-duplicate spellings, QoS downgrades, shared client ids. Pure. */
import type { Location } from 'vscode-languageserver-types';
import type { WorkspaceCode } from '../code/codes';
import type { Problem } from '../diagnostics';
import type { IndexedSite, TopicIndex } from './topicIndex';
import { clip } from '../text';

const where = (s: { uri: string; range: { start: { line: number } } }) =>
  `${clip(decodeURIComponent(s.uri.split('/').pop() ?? s.uri))}:${s.range.start.line + 1}`;
const location = (s: IndexedSite | { uri: string; range: IndexedSite['range'] }): Location => ({
  uri: s.uri,
  range: s.range,
});

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
    const counterparts = index.counterparts(site);
    // A catch-all `#` (usually a debugging subscription) says nothing about whether a topic is consumed.
    if (site.role === 'publish' && receivers && counterparts.every((c) => c.pattern === '#')) {
      add(
        'unmatched-publish',
        site,
        `No subscription in the workspace receives \`${clip(site.display)}\`. A typo, or a consumer outside this workspace?`,
      );
    }
    if (site.role === 'subscribe' && senders && counterparts.length === 0 && site.pattern !== '#') {
      add(
        'unmatched-subscription',
        site,
        `Nothing in the workspace publishes to a topic matching \`${clip(site.display)}\`. A typo, or a producer outside this workspace?`,
      );
    }
    const similar = index.similar(site);
    if (similar.length) {
      add(
        'similar-topic',
        site,
        `\`${clip(site.display)}\` is spelled differently elsewhere: ${[...new Set(similar.map((s) => `\`${clip(s.display)}\` (${where(s)})`))].slice(0, 3).join(', ')}. MQTT topics are exact: these never meet.`,
        similar,
      );
    }
    if (site.role === 'publish' && site.qos !== undefined) {
      const lower = counterparts.filter((c) => c.role === 'subscribe' && c.qos !== undefined && c.qos < site.qos!);
      if (lower.length) {
        add(
          'qos-downgrade',
          site,
          `Published at QoS ${site.qos}, but ${lower
            .map((c) => `\`${clip(c.display)}\` (${where(c)}) subscribes at QoS ${c.qos}`)
            .slice(0, 3)
            .join(
              ', ',
            )}: a subscriber receives at the lower of the two, so those messages arrive at QoS ${Math.min(...lower.map((c) => c.qos!))}.`,
          lower,
        );
      }
    }
  }
  const ids = index.allClientIds();
  for (const mine of ids.filter((c) => c.uri === uri)) {
    const others = ids.filter((c) => c.id === mine.id && c.uri !== uri);
    if (others.length) {
      add(
        'duplicate-client-id',
        mine,
        `The client id "${clip(mine.id)}" is also used in ${others.slice(0, 3).map(where).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}: when both run, the broker disconnects one whenever the other connects, and they take turns forever. Give each client its own id.`,
        others,
      );
    }
  }
  return out;
}
