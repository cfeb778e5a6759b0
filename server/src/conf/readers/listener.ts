/** Readers for the options that open or name a listener: `listener` and `mount_point`. */
import { nextToken, type OptionLine, restTrimmed, type Token } from '../lexer';
import { type Entry, type Listener, newSecurityScope } from '../model';
import { atoi, isWholeInteger, utf8Problem } from '../values';
import { missing, type ReadContext } from './context';
import { clip } from '../../text';

/** A listener with no options yet; the implicit default one is created the same way. */
export function newListener(isDefault: boolean, port: number): Listener {
  // Every field set, in one order: listeners keep one object shape however they are configured.
  return {
    entry: undefined,
    isDefault,
    port,
    address: undefined,
    addressToken: undefined,
    unixSocket: false,
    options: new Map(),
    createdBy: undefined,
    security: newSecurityScope(),
  };
}

/** `listener <port> [<address>]`: opens a new listener that later options apply to. */
export function readListener(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const portToken = nextToken(line.text, line.restStart);
  if (!portToken) return missing(ctx, line, entry);
  entry.value = portToken;
  const port = atoi(portToken.text);
  const second = nextToken(line.text, portToken.end);
  const addressToken: Token | undefined = second?.text.startsWith('#') ? undefined : second;
  const listener = newListener(false, port);
  listener.entry = entry;
  entry.listener = listener;
  ctx.listener = listener;
  ctx.model.listeners.push(listener);
  if (addressToken) {
    listener.address = addressToken.text;
    listener.addressToken = addressToken;
  }
  if (port < 0 || port > 65535) {
    ctx.reportToken(
      'value-out-of-range',
      line,
      portToken,
      `Port ${port} is outside 0–65535; mosquitto stops with "Invalid port value".`,
    );
    return;
  }
  if (port === 0) {
    if (!addressToken) {
      ctx.reportToken(
        'invalid-value',
        line,
        portToken,
        isWholeInteger(portToken.text)
          ? 'A listener on port 0 must name a Unix socket path; mosquitto stops.'
          : `mosquitto reads the port \`${clip(portToken.text)}\` with atoi() as 0, and a listener on port 0 must name a Unix socket path; it stops.`,
      );
      return;
    }
    listener.unixSocket = true;
    if (!isWholeInteger(portToken.text)) {
      ctx.reportToken(
        'unix-socket-listener',
        line,
        portToken,
        `Port \`${clip(portToken.text, 20)}\` is read as 0: the address becomes a Unix socket path. Use a number`,
        {
          detail: `mosquitto reads the port \`${clip(portToken.text)}\` as 0, so \`${clip(addressToken.text)}\` becomes a Unix socket path created in the broker's working directory, not a network address.`,
        },
      );
    }
  } else if (!isWholeInteger(portToken.text)) {
    ctx.reportToken(
      'non-numeric-integer',
      line,
      portToken,
      `mosquitto reads the port \`${clip(portToken.text)}\` with atoi() as ${port}.`,
    );
  }
  const extra = second && nextToken(line.text, second.end);
  if (extra && !extra.text.startsWith('#') && !second.text.startsWith('#')) {
    ctx.report(
      'ignored-extra-tokens',
      line.line,
      extra.start,
      line.text.length,
      'mosquitto reads a port and one address for `listener` and ignores the rest of the line.',
    );
  }
}

/** `mount_point <prefix>`: a topic prefix, only after a `listener` line. */
export function readMountPoint(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  if (ctx.listener.isDefault) return; // reported by applyScope
  const value = restTrimmed(line.text, line.restStart);
  if (!value) return missing(ctx, line, entry);
  entry.value = value;
  if (/[+#]/.test(value.text)) {
    ctx.reportToken('invalid-value', line, value, 'A mount point cannot contain `+` or `#`: mosquitto stops', {
      detail:
        'A mount point is a topic prefix and cannot contain `+` or `#`; mosquitto stops with "Invalid mount_point".',
    });
    return;
  }
  const bad = utf8Problem(value.text);
  if (bad) {
    ctx.reportToken(
      'malformed-utf8',
      line,
      value,
      `The value contains ${bad.reason}; mosquitto stops with "Malformed UTF-8 in configuration".`,
    );
    return;
  }
  ctx.store(line, entry);
}

/**
 * `cafile` or `certfile` on a listener that already has `psk_hint`: mosquitto stops. (The other order,
 * and `capath`/`keyfile` after `psk_hint`, it accepts; the psk rule says what then happens.)
 */
export function listenerTlsConflict(ctx: ReadContext, line: OptionLine, entry: Entry): boolean {
  const name = entry.spec.name;
  if ((name !== 'cafile' && name !== 'certfile') || !entry.listener?.options.has('psk_hint')) return false;
  ctx.reportToken(
    'invalid-value',
    line,
    entry.nameToken,
    'Certificate TLS on a listener with `psk_hint`: mosquitto stops. Give each its own listener',
    {
      detail: `This listener already has \`psk_hint\`; mosquitto stops with "Cannot use both certificate and psk encryption in a single listener". Use a separate listener for certificate TLS, or put \`${name}\` before \`psk_hint\` only if the certificate should win.`,
    },
  );
  return true;
}
