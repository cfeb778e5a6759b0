/** A topic's kept messages as text for the Show History editor: newest first, text as text, binary as hex. Pure. */
import { hexDump } from './decoders';
import type { TopicNode } from './topicTree';

const decoder = new TextDecoder('utf-8', { fatal: true });

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
    let text: string | undefined;
    try {
      text = decoder.decode(m.preview.subarray(0, 4096));
    } catch {
      text = undefined;
    }
    if (text !== undefined && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) lines.push(text);
    else lines.push(hexDump(m.preview, 256));
    if (m.size > Math.min(m.preview.length, 4096))
      lines.push(`(shown: the first ${Math.min(m.preview.length, 4096)} bytes)`);
    lines.push('');
  }
  return lines.join('\n');
}
