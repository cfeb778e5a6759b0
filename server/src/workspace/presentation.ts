/** How the workspace index shows itself: hover links to a topic's counterparts, and topics as workspace symbols. Pure. */
import { type SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { isSending } from '../../../common/src/topics';
import { type IndexedSite, isCatchAll, type TopicIndex } from './topicIndex';
import { escapeMarkdown, inlineCode, linkTarget } from '../text';
import { fileNameOf } from '../uri';

const MAX_LINKS = 10;
const MAX_SYMBOLS = 1000;

/**
 * Markdown for a topic hover: the sites that receive (or feed) this one, as links. It says what the
 * workspace checks say (workspaceChecks.ts): a rejected topic meets nothing, and a published topic
 * received only by a catch-all `#` is named as such, not as received.
 */
export function counterpartsMarkdown(index: TopicIndex, site: IndexedSite): string {
  const heading = isSending(site.role) ? 'Received in the workspace by' : 'Fed in the workspace by';
  if (site.rejected) return `**${heading}:** nothing: a broker rejects this topic.`;
  const others = index.counterparts(site);
  if (others.length === 0) return `**${heading}:** nothing (${index.fileCount} files indexed).`;
  const shown =
    isSending(site.role) && others.every(isCatchAll) ? 'Received in the workspace only by the catch-all `#`' : heading;
  const links = others
    .slice(0, MAX_LINKS)
    .map(
      (o) =>
        `[${inlineCode(o.display)} ${escapeMarkdown(fileNameOf(o.uri))}:${o.range.start.line + 1}](${linkTarget(o.uri)}#L${o.range.start.line + 1})`,
    );
  return `**${shown}:** ${links.join(', ')}${others.length > MAX_LINKS ? `, and ${others.length - MAX_LINKS} more` : ''}`;
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
