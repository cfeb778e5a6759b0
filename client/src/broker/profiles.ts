/**
 * Broker profiles as the user writes them in `mqttWorkbench.brokers` (settings hold no secrets, so a
 * workspace can share them), checked and completed with defaults, and turned into connection options with
 * the secrets and files they name. Pure but for the injected readers.
 */
import { topicRefusal } from '../../../common/src/topics';
import type { ConnectionOptions, Subscription } from './connection';

export interface BrokerProfile {
  name: string;
  url: string;
  protocolVersion: 4 | 5;
  clientId: string;
  username?: string;
  keepalive: number;
  clean: boolean;
  /** MQTT 5: seconds the broker keeps a session that is not clean after a disconnect. */
  sessionExpiry: number;
  subscriptions: Subscription[];
  tls: {
    ca?: string;
    cert?: string;
    key?: string;
    servername?: string;
    rejectUnauthorized: boolean;
  };
  /** A production broker: destructive actions ask twice, and `#` subscriptions are warned about. */
  production: boolean;
}

const SCHEMES = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:']);

/** Whether a profile's URL is TLS (`mqtts:`, `wss:`, in any case: `MQTTS://` is the same scheme). */
export function isSecure(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'mqtts:' || protocol === 'wss:';
  } catch {
    return false;
  }
}

/** A readable prefix and a random part: recognisable in broker logs, never shared by two VS Code windows. */
export function randomClientId(random: () => number = Math.random): string {
  return `mqtt-workbench-${Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0')}`;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The profiles of a settings value, and one message per entry that could not be used (said, not dropped silently). */
export function parseProfiles(
  raw: unknown,
  /**
   * The client id of a profile that names none. The extension keeps one per profile name for the window's
   * life, so reading the settings again (any edit) does not change it, while two windows still never share one.
   */
  clientIdFor: (name: string) => string = () => randomClientId(),
): { profiles: BrokerProfile[]; problems: string[] } {
  const profiles: BrokerProfile[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw))
    return { profiles, problems: raw === undefined ? [] : ['mqttWorkbench.brokers is not a list'] };
  const names = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const where = `mqttWorkbench.brokers[${i}]`;
    const problem = (text: string) => void problems.push(text);
    if (!isRecord(entry)) return problem(`${where} is not an object`);
    const name = typeof entry['name'] === 'string' ? entry['name'].trim() : '';
    if (!name) return problem(`${where} has no name`);
    if (names.has(name)) return problem(`${where}: a second broker named "${name}"`);
    const url = typeof entry['url'] === 'string' ? entry['url'].trim() : '';
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !SCHEMES.has(parsed.protocol))
      return problem(`${where} ("${name}"): url must start with mqtt://, mqtts://, ws:// or wss://`);
    // mqtt.js would take a password from the URL over the secret storage, and the URL is shown in the views.
    if (parsed.username || parsed.password)
      return problem(
        `${where} ("${name}"): no credentials in the url: put the user in "username"; the password is asked on connect and kept in VS Code's secret storage`,
      );
    if (parsed.search)
      return problem(`${where} ("${name}"): no query in the url (${parsed.search}): use the profile's fields`);
    names.add(name);
    const tls = isRecord(entry['tls']) ? entry['tls'] : {};
    const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : undefined);
    // Each filter checked by the shared topic rules: one invalid filter would make the broker (and mqtt.js)
    // refuse the whole SUBSCRIBE. A filter given twice is kept once.
    const subscriptions: Subscription[] = [];
    if (Array.isArray(entry['subscriptions']))
      for (const s of entry['subscriptions'] as unknown[]) {
        const topic = typeof s === 'string' ? s : isRecord(s) && typeof s['topic'] === 'string' ? s['topic'] : '';
        const qos = isRecord(s) && (s['qos'] === 1 || s['qos'] === 2) ? s['qos'] : 0;
        const invalid = topic ? topicRefusal(topic, 'filter') : 'an empty filter';
        if (invalid) problem(`${where} ("${name}"): subscription "${topic}" left out: ${invalid}`);
        else if (!subscriptions.some((x) => x.topic === topic)) subscriptions.push({ topic, qos });
      }
    else subscriptions.push({ topic: '#', qos: 0 });
    const username = text(entry['username']);
    const ca = text(tls['ca']);
    const cert = text(tls['cert']);
    const key = text(tls['key']);
    const servername = text(tls['servername']);
    profiles.push({
      name,
      url,
      protocolVersion: entry['protocolVersion'] === '3.1.1' || entry['protocolVersion'] === 4 ? 4 : 5,
      clientId: text(entry['clientId']) ?? clientIdFor(name),
      ...(username ? { username } : {}),
      keepalive: typeof entry['keepalive'] === 'number' && entry['keepalive'] >= 0 ? entry['keepalive'] : 60,
      clean: entry['clean'] !== false,
      // A session that is not clean ends at disconnect on MQTT 5 unless it has an expiry: an hour by default,
      // long enough to see what queued meanwhile, short enough not to queue forever.
      sessionExpiry:
        typeof entry['sessionExpiry'] === 'number' && entry['sessionExpiry'] >= 0
          ? Math.min(Math.floor(entry['sessionExpiry']), 0xffffffff)
          : entry['clean'] === false
            ? 3600
            : 0,
      subscriptions,
      tls: {
        ...(ca ? { ca } : {}),
        ...(cert ? { cert } : {}),
        ...(key ? { key } : {}),
        ...(servername ? { servername } : {}),
        rejectUnauthorized: tls['rejectUnauthorized'] !== false,
      },
      production: entry['production'] === true,
    });
  });
  return { profiles, problems };
}

