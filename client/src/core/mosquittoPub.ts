/**
 * A message as a `mosquitto_pub` command line a developer can paste into a shell: the broker, the topic,
 * the payload (binary via printf escapes), QoS and retain. Never a password: `-P "$MQTT_PASSWORD"` stands
 * for it. Pure.
 */
import { payloadText } from './text';

export interface PubCommandInput {
  url: string;
  protocolVersion: 4 | 5;
  topic: string;
  payload: Uint8Array;
  qos: number;
  retain: boolean;
  username?: string | undefined;
  ca?: string | undefined;
}

/** Quote for a POSIX shell: single quotes, an embedded `'` closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The payload as shell text: `-m '...'` for printable UTF-8, otherwise printf's octal escapes piped in (`-s`). */
function payloadArgument(payload: Uint8Array): { args: string[]; pipe?: string } {
  if (payload.length === 0) return { args: ['-n'] };
  // NUL cannot pass through argv; other control characters are better escaped too.
  const text = payloadText(payload);
  if (text !== undefined) return { args: ['-m', shellQuote(text)] };
  const escaped = [...payload].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
  return { args: ['-s'], pipe: `printf '${escaped}'` };
}

/** The command, or why there is none (mosquitto_pub speaks MQTT over TCP, not WebSocket). */
export function mosquittoPubCommand(input: PubCommandInput): { command: string } | { reason: string } {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return { reason: `not a URL: ${input.url}` };
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:')
    return { reason: 'mosquitto_pub does not speak MQTT over WebSocket; use the broker’s TCP listener.' };
  const secure = url.protocol === 'mqtts:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const args = ['mosquitto_pub', '-h', shellQuote(host), '-p', url.port || (secure ? '8883' : '1883')];
  args.push('-V', input.protocolVersion === 5 ? 'mqttv5' : 'mqttv311');
  if (secure) args.push(...(input.ca ? ['--cafile', shellQuote(input.ca)] : ['--capath', '/etc/ssl/certs']));
  if (input.username !== undefined) args.push('-u', shellQuote(input.username), '-P', '"$MQTT_PASSWORD"');
  args.push('-t', shellQuote(input.topic));
  if (input.qos > 0) args.push('-q', String(input.qos));
  if (input.retain) args.push('-r');
  const { args: payloadArgs, pipe } = payloadArgument(input.payload);
  args.push(...payloadArgs);
  return { command: pipe ? `${pipe} | ${args.join(' ')}` : args.join(' ') };
}
