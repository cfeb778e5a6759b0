/** Rules about where listeners bind and whether they can start. */
import type { Finding, Listener } from '../model';
import { describeListener, effectiveListeners, hasTls, isAllInterfaces, isWebsockets } from './network';
import { type ConfRule, listenerEntry, onEntry, onFile } from './rule';
import { clip } from '../../text';

export const listenerAllInterfaces: ConfRule = (model) => {
  const findings: Finding[] = [];
  for (const listener of model.listeners) {
    const entry = listener.entry!;
    if (listener.unixSocket || isWebsockets(listener) || !isAllInterfaces(listener.address)) continue;
    if (listener.options.has('bind_interface')) continue;
    const port = entry.value!;
    const where =
      listener.address === '0.0.0.0'
        ? 'every IPv4 interface (0.0.0.0 is IPv4 only: IPv6 clients cannot connect)'
        : listener.address === '::'
          ? 'every IPv6 interface'
          : 'every interface, IPv4 and IPv6';
    const edit = listener.addressToken
      ? { line: entry.line, start: listener.addressToken.start, end: listener.addressToken.end, newText: '127.0.0.1' }
      : { line: entry.line, start: port.end, end: port.end, newText: ' 127.0.0.1' };
    findings.push(
      onEntry(
        'listener-all-interfaces',
        entry,
        {
          message: `Listener ${listener.port} accepts connections on ${listener.address === '0.0.0.0' ? 'every IPv4 interface' : listener.address === '::' ? 'every IPv6 interface' : 'every interface'}`,
          detail: `Listener ${listener.port} accepts connections on ${where}. For a broker only this machine uses, bind it to 127.0.0.1.`,
        },
        { text: '', start: entry.nameToken.start, end: (listener.addressToken ?? port).end },
        [{ title: 'Bind to 127.0.0.1 (local only)', edits: [edit] }],
      ),
    );
  }
  return findings;
};

export const noListener: ConfRule = (model, ctx) => {
  if (!model.localOnly || model.defaultListener.createdBy) return [];
  const explicitFalse = model.security.allowAnonymous?.value?.text;
  const forced =
    explicitFalse === 'false' || explicitFalse === '0'
      ? ' Your `allow_anonymous false` is ignored in this mode before 2.0.21.'
      : '';
  return [
    onFile('no-listener', {
      message: 'No `listener`: mosquitto accepts local clients only. Add one for remote access',
      detail: `No \`listener\` is defined, so mosquitto ${ctx.settings.mosquittoVersion} starts in local-only mode: it accepts anonymous clients on 127.0.0.1 and ::1 port 1883 only, and other machines cannot connect.${forced} Add \`listener 1883\` (with authentication) to allow remote access.`,
    }),
  ];
};

interface Bind {
  v4?: string;
  v6?: string;
}

function bindOf(listener: Listener): Bind | undefined {
  if (isWebsockets(listener) || listener.address === undefined) return { v4: '*', v6: '*' };
  const a = listener.address.toLowerCase();
  if (a === '0.0.0.0') return { v4: '*' };
  if (a === '::') return { v6: '*' };
  if (a === 'localhost') return { v4: '127.0.0.1', v6: '::1' };
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(a)) return { v4: a };
  if (a.includes(':')) return { v6: a };
  return undefined; // a host name: resolved at startup, unknown here
}

function overlaps(a: Bind, b: Bind): boolean {
  const clash = (x?: string, y?: string) => x !== undefined && y !== undefined && (x === '*' || y === '*' || x === y);
  return clash(a.v4, b.v4) || clash(a.v6, b.v6);
}

export const listenerConflict: ConfRule = (model) => {
  if (model.localOnly && !model.defaultListener.createdBy) return [];
  const findings: Finding[] = [];
  const sockets = new Map<string, Listener>();
  // Listeners seen so far, by port. Bounded per port so a pathological file stays linear.
  const byPort = new Map<number, { listener: Listener; bind: Bind }[]>();
  for (const listener of effectiveListeners(model)) {
    const entry = listenerEntry(listener);
    if (!entry) continue;
    if (listener.unixSocket) {
      const other = sockets.get(listener.address ?? '');
      if (other)
        findings.push(
          onEntry(
            'listener-conflict',
            entry,
            `The Unix socket ${clip(listener.address ?? '')} is already used by ${describeListener(other)}.`,
          ),
        );
      else sockets.set(listener.address ?? '', listener);
      continue;
    }
    const bind = bindOf(listener);
    if (!bind) continue;
    const samePort = byPort.get(listener.port);
    const other = samePort?.find((s) => overlaps(s.bind, bind));
    if (other) {
      findings.push(
        onEntry('listener-conflict', entry, {
          message: `Port ${listener.port} is already taken by another listener: mosquitto will not start`,
          detail: `Port ${listener.port} is already bound by ${describeListener(other.listener)}${isWebsockets(listener) || isWebsockets(other.listener) ? ' (websockets listeners bind all interfaces in 2.0)' : ''}; mosquitto fails to start with "Address already in use".`,
        }),
      );
    } else if (!samePort) {
      // A one-element literal: most ports have one listener, and a pushed-to empty array reserves 17 slots.
      byPort.set(listener.port, [{ listener, bind }]);
    } else if (samePort.length < 64) {
      samePort.push({ listener, bind });
    }
  }
  return findings;
};

