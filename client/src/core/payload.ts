/**
 * A message as text for the read-only message view: a header (topic, QoS, retain, size, time, MQTT 5
 * properties, the format shown), then the payload as the decoders show it (`decoders.ts`). What is not
 * shown (a payload larger than the kept preview, a hex dump cut short, a decoding that failed) is said,
 * never silently dropped. Pure: no `vscode`.
 */
import { decodePayload, type DecodeRequest } from './decoders';
import type { KeptMessage } from './topicTree';

export interface RenderedMessage {
  /** `jsonc` (JSON with the header as comments) or `plaintext`: the editor's language for it. */
  language: 'jsonc' | 'plaintext';
  text: string;
}

/** How to decode a message: the user's format for its topic (none: automatic). */
export type DecodeChoice = Pick<DecodeRequest, 'format' | 'source' | 'schema'>;

export async function renderMessage(
  topic: string,
  message: KeptMessage,
  choice: DecodeChoice = {},
): Promise<RenderedMessage> {
  const notes: string[] = [];
  if (message.size > message.preview.length)
    notes.push(`only the first ${message.preview.length} of ${message.size} bytes are kept; the rest is not shown`);
  const decoded = await decodePayload({ topic, bytes: message.preview, size: message.size, ...choice });
  notes.push(...decoded.notes);
  const header = [
    `topic:    ${topic}`,
    `qos:      ${message.qos}`,
    `retain:   ${message.retain}`,
    `size:     ${message.size} bytes`,
    `received: ${new Date(message.time).toISOString()}`,
    ...(message.properties ? [`properties: ${JSON.stringify(message.properties)}`] : []),
    `format:   ${decoded.format}`,
  ];
  const comment = decoded.language === 'jsonc' ? '//' : '#';
  const head = [...header, ...notes.map((n) => `note:     ${n}`)].map((l) => `${comment} ${l}`).join('\n');
  return { language: decoded.language, text: `${head}\n\n${decoded.body}\n` };
}
