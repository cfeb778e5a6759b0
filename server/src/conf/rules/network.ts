/** What a listener's bind settings mean for who can reach it. Pure helpers for the rules. */
import type { ConfModel, Listener } from '../model';
import { parseBool } from '../values';
import { clip } from '../../text';

export type Reach = 'local' | 'network' | 'unix';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === 'localhost' || a === '::1' || a === 'ip6-localhost' || (a.startsWith('127.') && IPV4.test(a));
}

export function isAllInterfaces(address: string | undefined): boolean {
  return address === undefined || address === '0.0.0.0' || address === '::';
}

export function isWebsockets(listener: Listener): boolean {
  return listener.options.get('protocol')?.value?.text === 'websockets';
}

/** Who can connect: loopback only, other hosts, or a Unix socket. */
export function reachOf(listener: Listener): Reach {
  if (listener.unixSocket) return 'unix';
  const iface = listener.options.get('bind_interface')?.value?.text;
  if (iface === 'lo') return 'local';
  // mosquitto 2.0 ignores the bind address of websockets listeners (upstream #3045).
  if (isWebsockets(listener)) return 'network';
  if (listener.address === undefined) return 'network';
  return isLoopback(listener.address) ? 'local' : 'network';
}

/**
 * The listeners mosquitto 2.0.11 really opens: the explicit ones, plus the implicit default listener
 * when any option configured it (then on port 1883, or `port`, on all interfaces).
 */
export function effectiveListeners(model: ConfModel): Listener[] {
  const listeners = [...model.listeners];
  if (model.defaultListener.createdBy) listeners.unshift(model.defaultListener);
  return listeners;
}

export function securityOf(model: ConfModel, listener: Listener) {
  return model.perListenerSettings ? listener.security : model.security;
}

/** Whether anonymous clients get in, and whether mosquitto forces that regardless of the config. */
export function anonymousAllowed(model: ConfModel, listener: Listener): { allowed: boolean; forced: boolean } {
  if (model.localOnly) return { allowed: true, forced: true };
  const entry = securityOf(model, listener).allowAnonymous;
  const value = entry?.value ? parseBool(entry.value.text) : undefined;
  return { allowed: value === true, forced: false };
}

export function hasTls(listener: Listener): boolean {
  return listener.options.has('certfile') && listener.options.has('keyfile');
}

/** A listener named for a message; `onLine`: the line the message sits on (a listener is not sent to its own line). */
export function describeListener(listener: Listener, onLine?: number): string {
  if (listener.isDefault) return `the implicit default listener (port ${listener.port}, all interfaces)`;
  if (listener.unixSocket) return `the Unix socket listener ${clip(listener.address ?? '')}`;
  const line = listener.entry!.line;
  return `listener ${listener.port}${listener.address ? ` ${clip(listener.address)}` : ''}${line === onLine ? '' : ` (line ${line + 1})`}`;
}

/** A listener named briefly, for a headline: `listener 1883`, `the implicit listener on 1883`. */
function shortName(listener: Listener): string {
  if (listener.isDefault) return `the implicit listener on ${listener.port}`;
  if (listener.unixSocket) return 'the Unix socket listener';
  return `listener ${listener.port}`;
}

/** Listeners named briefly: `listener 1883`, `listeners 1883 and 8883`, `4 listeners (1883, 8883, 9001, ...)`. */
export function nameListeners(listeners: readonly Listener[]): string {
  if (listeners.length === 1) return shortName(listeners[0]!);
  if (listeners.length === 2 && listeners.every((l) => !l.isDefault && !l.unixSocket))
    return `listeners ${listeners[0]!.port} and ${listeners[1]!.port}`;
  const ports = listeners.slice(0, 3).map((l) => (l.unixSocket ? 'socket' : String(l.port)));
  return `${listeners.length} listeners (${ports.join(', ')}${listeners.length > 3 ? ', ...' : ''})`;
}
