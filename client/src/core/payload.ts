/**
 * A message as text for the read-only message view: a header (topic, QoS, retain, size, time, MQTT 5
 * properties), then the payload as pretty-printed JSON, as text, or as a hex dump for binary. What is not
 * shown (a payload larger than the kept preview, a hex dump cut short) is said, never silently dropped.
 * Pure: no `vscode`.
 */
import type { KeptMessage } from './topicTree';

export interface RenderedMessage {
  /** `jsonc` (JSON with the header as comments) or `plaintext`: the editor's language for it. */
  language: 'jsonc' | 'plaintext';
  text: string;
}

/** Bytes of a binary payload shown as hex. */
const HEX_LIMIT = 16 * 1024;

const strict = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Text that is not meant for reading: control characters other than tab and line breaks. */
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** A classic hex dump: offset, 16 bytes in hex, the printable ones as text. */
export function hexDump(bytes: Uint8Array, limit = HEX_LIMIT): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const text = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${text}`);
  }
  return lines.join('\n');
}

/** Pretty JSON when the text is JSON that can be printed (a 10,000-deep document falls back to the raw text). */
function prettyJson(text: string): string | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

export function renderMessage(topic: string, message: KeptMessage): RenderedMessage {
  const notes: string[] = [];
  const truncated = message.size > message.preview.length;
  if (truncated)
    notes.push(`only the first ${message.preview.length} of ${message.size} bytes are kept; the rest is not shown`);
  const header = [
    `topic:    ${topic}`,
    `qos:      ${message.qos}`,
    `retain:   ${message.retain}`,
    `size:     ${message.size} bytes`,
    `received: ${new Date(message.time).toISOString()}`,
    ...(message.properties ? [`properties: ${JSON.stringify(message.properties)}`] : []),
  ];
  const text = utf8(message.preview);
  let body: string;
  let language: RenderedMessage['language'] = 'plaintext';
  if (text !== undefined && !BINARY.test(text)) {
    const json = truncated ? undefined : prettyJson(text);
    if (json !== undefined) {
      body = json;
      language = 'jsonc';
    } else body = text;
  } else {
    if (text === undefined) notes.push('not valid UTF-8: shown as a hex dump');
    else notes.push('binary: shown as a hex dump');
    if (message.preview.length > HEX_LIMIT) notes.push(`the hex dump shows the first ${HEX_LIMIT} bytes`);
    body = hexDump(message.preview);
  }
  const comment = language === 'jsonc' ? '//' : '#';
  const head = [...header, ...notes.map((n) => `note:     ${n}`)].map((l) => `${comment} ${l}`).join('\n');
  return { language, text: `${head}\n\n${body}\n` };
}
