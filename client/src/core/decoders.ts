/**
 * Payload decoders for the message view, one table entry per format: json, text, hex, msgpack, cbor,
 * protobuf (the user's schema) and sparkplug. Automatic choice: Sparkplug B by topic, then JSON, text or
 * hex by content. A decoder never throws to its caller: a failure is one note saying why, and the payload
 * is shown automatically instead (hex for binary). Depth, values and output are bounded, so a hostile
 * payload costs little. The libraries load on first use. Pure: no `vscode`.
 */
import { CONTROL, utf8 } from './text';
import type * as Protobuf from 'protobufjs';
import { topicMatches } from '../../../common/src/topics';
import { nameDatatypes, SPARKPLUG_PROTO, SPARKPLUG_TOPICS, SPARKPLUG_TYPE } from './sparkplug';

export const FORMATS = ['json', 'text', 'hex', 'msgpack', 'cbor', 'protobuf', 'sparkplug'] as const;
export type Format = (typeof FORMATS)[number];

/** How much of a payload is decoded and shown. */
export const LIMITS = {
  /** Bytes of a payload shown as hex. */
  hexBytes: 16 * 1024,
  /** Nesting levels pretty-printed (JSON, decoded values); a deeper document is shown raw. */
  depth: 100,
  /** Values (items, fields) of a decoded document. */
  values: 100_000,
  /** Characters of JSON text pretty-printed. */
  jsonChars: 4 * 1024 * 1024,
  /** Characters of the shown payload. */
  output: 1024 * 1024,
};

export interface Decoded {
  /** `jsonc` for JSON and decoded documents, `plaintext` for text and hex. */
  language: 'jsonc' | 'plaintext';
  body: string;
  /** What the payload is shown as, and why: `sparkplug (automatic: Sparkplug B topic)`. */
  format: string;
  notes: string[];
}

/** A protobuf message type of the user's schema, or why there is none. */
export type ProtoSchema = { type: Protobuf.Type } | { problem: string };

export interface DecodeRequest {
  topic: string;
  /** The payload as kept: its first bytes when `size` is larger. */
  bytes: Uint8Array;
  size: number;
  /** The user's choice for this topic; none: automatic. */
  format?: Format;
  /** Where that choice comes from, for the header: `mqttWorkbench.payloadFormats[2]`. */
  source?: string;
  /** For `protobuf`: the message type. */
  schema?: ProtoSchema;
}

type Shown = Omit<Decoded, 'format'>;
type Decoder = (bytes: Uint8Array, request: DecodeRequest) => Shown | Promise<Shown>;

/** A classic hex dump: offset, 16 bytes in hex, the printable ones as text. */
export function hexDump(bytes: Uint8Array, limit = LIMITS.hexBytes): string {
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

function hex(bytes: Uint8Array, why?: string): Shown {
  const notes = why ? [why] : [];
  if (bytes.length > LIMITS.hexBytes) notes.push(`the hex dump shows the first ${LIMITS.hexBytes} bytes`);
  return { language: 'plaintext', body: hexDump(bytes), notes };
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\r' || c === '\t';

/**
 * JSON text re-indented by two spaces, token by token: no recursion, and numbers stay as written
 * (`JSON.stringify(JSON.parse(...))` would round 64-bit ids). Undefined when nested deeper than `depth`.
 */
export function indentJson(text: string, depth = LIMITS.depth): string | undefined {
  const out: string[] = [];
  let level = 0;
  const newline = () => '\n' + '  '.repeat(level);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i, j + 1));
      i = j;
    } else if (c === '{' || c === '[') {
      if (++level > depth) return undefined;
      const close = c === '{' ? '}' : ']';
      let k = i + 1;
      while (isSpace(text[k])) k++;
      if (text[k] === close) {
        out.push(c + close);
        level--;
        i = k;
      } else out.push(c + newline());
    } else if (c === '}' || c === ']') {
      level--;
      out.push(newline() + c);
    } else if (c === ',') out.push(',' + newline());
    else if (c === ':') out.push(': ');
    else if (!isSpace(c)) out.push(c);
  }
  return out.join('');
}

function json(bytes: Uint8Array, request: DecodeRequest): Shown {
  const text = utf8(bytes, false);
  if (text === undefined) throw new Error('not valid UTF-8');
  if (bytes.length < request.size) throw new Error('only part of the document is kept');
  const raw = (why: string): Shown => ({ language: 'plaintext', body: text, notes: [why] });
  if (text.length > LIMITS.jsonChars) return raw(`more than ${LIMITS.jsonChars} characters: raw text, not formatted`);
  // The depth is checked before parsing, so no parser or printer recurses through a hostile document.
  const pretty = indentJson(text);
  if (pretty === undefined) return raw(`nested deeper than ${LIMITS.depth} levels: raw text, not formatted`);
  JSON.parse(text);
  return { language: 'jsonc', body: pretty, notes: [] };
}

