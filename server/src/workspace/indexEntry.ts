/** What one source file contributes to the workspace index. Pure. */
import type { SourceAnalysis } from '../code/sourceAnalysis';
import { topicDisplay } from '../code/findTopics';
import { type IndexedClientId, type IndexedSite, patternOf } from './topicIndex';

export interface IndexEntry {
  sites: IndexedSite[];
  clientIds: IndexedClientId[];
}

/** The complete topic sites and literal client ids of an analysed source file, placed in `uri`. */
export function indexEntry(uri: string, analysis: SourceAnalysis | undefined): IndexEntry {
  if (!analysis) return { sites: [], clientIds: [] };
  const { lines } = analysis;
  const range = (start: number, end: number) => ({ start: lines.positionAt(start), end: lines.positionAt(end) });
  const sites: IndexedSite[] = [];
  for (const site of analysis.found.sites) {
    if (!site.complete) continue;
    const display = topicDisplay(site);
    // Which levels hold a placeholder: walk the segments, counting `/` in literal text.
    const levels: boolean[] = [false];
    for (const segment of site.segments) {
      if ('placeholder' in segment) levels[levels.length - 1] = true;
      else for (const ch of segment.text) if (ch === '/') levels.push(false);
    }
    const entry: IndexedSite = {
      uri,
      role: site.role,
      display,
      pattern: patternOf(display, levels),
      hasPlaceholder: levels.some(Boolean),
      range: range(site.start, site.end),
      via: site.via,
    };
    if (site.qos) entry.qos = site.qos.value;
    sites.push(entry);
  }
  const clientIds = analysis.connections.clientIds.map((c) => ({ uri, id: c.id, range: range(c.start, c.end) }));
  return { sites, clientIds };
}
