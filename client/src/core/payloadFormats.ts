/**
 * `mqttWorkbench.payloadFormats`: which topics carry which payload format (for protobuf, with the `.proto`
 * file and message type), checked entry by entry. The first entry whose filter matches a topic wins.
 * Pure: no `vscode`.
 */
import { topicRefusal, topicMatches } from '../../../common/src/topics';
import { type Format, FORMATS } from './decoders';

export interface PayloadFormat {
  filter: string;
  format: Format;
  /** For protobuf: the `.proto` file (absolute or workspace-relative) and the message type in it. */
  proto?: string;
  type?: string;
  /** Where it was set, for the message header: `mqttWorkbench.payloadFormats[2]`. */
  source: string;
}

const SETTING = 'mqttWorkbench.payloadFormats';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : undefined);

/** The entries of a settings value, and one message per entry that could not be used (said, not dropped silently). */
export function parsePayloadFormats(raw: unknown): { formats: PayloadFormat[]; problems: string[] } {
  const formats: PayloadFormat[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw)) return { formats, problems: raw === undefined ? [] : [`${SETTING} is not a list`] };
  raw.forEach((entry: unknown, i) => {
    const source = `${SETTING}[${i}]`;
    const problem = (message: string) => void problems.push(`${source}: ${message}`);
    if (!isRecord(entry)) return problem('not an object');
    const filter = typeof entry['filter'] === 'string' ? entry['filter'] : '';
    const invalid = filter ? topicRefusal(filter, 'filter') : 'no filter';
    if (invalid) return problem(invalid);
    const format = FORMATS.find((f) => f === entry['format']);
    if (!format) return problem(`format must be one of ${FORMATS.join(', ')}`);
    const proto = text(entry['proto']);
    const type = text(entry['type']);
    if (format === 'protobuf' && (!proto || !type))
      return problem('protobuf needs "proto" (a .proto file) and "type" (a message type in it)');
    formats.push({
      filter,
      format,
      ...(format === 'protobuf' ? { proto, type } : {}),
      source,
    });
  });
  return { formats, problems };
}

/** The format configured for a topic: the first entry whose filter matches it. */
export function formatFor(topic: string, formats: readonly PayloadFormat[]): PayloadFormat | undefined {
  return formats.find((f) => topicMatches(f.filter, topic));
}
