/**
 * Every diagnostic the analysis of MQTT code can report (topics, connection options, workspace checks):
 * a stable code, its default severity and one line for docs and settings.
 */
import type { Area, CodeInfo } from '../diagnostics';
import { LONG_KEEPALIVE } from './connection';

export const CODE_CODES = {
  'empty-topic': { severity: 'error', summary: 'An empty topic.' },
  'topic-null-character': { severity: 'error', summary: 'A topic with a NUL character.' },
  'topic-too-long': { severity: 'error', summary: 'A topic over 65,535 bytes of UTF-8.' },
  'wildcard-in-topic-name': { severity: 'error', summary: 'A `+` or `#` in a topic that is published to (or a will).' },
  'invalid-multi-level-wildcard': { severity: 'error', summary: '`#` that is not the last level on its own.' },
  'invalid-single-level-wildcard': { severity: 'error', summary: '`+` that is not a whole level.' },
  'invalid-shared-subscription': { severity: 'error', summary: 'A malformed `$share/<group>/<filter>`.' },
  'leading-slash': { severity: 'warning', summary: 'A leading `/` that creates an empty first level.' },
  'trailing-slash': { severity: 'warning', summary: 'A trailing `/` that creates an empty last level.' },
  'empty-level': { severity: 'warning', summary: '`//`: an empty level inside a topic.' },
  'surrounding-whitespace': { severity: 'warning', summary: 'Spaces at the start or end of a topic.' },
  'publish-to-dollar-topic': {
    severity: 'warning',
    summary: 'Publishing to `$SYS`, the broker’s own status topics (other `$` prefixes are broker features).',
  },
  'topic-too-deep': { severity: 'information', summary: 'More levels than `mqttWorkbench.topics.maxDepth`.' },
  // Hints, not informations: these fire on purpose in tests, examples and monitoring tools, and VS Code keeps
  // hints out of the Problems panel (a faint mark under the code) while the hover still explains them.
  'subscribe-all': {
    severity: 'hint',
    summary: 'A subscription to `#` or `$SYS/#`: sees all traffic (a hint: often on purpose in tools and tests).',
  },
  'invalid-qos': { severity: 'error', summary: 'A QoS other than 0, 1 or 2.' },
  'qos2-cost': {
    severity: 'hint',
    summary: 'QoS 2 costs a four-packet handshake per message (a hint: often a deliberate choice).',
  },
  'duplicate-client-id': {
    severity: 'warning',
    summary:
      'The same literal client id for two clients that can be connected at once (same scope, first not ended; or two programs): they disconnect each other.',
  },
  'persistent-session-without-client-id': {
    severity: 'warning',
    summary: 'A persistent session (clean false) with a random client id: sessions pile up on the broker.',
  },
  'tls-verification-off': { severity: 'warning', summary: '`rejectUnauthorized: false` or `tls_insecure_set(True)`.' },
  'plaintext-credentials-in-code': {
    severity: 'warning',
    summary: 'A password sent over `mqtt://` (no TLS) to another host.',
  },
  'keepalive-zero': { severity: 'warning', summary: 'Keepalive 0: dead connections are never detected.' },
  'keepalive-too-long': {
    severity: 'information',
    summary: `A keepalive over ${LONG_KEEPALIVE} s: dead clients are detected late.`,
  },
  'no-reconnect': { severity: 'warning', summary: '`reconnectPeriod: 0`: no automatic reconnect.' },
  'analysis-stopped': {
    severity: 'information',
    summary: 'The file took too long to analyse: only part of it was checked.',
  },
  'unmatched-publish': {
    severity: 'information',
    summary: 'A published topic no subscription in the workspace receives.',
  },
  'unmatched-subscription': {
    severity: 'information',
    summary: 'A subscription nothing in the workspace publishes to.',
  },
  'similar-topic': {
    severity: 'warning',
    summary: 'A topic spelled almost like another (`livingroom` / `living_room`, case): they never meet.',
  },
  'qos-downgrade': {
    severity: 'information',
    summary: 'Published at a higher QoS than a matching subscription: delivered at the lower one.',
  },
} as const satisfies Record<string, CodeInfo>;

export type CodeCode = keyof typeof CODE_CODES;

/** Codes of the checks that need the whole workspace (server/src/workspace/workspaceChecks.ts). */
export type WorkspaceCode = 'unmatched-publish' | 'unmatched-subscription' | 'similar-topic' | 'qos-downgrade';

/** Topics and connections in code, in the diagnostics pipeline. */
export const CODE_AREA: Area = { codes: CODE_CODES };

/** A problem in a source file at UTF-16 offsets, before it is placed on lines. */
export interface CodeFinding<Code extends CodeCode = CodeCode> {
  code: Code;
  start: number;
  end: number;
  /** The headline (about 100 characters, the action at the end). */
  message: string;
  /** Why, for this occurrence (markdown; the hover shows it). */
  detail?: string;
}