/** What a profile needs from outside: its password (SecretStorage) and the files it names (workspace-relative allowed). */
export interface ProfileResources {
  password?: string;
  /** The passphrase of an encrypted client key, asked for only when the key file is encrypted. */
  passphrase?(): Promise<string | undefined>;
  readFile(path: string): Promise<Uint8Array>;
}

/** The connection options of a profile. */
export async function connectionOptions(
  profile: BrokerProfile,
  resources: ProfileResources,
): Promise<ConnectionOptions> {
  const secure = isSecure(profile.url);
  const t = profile.tls;
  const key = secure && t.key ? await resources.readFile(t.key) : undefined;
  const passphrase = key && isEncryptedKey(key) ? await resources.passphrase?.() : undefined;
  return {
    url: profile.url,
    protocolVersion: profile.protocolVersion,
    clientId: profile.clientId,
    ...(profile.username !== undefined ? { username: profile.username } : {}),
    ...(resources.password !== undefined ? { password: resources.password } : {}),
    keepalive: profile.keepalive,
    clean: profile.clean,
    sessionExpiry: profile.sessionExpiry,
    subscriptions: profile.subscriptions,
    ...(secure
      ? {
          tls: {
            rejectUnauthorized: t.rejectUnauthorized,
            ...(t.ca ? { ca: await resources.readFile(t.ca) } : {}),
            ...(t.cert ? { cert: await resources.readFile(t.cert) } : {}),
            ...(key ? { key } : {}),
            ...(passphrase !== undefined ? { passphrase } : {}),
            ...(t.servername ? { servername: t.servername } : {}),
          },
        }
      : {}),
  };
}

/** Risks a profile takes on purpose or by mistake, said when it connects and shown in the Brokers view. */
export function profileWarnings(profile: BrokerProfile): string[] {
  const warnings: string[] = [];
  const secure = isSecure(profile.url);
  if (secure && !profile.tls.rejectUnauthorized)
    warnings.push(
      `TLS certificate verification is off for "${profile.name}" (tls.rejectUnauthorized: false): anyone on the network path can pose as this broker and read the password. Give the broker's CA in tls.ca instead.`,
    );
  if (profile.production && profile.subscriptions.some((s) => s.topic === '#' || s.topic.startsWith('#')))
    warnings.push(
      `"${profile.name}" is a production broker and this profile subscribes to "#": every message of every client flows into VS Code. Subscribe to the topics you need instead.`,
    );
  if (!secure)
    if (profile.username !== undefined && !/^(localhost|127\.[\d.]+|\[::1\])$/.test(new URL(profile.url).hostname))
      warnings.push(
        `"${profile.name}" sends its username and password without TLS (${profile.url.split(':')[0]}://): use mqtts:// or wss:// for a broker beyond this machine.`,
      );
  return warnings;
}

/** Whether a PEM private key is encrypted (PKCS#8 `ENCRYPTED PRIVATE KEY`, or the traditional `Proc-Type: 4,ENCRYPTED`). */
export function isEncryptedKey(pem: Uint8Array): boolean {
  const head = new TextDecoder().decode(pem.subarray(0, 4096));
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(head);
}