export const websocketsRules: ConfRule = (model) => {
  const findings: Finding[] = [];
  const listeners = effectiveListeners(model);
  for (const listener of listeners) {
    if (isWebsockets(listener) && listener.addressToken && listener.entry) {
      findings.push(
        onEntry(
          'websockets-bind-address-ignored',
          listener.entry,
          {
            message: `mosquitto 2.0 ignores this websockets bind address: every interface can connect`,
            detail: `mosquitto 2.0 ignores the bind address of websockets listeners (upstream #3045): this listener accepts connections on every interface, not only ${clip(listener.address ?? '')}.`,
          },
          listener.addressToken,
        ),
      );
    }
  }
  if (!model.localOnly && listeners.length > 0 && listeners.every(isWebsockets)) {
    const entry = listenerEntry(listeners[0]!)!;
    findings.push(
      onEntry('websockets-only', entry, {
        message: 'Only websockets listeners: mosquitto 2.0 will not start. Add an MQTT listener',
        detail:
          'Every listener is a websockets listener: mosquitto 2.0 fails with "Unable to start any listening sockets" (fixed only in 2.1). Add an MQTT listener, for example `listener 1883 127.0.0.1`.',
      }),
    );
  }
  return findings;
};

export const incompleteTls: ConfRule = (model) => {
  const findings: Finding[] = [];
  for (const listener of effectiveListeners(model)) {
    const cert = listener.options.get('certfile');
    const key = listener.options.get('keyfile');
    if ((cert && !key) || (key && !cert)) {
      const present = (cert ?? key)!;
      findings.push(
        onEntry('incomplete-tls', present, {
          message: `\`${present.spec.name}\` without \`${cert ? 'keyfile' : 'certfile'}\`: the listener runs unencrypted (2.0.21+: no start). Add it`,
          detail: `\`${present.spec.name}\` without \`${cert ? 'keyfile' : 'certfile'}\`: mosquitto 2.0.0–2.0.20 silently run ${describeListener(listener)} as a plain, unencrypted listener; 2.0.21+ refuse to start.`,
        }),
      );
    }
    const pskHint = listener.options.get('psk_hint');
    if (pskHint && hasTls(listener)) {
      findings.push(
        onEntry('ignored-option', pskHint, {
          message: '`psk_hint` is ignored on a listener with certificates: give PSK its own listener',
          detail: `${describeListener(listener, pskHint.line)} has \`certfile\` and \`keyfile\`, so mosquitto starts certificate TLS on it and ignores \`psk_hint\`: PSK clients cannot connect. Give PSK its own listener.`,
        }),
      );
    }
    if (!hasTls(listener)) {
      for (const name of ['cafile', 'capath'] as const) {
        const entry = listener.options.get(name);
        if (entry) {
          findings.push(
            onEntry('incomplete-tls', entry, {
              message: `\`${name}\` without \`certfile\` and \`keyfile\`: the listener stays unencrypted. Add them`,
              detail: `\`${name}\` without both \`certfile\` and \`keyfile\` does nothing on mosquitto 2.0.0–2.0.20 (the listener stays unencrypted); 2.0.21+ refuse to start.`,
            }),
          );
        }
      }
    }
  }
  return findings;
};

/** tls_version is only checked when TLS starts: fatal on a TLS listener, unused elsewhere. */
export const tlsVersion: ConfRule = (model) => {
  const findings: Finding[] = [];
  for (const entry of model.entries) {
    const name = entry.spec.name;
    if ((name !== 'tls_version' && name !== 'bridge_tls_version') || !entry.value) continue;
    const values = entry.spec.values ?? [];
    if (values.includes(entry.value.text)) continue;
    const list = values.map((v) => `\`${v}\``).join(', ');
    if (name === 'bridge_tls_version') {
      findings.push(
        onEntry(
          'runtime-failure',
          entry,
          {
            message: `\`${clip(entry.value.text, 30)}\` is not a TLS version: the bridge will fail to connect`,
            detail: `\`${clip(entry.value.text)}\` is not a TLS version (${list}); mosquitto accepts the line, but the bridge fails to connect.`,
          },
          entry.value,
        ),
      );
    } else if (entry.listener && hasTls(entry.listener)) {
      findings.push(
        onEntry(
          'invalid-enum-value',
          entry,
          {
            message: `\`${clip(entry.value.text, 30)}\` is not a TLS version: this listener will not start`,
            detail: `\`${clip(entry.value.text)}\` is not a TLS version (${list}); mosquitto fails with "Unsupported tls_version" when this TLS listener starts.`,
          },
          entry.value,
        ),
      );
    } else {
      findings.push(
        onEntry(
          'runtime-failure',
          entry,
          {
            message: `\`${clip(entry.value.text, 30)}\` is not a TLS version: mosquitto stops once TLS is on`,
            detail: `\`${clip(entry.value.text)}\` is not a TLS version (${list}). Unused while this listener has no TLS; it stops mosquitto once \`certfile\` and \`keyfile\` are added.`,
          },
          entry.value,
        ),
      );
    }
  }
  return findings;
};
