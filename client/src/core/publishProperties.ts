/**
 * MQTT 5 publish properties as a user types them in one line: `name=value` pairs separated by spaces,
 * `user.<key>=<value>` for user properties (repeatable), values quoted with "..." when they hold spaces.
 * Pure: returns the properties mqtt.js takes, or the first problem in words.
 */

export interface PublishProperties {
  contentType?: string;
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: Record<string, string | string[]>;
}

/** The names a user may type, each with how its value is read. */
const FIELDS: Readonly<Record<string, { key: keyof PublishProperties; kind: 'text' | 'seconds' | 'bool' | 'bytes' }>> =
  {
    contentType: { key: 'contentType', kind: 'text' },
    messageExpiry: { key: 'messageExpiryInterval', kind: 'seconds' },
    responseTopic: { key: 'responseTopic', kind: 'text' },
    correlationData: { key: 'correlationData', kind: 'bytes' },
    payloadFormat: { key: 'payloadFormatIndicator', kind: 'bool' },
  };

export const PROPERTY_HELP =
  'contentType=application/json messageExpiry=60 responseTopic=reply/to correlationData=abc payloadFormat=utf8 user.key=value';

/** Split on spaces outside double quotes; a quoted value loses its quotes (`\"` inside is a quote). */
function tokens(text: string): string[] | string {
  const out: string[] = [];
  const pattern = /([^\s"=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))|(\S+)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[4] !== undefined) return `"${m[4]}" is not name=value`;
    out.push(`${m[1]}=${m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')}`);
  }
  return out;
}

export function parsePublishProperties(text: string): { properties: PublishProperties } | { problem: string } {
  const properties: PublishProperties = {};
  const parts = tokens(text.trim());
  if (typeof parts === 'string') return { problem: parts };
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (name.startsWith('user.') && name.length > 5) {
      const key = name.slice(5);
      // No prototype: a key like `constructor` or `__proto__` is a user property like any other.
      const all = (properties.userProperties ??= Object.create(null) as Record<string, string | string[]>);
      const before = Object.hasOwn(all, key) ? all[key] : undefined;
      all[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
      continue;
    }
    const field = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
    if (!field) return { problem: `unknown property "${name}"; known: ${Object.keys(FIELDS).join(', ')}, user.<key>` };
    switch (field.kind) {
      case 'text':
        if (!value) return { problem: `${name} needs a value` };
        (properties as Record<string, unknown>)[field.key] = value;
        break;
      case 'seconds': {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n > 0xffffffff)
          return { problem: `${name} is a number of seconds (0 to 4294967295)` };
        properties.messageExpiryInterval = n;
        break;
      }
      case 'bool':
        if (value !== 'utf8' && value !== 'bytes') return { problem: `${name} is utf8 or bytes` };
        properties.payloadFormatIndicator = value === 'utf8';
        break;
      case 'bytes':
        properties.correlationData = new TextEncoder().encode(value);
        break;
    }
  }
  return { properties };
}
