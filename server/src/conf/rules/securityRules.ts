/** Rules about who can connect and what they can do once connected. */
import type { Entry, Finding, Listener } from '../model';
import { parseBool } from '../values';
import {
  anonymousAllowed,
  describeListener,
  effectiveListeners,
  hasTls,
  nameListeners,
  reachOf,
  securityOf,
} from './network';
import { type ConfRule, listenerEntry, onEntry } from './rule';

export const anonymousOnPublicListener: ConfRule = (model) => {
  const findings: Finding[] = [];
  const byEntry = new Map<Entry, Listener[]>();
  for (const listener of effectiveListeners(model)) {
    if (reachOf(listener) !== 'network') continue;
    const { allowed, forced } = anonymousAllowed(model, listener);
    if (!allowed) continue;
    if (forced) {
      const entry = listenerEntry(listener)!;
      findings.push(
        onEntry('anonymous-on-public-listener', entry, {
          message: 'Implicit listener open to anonymous clients on mosquitto 2.0.0–2.0.11: add a `listener`',
          detail:
            'No `listener` line exists, but this option configures the implicit default listener: mosquitto 2.0.0–2.0.11 (Debian 12) then listen on 0.0.0.0:1883 and [::]:1883 with anonymous access forced on (upstream #2283). Add an explicit `listener` with authentication.',
        }),
      );
      continue;
    }
    const entry = securityOf(model, listener).allowAnonymous!;
    byEntry.set(entry, [...(byEntry.get(entry) ?? []), listener]);
  }
  for (const [entry, listeners] of byEntry) {
    findings.push(
      onEntry(
        'anonymous-on-public-listener',
        entry,
        {
          message: `Other hosts can use ${nameListeners(listeners)} without a password: require one`,
          detail: `Anyone who can reach ${listeners.map(describeListener).join(' and ')} can connect without credentials and read or publish any topic the ACL allows. Bots scan for open MQTT brokers constantly. Require a password (or a certificate) for listeners other hosts can reach.`,
        },
        entry.value,
        [
          {
            title: 'Set allow_anonymous false (clients then need a password_file or plugin)',
            edits: [{ line: entry.line, start: entry.value!.start, end: entry.value!.end, newText: 'false' }],
          },
        ],
      ),
    );
  }
  return findings;
};

export const plaintextCredentials: ConfRule = (model) => {
  const findings: Finding[] = [];
  for (const listener of effectiveListeners(model)) {
    if (hasTls(listener) || listener.options.has('psk_hint') || reachOf(listener) !== 'network') continue;
    const security = securityOf(model, listener);
    const credentials = security.passwordFile ?? security.plugins[0];
    if (!credentials) continue;
    const entry = listenerEntry(listener)!;
    findings.push(
      onEntry('plaintext-credentials', entry, {
        message: `Passwords cross the network unencrypted on ${nameListeners([listener])}: add TLS`,
        detail: `${describeListener(listener, entry.line)} is reachable from other hosts without TLS while \`${credentials.name}\` asks clients for passwords: usernames and passwords cross the network in plain text. Add \`certfile\` and \`keyfile\` to this listener (usually port 8883), or bind it to 127.0.0.1.`,
      }),
    );
  }
  return findings;
};

export const listenerRefusesEveryone: ConfRule = (model) => {
  if (model.localOnly) return [];
  const findings: Finding[] = [];
  for (const listener of effectiveListeners(model)) {
    if (anonymousAllowed(model, listener).allowed) continue;
    const security = securityOf(model, listener);
    if (security.passwordFile || security.plugins.length > 0) continue;
    // PSK is on only without certificate TLS (net__socket_listen).
    if (security.pskFile && listener.options.has('psk_hint') && !hasTls(listener)) continue;
    const requireCert = listener.options.get('require_certificate')?.value;
    const identity = ['use_identity_as_username', 'use_subject_as_username'].some((n) => {
      const v = listener.options.get(n)?.value;
      return v !== undefined && parseBool(v.text) === true;
    });
    if (requireCert && parseBool(requireCert.text) === true && identity) continue;
    const entry = listenerEntry(listener)!;
    findings.push(
      onEntry('listener-refuses-everyone', entry, {
        message: `Nobody can log in to ${nameListeners([listener])}: add a \`password_file\` or allow anonymous`,
        detail: `Nobody can connect to ${describeListener(listener, entry.line)}: anonymous access is off (the default once a listener exists) and there is no \`password_file\`, plugin or certificate login. Add a \`password_file\`, or \`allow_anonymous true\` for a trusted local network.`,
      }),
    );
  }
  return findings;
};

export const noAcl: ConfRule = (model) => {
  const scopes = model.perListenerSettings
    ? [model.security, ...effectiveListeners(model).map((l) => l.security)]
    : [model.security];
  const findings: Finding[] = [];
  for (const scope of scopes) {
    const auth = scope.passwordFile ?? scope.pskFile;
    if (!auth || scope.aclFile || scope.plugins.length > 0) continue;
    findings.push(
      onEntry('no-acl', auth, {
        message: 'Every logged-in client may read and write every topic: add an `acl_file`',
        detail:
          'Clients authenticate, but there is no `acl_file` (or plugin): every authenticated client can read and write every topic, so one compromised device can read all traffic and control everything. Add an `acl_file` that grants each user only its topics.',
      }),
    );
  }
  return findings;
};
