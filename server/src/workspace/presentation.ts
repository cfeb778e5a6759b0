/** How the workspace index shows itself: hover links to a topic's counterparts, and topics as workspace symbols. Pure. */
import { type SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { isSending } from '../../../common/src/topics';
import type { IndexedSite, TopicIndex } from './topicIndex';
import { escapeMarkdown, inlineCode, linkTarget } from '../text';

const MAX_LINKS = 10;
const MAX_SYMBOLS = 1000;

/** Markdown for a topic hover: the sites that receive (or feed) this one, as links. */
export function counterpartsMarkdown(index: TopicIndex, site: IndexedSite): string {
  const others = index.counterparts(site);
  const heading = isSending(site.role) ? 'Received in the workspace by' : 'Fed in the workspace by';
  if (others.length === 0) return `**${heading}:** nothing (${index.fileCount} files indexed).`;
  const links = others
    .slice(0, MAX_LINKS)
    .map(
      (o) =>
        `[${inlineCode(o.display)} ${escapeMarkdown(o.uri.split('/').pop() ?? o.uri)}:${o.range.start.line + 1}](${linkTarget(o.uri)}#L${o.range.start.line + 1})`,
    );
  return `**${heading}:** ${links.join(', ')}${others.length > MAX_LINKS ? `, and ${others.length - MAX_LINKS} more` : ''}`;
}

/** The workspace's topics whose text contains `query` (case-insensitive), as symbols. */
export function topicSymbols(index: TopicIndex, query: string): SymbolInformation[] {
  const wanted = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const site of index.allSites()) {
    if (wanted && !site.display.toLowerCase().includes(wanted)) continue;
    out.push({
      name: site.display,
      kind: isSending(site.role) ? SymbolKind.Event : SymbolKind.Key,
      location: { uri: site.uri, range: site.range },
      containerName: `MQTT ${site.role}`,
    });
    if (out.length >= MAX_SYMBOLS) break;
  }
  return out;
}