function text(bytes: Uint8Array, request: DecodeRequest): Shown {
  const decoded = utf8(bytes, bytes.length < request.size);
  if (decoded === undefined) throw new Error('not valid UTF-8');
  return { language: 'plaintext', body: decoded, notes: [] };
}

/** Bytes inside a decoded document: their size and first bytes in hex. */
function bytesText(bytes: Uint8Array): string {
  const head = [...bytes.subarray(0, 64)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${bytes.length} bytes: ${head}${bytes.length > 64 ? '…' : ''}`;
}

/** A protobufjs 64-bit integer: a number when it is exact, its digits otherwise. */
const isLong = (x: object): boolean =>
  'low' in x && 'high' in x && 'unsigned' in x && typeof (x as { toInt?: unknown }).toInt === 'function';

/** A decoded document as plain JSON values, within the depth and value limits (throws past them). */
export function toPlain(value: unknown): unknown {
  let values = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (++values > LIMITS.values) throw new Error(`more than ${LIMITS.values} values`);
    if (depth > LIMITS.depth) throw new Error(`nested deeper than ${LIMITS.depth} levels`);
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return Number.isFinite(v) ? v : String(v);
      case 'bigint':
        return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
      case 'undefined':
        return null;
      case 'object':
        break;
      default:
        return String(v);
    }
    if (v === null) return null;
    if (v instanceof Uint8Array) return bytesText(v);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (isLong(v)) {
      const digits = (v as { toString(): string }).toString();
      return Number.isSafeInteger(Number(digits)) ? Number(digits) : digits;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v instanceof Map) {
      const entries = [...(v as Map<unknown, unknown>)];
      if (entries.every(([k]) => typeof k === 'string' || typeof k === 'number'))
        return Object.fromEntries(entries.map(([k, x]) => [String(k), walk(x, depth + 1)]));
      return entries.map(([k, x]) => ({ key: walk(k, depth + 1), value: walk(x, depth + 1) }));
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(value, 0);
}

const document = (value: unknown, notes: string[] = [], name = (plain: unknown) => plain): Shown => ({
  language: 'jsonc',
  body: JSON.stringify(name(toPlain(value)), null, 2),
  notes,
});

/** Binary formats decode whole messages only. */
function whole(bytes: Uint8Array, request: DecodeRequest, format: string): void {
  if (bytes.length < request.size) throw new Error(`only part of the payload is kept, and ${format} needs all of it`);
}

let protobufjs: Promise<typeof Protobuf> | undefined;
/** protobufjs, loaded on first use. */
const loadProtobuf = () =>
  (protobufjs ??= import('protobufjs').then((m) => (m as { default?: typeof Protobuf }).default ?? m));

let sparkplugType: Promise<Protobuf.Type> | undefined;
const loadSparkplug = () =>
  (sparkplugType ??= loadProtobuf().then((pb) =>
    pb.parse(SPARKPLUG_PROTO, { keepCase: true }).root.lookupType(SPARKPLUG_TYPE),
  ));

/** Whether a field may arrive with this wire type (protobufjs skips the ones that do not fit, silently). */
function fits(pb: typeof Protobuf, field: Protobuf.Field, wireType: number): boolean {
  if (field.map || field.resolvedType instanceof pb.Type) return wireType === 2 || wireType === 3;
  const basic = field.resolvedType instanceof pb.Enum ? 0 : (pb.types.basic as Record<string, number>)[field.type];
  return wireType === basic || (field.repeated && wireType === 2);
}

/** The top-level field numbers of a message that its type does not have, or not with that wire type. */
function misfits(pb: typeof Protobuf, type: Protobuf.Type, bytes: Uint8Array): number[] {
  const found = new Set<number>();
  const reader = pb.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = type.fieldsById[tag >>> 3];
    if (!field || !fits(pb, field, tag & 7)) found.add(tag >>> 3);
    reader.skipType(tag & 7);
  }
  return [...found];
}

async function protobuf(bytes: Uint8Array, type: Protobuf.Type): Promise<{ value: unknown; notes: string[] }> {
  const pb = await loadProtobuf();
  const message = type.decode(bytes);
  const value = type.toObject(message, { enums: String, defaults: false });
  const wrong = misfits(pb, type, bytes);
  const fields = wrong.length > 1 ? `fields ${wrong.slice(0, 5).join(', ')} do` : `field ${wrong[0]} does`;
  const notes = wrong.length ? [`${fields} not fit ${type.fullName.slice(1)}: is it the right message type?`] : [];
  return { value, notes };
}

const DECODERS: Record<Format, Decoder> = {
  json,
  text,
  hex: (bytes) => hex(bytes),
  msgpack: async (bytes, request) => {
    whole(bytes, request, 'MessagePack');
    const { decode } = await import('@msgpack/msgpack');
    const n = bytes.length;
    const limits = { maxStrLength: n, maxBinLength: n, maxArrayLength: n, maxMapLength: n, maxExtLength: n };
    return document(decode(bytes, { ...limits, useBigInt64: true }));
  },
  cbor: async (bytes, request) => {
    whole(bytes, request, 'CBOR');
    const { decode } = await import('cborg');
    // Tags 0 and 1 are dates (RFC 8949 §3.4.1-2); other tags are refused by cborg, and said so.
    const tags: ((inner: () => unknown) => unknown)[] = [];
    tags[0] = (inner) => inner();
    tags[1] = (inner) => new Date(Number(inner()) * 1000);
    return document(decode(bytes, { useMaps: true, allowUndefined: true, tags }));
  },
  protobuf: async (bytes, request) => {
    whole(bytes, request, 'protobuf');
    const schema = request.schema;
    if (!schema) throw new Error('no schema: give "proto" and "type" in mqttWorkbench.payloadFormats');
    if ('problem' in schema) throw new Error(schema.problem);
    const { value, notes } = await protobuf(bytes, schema.type);
    return document(value, notes);
  },
  sparkplug: async (bytes, request) => {
    whole(bytes, request, 'Sparkplug B');
    const { value, notes } = await protobuf(bytes, await loadSparkplug());
    return document(value, notes, nameDatatypes);
  },
};

/** The automatic view: JSON when it parses, text when it reads as text, a hex dump otherwise. */
function byContent(bytes: Uint8Array, request: DecodeRequest): Shown & { format: Format } {
  const cut = bytes.length < request.size;
  const decoded = utf8(bytes, cut);
  if (decoded === undefined) return { ...hex(bytes, 'not valid UTF-8: shown as a hex dump'), format: 'hex' };
  if (CONTROL.test(decoded)) return { ...hex(bytes, 'binary: shown as a hex dump'), format: 'hex' };
  const trimmed = decoded.trimStart();
  if (!cut && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      const shown = json(bytes, request);
      return { ...shown, format: shown.language === 'jsonc' ? 'json' : 'text' };
    } catch {
      // Not JSON after all: text.
    }
  }
  return { language: 'plaintext', body: decoded, notes: [], format: 'text' };
}

const automatic = (request: DecodeRequest): Decoded => {
  const shown = byContent(request.bytes, request);
  return { ...shown, format: `${shown.format} (automatic)` };
};

/** The topic rule that picks a format for a topic nobody configured: the Sparkplug B namespace. */
function byTopic(topic: string): Format | undefined {
  const rule = SPARKPLUG_TOPICS.find((r) => topicMatches(r.filter, topic));
  return rule?.sparkplug ? 'sparkplug' : undefined;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160);

/** The payload shown by its configured or automatic format; never throws. */
export async function decodePayload(request: DecodeRequest): Promise<Decoded> {
  const chosen = request.format ?? byTopic(request.topic);
  const why = request.format ? (request.source ?? 'chosen') : 'automatic: Sparkplug B topic';
  const notes: string[] = [];
  let shown: Decoded | undefined;
  if (chosen) {
    try {
      shown = { ...(await DECODERS[chosen](request.bytes, request)), format: `${chosen} (${why})` };
    } catch (e) {
      notes.push(`not decoded as ${chosen}: ${firstLine(e)}`);
    }
  }
  shown ??= automatic(request);
  if (shown.body.length > LIMITS.output) {
    const cut = shown.body.lastIndexOf('\n', LIMITS.output);
    shown = { ...shown, body: shown.body.slice(0, cut > 0 ? cut : LIMITS.output) };
    notes.push(`only the first ${LIMITS.output} characters are shown`);
  }
  return { ...shown, notes: [...notes, ...shown.notes] };
}

/** The message type `type` of a `.proto` file and the files it imports, read through `read`; never throws. */
export async function loadProtoSchema(
  file: string,
  type: string,
  read: (path: string) => Promise<string>,
): Promise<ProtoSchema> {
  const name = file.split(/[\\/]/).pop();
  try {
    const pb = await loadProtobuf();
    const root = new pb.Root();
    root.fetch = (path, callback) =>
      void read(path).then(
        // protobufjs declares the error as required, and checks it for null.
        (source) => callback(null as unknown as Error, source),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    await root.load(file, { keepCase: true });
    root.resolveAll();
    const found = root.lookup(type);
    if (found instanceof pb.Type) return { type: found };
    return { problem: `${name} has no message type ${type}` };
  } catch (e) {
    return { problem: `${name}: ${firstLine(e)}` };
  }
}
