/**
 * What a connection failure means and whether trying again can help. A reconnect loop that cannot succeed
 * (wrong password, untrusted certificate, another client with the same id) is worse than none: it hides the
 * cause and hammers the broker. Pure: classifies what mqtt.js and Node report; the adapter acts on it.
 */

export type BrokerState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export type FailureKind =
  | 'auth' // credentials refused or not authorised: ask again, do not retry
  | 'tls-expired'
  | 'tls-untrusted'
  | 'tls-hostname'
  | 'tls' // another TLS failure
  | 'passphrase' // the client key's passphrase is wrong (or missing): ask again, do not retry
  | 'client-id' // another client uses this client id (session taken over, or dropped right after CONNACK)
  | 'refused' // the broker refused for another reason it will keep giving (protocol version, client id rejected)
  | 'unreachable'; // network: retry with backoff

export interface Failure {
  kind: FailureKind;
  /** Whether trying again, unchanged, can succeed. */
  retry: boolean;
  /** One sentence for the user: what happened, then what to do. */
  message: string;
}

const TLS: Readonly<Record<string, FailureKind>> = {
  CERT_HAS_EXPIRED: 'tls-expired',
  CERT_NOT_YET_VALID: 'tls-expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls-hostname',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls-untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'tls-untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls-untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls-untrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls-untrusted',
  CERT_UNTRUSTED: 'tls-untrusted',
};

const TLS_MESSAGES: Readonly<Record<string, string>> = {
  'tls-expired': "The broker's certificate has expired (or is not valid yet): renew it on the broker.",
  'tls-untrusted':
    "The broker's certificate is not signed by a CA this profile trusts: set the profile's CA file to the broker's CA.",
  'tls-hostname':
    "The broker's certificate is for another host name: connect with the name in the certificate, or set the profile's servername.",
};

/** MQTT 5 reason codes and MQTT 3.1.1 CONNACK return codes that refuse credentials. */
const AUTH_CODES = new Set([4, 5, 0x86, 0x87, 0x8c]);
/** Refusals that will not change by retrying. */
const FINAL_CODES = new Set([1, 2, 0x80, 0x81, 0x82, 0x84, 0x85, 0x8a, 0x95, 0x9a, 0x9b, 0x9c, 0x9d, 0x9f]);
/** MQTT 5 DISCONNECT reason: another connection took over this session (same client id). */
export const SESSION_TAKEN_OVER = 0x8e;

const CLIENT_ID_MESSAGE =
  'Another client is using this client ID, and each connection pushes the other off: give this profile its own client ID.';

/** Classify an error from a connection attempt or a live connection. */
export function classifyError(error: unknown): Failure {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && Object.hasOwn(TLS, code)) {
    const kind = TLS[code]!;
    return { kind, retry: false, message: TLS_MESSAGES[kind] ?? `TLS failed: ${text}` };
  }
  if (code === 'ERR_OSSL_BAD_DECRYPT' || (typeof code === 'string' && /^ERR_OSSL_.*(DECRYPT|PASS)/.test(code)))
    return {
      kind: 'passphrase',
      retry: false,
      message: 'The client key could not be decrypted: enter its passphrase again.',
    };
  if (
    typeof code === 'string' &&
    (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('ERR_OSSL'))
  )
    return { kind: 'tls', retry: false, message: `TLS failed (${code}): check the profile's TLS settings.` };
  if (typeof code === 'number' && AUTH_CODES.has(code))
    return {
      kind: 'auth',
      retry: false,
      message:
        code === 5 || code === 0x87
          ? 'The broker does not authorise this client: check the username and the broker’s ACL.'
          : 'The broker refused the username or password: enter the password again.',
    };
  if (typeof code === 'number' && code === SESSION_TAKEN_OVER)
    return { kind: 'client-id', retry: false, message: CLIENT_ID_MESSAGE };
  if (typeof code === 'number' && FINAL_CODES.has(code))
    return { kind: 'refused', retry: false, message: `The broker refused the connection: ${text}.` };
  return {
    kind: 'unreachable',
    retry: true,
    message: `Cannot reach the broker (${typeof code === 'string' || typeof code === 'number' ? String(code) : text}).`,
  };
}

/** The failure of a session taken over by another client with the same id (MQTT 5 DISCONNECT 0x8E). */
export function takenOver(): Failure {
  return { kind: 'client-id', retry: false, message: CLIENT_ID_MESSAGE };
}

/**
 * MQTT 3.1.1 has no "session taken over" reason: the broker just closes the older connection. Drops that
 * come again and again shortly after each CONNACK are that fight. `window` drops within `shortMs` of their
 * CONNACK, `count` in a row, mean another client has this id.
 */
export class DropWatch {
  private streakCount = 0;
  private connectedAt: number | undefined;

  constructor(
    private readonly count = 3,
    private readonly shortMs = 5000,
  ) {}

  connected(now: number): void {
    this.connectedAt = now;
  }

  /** A drop; true when the pattern says another client uses the id. */
  dropped(now: number): boolean {
    const short = this.connectedAt !== undefined && now - this.connectedAt < this.shortMs;
    this.connectedAt = undefined;
    this.streakCount = short ? this.streakCount + 1 : 0;
    return this.streakCount >= this.count;
  }

  /** Short drops in a row so far: above 0, the fight may be on (the connection retries at once to prove it). */
  get streak(): number {
    return this.streakCount;
  }

  /** A connection that held for long: forget the streak. */
  held(): void {
    this.streakCount = 0;
  }
}

/** SUBACK reason codes above 2 (MQTT 5; 0x80 is also MQTT 3.1.1's only refusal), as the user should read them. */
const REFUSALS: Readonly<Record<number, string>> = {
  0x80: 'refused by the broker (unspecified error; on MQTT 3.1.1 this is the only refusal there is, often an ACL)',
  0x83: 'refused: the broker had an implementation-specific error',
  0x87: "refused: not authorised (the broker's ACL does not let this user read it)",
  0x8f: 'refused: the broker considers the topic filter invalid',
  0x91: 'refused: packet identifier in use (retry)',
  0x97: "refused: the broker's quota is exceeded",
  0x9e: 'refused: this broker does not support shared subscriptions',
  0xa1: 'refused: this broker does not support subscription identifiers',
  0xa2: 'refused: this broker does not support wildcard subscriptions',
};

/** What a subscription's grant means: the same QoS, a lower one (and why that happens), or a refusal. */
export function explainGrant(
  asked: 0 | 1 | 2,
  granted: number | undefined,
): { level: 'ok' | 'lower' | 'refused' | 'pending'; text: string } {
  if (granted === undefined) return { level: 'pending', text: `QoS ${asked} asked, not granted yet (not connected)` };
  if (granted > 2)
    return {
      level: 'refused',
      text: REFUSALS[granted] ?? `refused by the broker (reason code 0x${granted.toString(16)})`,
    };
  if (granted < asked)
    return {
      level: 'lower',
      text: `QoS ${asked} asked, ${granted} granted: the broker caps QoS (mosquitto: max_qos), so these messages arrive at QoS ${granted} at most`,
    };
  return { level: 'ok', text: `QoS ${granted} granted` };
}
