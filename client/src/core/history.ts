/** A topic's kept messages as text for the Show History editor: newest first, text as text, binary as hex. Pure. */
import { hexDump } from './decoders';
import { payloadText } from './text';
import type { TopicNode } from './topicTree';

/** Bytes of each message shown as text, and as a hex dump when binary. */
const SHOWN = 4096;
const HEX_SHOWN = 256;

/** A topic's kept messages, newest first, as text: what the Show History editor displays. */
export function renderHistory(topic: string, node: TopicNode | undefined): string {
  const kept = node?.last ? [node.last, ...[...node.history].reverse()] : [];
  if (kept.length === 0) return `# no message kept for ${topic}\n`;
  const lines = [
    `# ${topic}: the last ${kept.length} of ${node?.count ?? 0} message${node?.count === 1 ? '' : 's'} seen, newest first`,
    '',
  ];
  for (const m of kept) {
    lines.push(
      `## ${new Date(m.time).toISOString()} · QoS ${m.qos}${m.retain ? ' · retained' : ''} · ${m.size} byte${m.size === 1 ? '' : 's'}`,
    );
    const shown = m.preview.subarray(0, SHOWN);
    const text = payloadText(shown, m.size > shown.length);
    lines.push(text ?? hexDump(shown, HEX_SHOWN));
    const bytesShown = text !== undefined ? shown.length : Math.min(shown.length, HEX_SHOWN);
    if (m.size > bytesShown) lines.push(`(shown: the first ${bytesShown} of ${m.size} bytes)`);
    lines.push('');
  }
  return lines.join('\n');
}
