/** What one source file contributes to the workspace index. Pure. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseConnections } from '../code/connection';
import { findTopics, topicDisplay } from '../code/findTopics';
import type { CallPattern } from '../code/patterns';
import { type IndexedClientId, type IndexedSite, patternOf } from './topicIndex';

export function indexEntry(uri: string, text: string, languageId: string, extraPatterns: readonly CallPattern[] = []): { sites: IndexedSite[]; clientIds: IndexedClientId[] } {
  const found = findTopics(text, languageId, extraPatterns);
  if (!found) return { sites: [], clientIds: [] };
  const doc = TextDocument.create(uri, languageId, 0, text);
  const sites: IndexedSite[] = [];
  for (const site of found.sites) {
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
      range: { start: doc.positionAt(site.start), end: doc.positionAt(site.end) },
      via: site.via,
    };
    if (site.qos) entry.qos = site.qos.value;
    sites.push(entry);
  }
  const clientIds = analyseConnections(text, languageId).clientIds.map((c) => ({ uri, id: c.id, range: { start: doc.positionAt(c.start), end: doc.positionAt(c.end) } }));
  return { sites, clientIds };
}
