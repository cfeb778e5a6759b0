/** What one source file contributes to the workspace index. Pure. */
import { checkTopic, isSending, MAX_TOPIC_BYTES } from '../../../common/src/topics';
import type { SourceAnalysis } from '../code/sourceAnalysis';
import { type Segment, topicDisplay } from '../code/findTopics';
import { type IndexedClientId, type IndexedSite, patternOf } from './topicIndex';

export interface IndexEntry {
  sites: IndexedSite[];
  clientIds: IndexedClientId[];
}

/** A character no topic rule reads as special, for a placeholder (as validateCode.ts does). */
const PLACEHOLDER = '\uE000';

/** Whether a broker rejects the site's topic: the file's own Error says so, and no workspace check should add to it. */
function rejected(site: SourceAnalysis['found']['sites'][number]): boolean {
  let length = 0;
  for (const s of site.segments) length += 'placeholder' in s ? 1 : s.text.length;
  // Longer than any topic can be (topic-too-long): said without joining or scanning a crafted megabyte, site after site.
  if (length > MAX_TOPIC_BYTES) return true;
  const text = site.segments.map((s) => ('placeholder' in s ? PLACEHOLDER : s.text)).join('');
  return checkTopic(text, isSending(site.role) ? 'name' : 'filter').some((p) => p.invalid);
}

/** Which levels of a topic hold a placeholder: the segments read in order, counting `/` in literal text. */
function placeholderLevels(segments: readonly Segment[]): boolean[] {
  const levels = [false];
  for (const segment of segments) {
    if ('placeholder' in segment) levels[levels.length - 1] = true;
    else for (let i = segment.text.indexOf('/'); i >= 0; i = segment.text.indexOf('/', i + 1)) levels.push(false);
  }
  return levels;
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
    const placeholders = site.segments.some((s) => 'placeholder' in s);
    const entry: IndexedSite = {
      uri,
      role: site.role,
      display,
      pattern: placeholders ? patternOf(display, placeholderLevels(site.segments)) : display,
      hasPlaceholder: placeholders,
      range: range(site.start, site.end),
      via: site.via,
    };
    if (site.qos) entry.qos = site.qos.value;
    if (rejected(site)) entry.rejected = true;
    sites.push(entry);
  }
  const clientIds = analysis.connections.clientIds.map((c) => ({ uri, id: c.id, range: range(c.start, c.end) }));
  return { sites, clientIds };
}
