/**
 * Diagnostics for MQTT topics in source code: the shared topic rules (mqtt/topic.ts) applied by role,
 * QoS literals, and `#` subscriptions. Pure: text, language id and settings in; LSP diagnostics out.
 */
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import { checkTopic, type TopicProblemCode } from '../mqtt/topic';
import { severityFor } from '../severity';
import type { SeverityName, SeverityOverride } from '../types';
import type { Comment } from './lexer';
import { type CallPattern } from './patterns';
import { analyseConnections, LONG_KEEPALIVE } from './connection';
import { findTopics, type Segment, topicDisplay, type TopicSite } from './findTopics';

export interface CodeSettings {
  severity: Readonly<Record<string, SeverityOverride>>;
  maxDepth: number;
  maxDiagnosticsPerFile: number;
  extraPatterns: readonly CallPattern[];
}

type CodeCode = TopicProblemCode | 'subscribe-all' | 'invalid-qos' | 'qos2-cost' | import('./connection').ConnectionCode | WorkspaceCode;

/** Codes of the checks that need the whole workspace (server/src/workspace/workspaceChecks.ts). */
export type WorkspaceCode = 'unmatched-publish' | 'unmatched-subscription' | 'similar-topic' | 'qos-downgrade';

export const CODE_CODES: Readonly<Record<CodeCode, { severity: SeverityName; summary: string }>> = {
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
  'publish-to-dollar-topic': { severity: 'warning', summary: 'Publishing to a `$` topic reserved for the broker.' },
  'topic-too-deep': { severity: 'information', summary: 'More levels than `mqttWorkbench.topics.maxDepth`.' },
  'subscribe-all': { severity: 'information', summary: 'A subscription to `#` or `$SYS/#`: sees all traffic.' },
  'invalid-qos': { severity: 'error', summary: 'A QoS other than 0, 1 or 2.' },
  'qos2-cost': { severity: 'information', summary: 'QoS 2 costs a four-packet handshake per message.' },
  'duplicate-client-id': { severity: 'warning', summary: 'The same literal client id in two places: the clients disconnect each other.' },
  'persistent-session-without-client-id': { severity: 'warning', summary: 'A persistent session (clean false) with a random client id: sessions pile up on the broker.' },
  'tls-verification-off': { severity: 'warning', summary: '`rejectUnauthorized: false` or `tls_insecure_set(True)`.' },
  'plaintext-credentials-in-code': { severity: 'warning', summary: 'A password sent over `mqtt://` (no TLS) to another host.' },
  'keepalive-zero': { severity: 'warning', summary: 'Keepalive 0: dead connections are never detected.' },
  'keepalive-too-long': { severity: 'information', summary: `A keepalive over ${LONG_KEEPALIVE} s: dead clients are detected late.` },
  'no-reconnect': { severity: 'warning', summary: '`reconnectPeriod: 0`: no automatic reconnect.' },
  'unmatched-publish': { severity: 'information', summary: 'A published topic no subscription in the workspace receives.' },
  'unmatched-subscription': { severity: 'information', summary: 'A subscription nothing in the workspace publishes to.' },
  'similar-topic': { severity: 'warning', summary: 'A topic spelled almost like another (`livingroom` / `living_room`, case): they never meet.' },
  'qos-downgrade': { severity: 'information', summary: 'Published at a higher QoS than a matching subscription: delivered at the lower one.' },
};

/** Private-use character standing for a placeholder while the topic rules run: not `/`, `+`, `#` or NUL. */
const PLACEHOLDER = '\uE000';

/** The topic as the rules see it, and for each of its characters the source span it came from. */
function flatten(segments: Segment[]): { text: string; spans: [number, number][] } {
  let text = '';
  const spans: [number, number][] = [];
  for (const s of segments) {
    if ('placeholder' in s) {
      text += PLACEHOLDER;
      spans.push([s.start, s.end]);
      continue;
    }
    for (let i = 0; i < s.text.length; i++) {
      text += s.text[i];
      spans.push(s.exact ? [s.start + i, s.start + i + 1] : [s.start, s.end]);
    }
  }
  return { text, spans };
}

interface Raw {
  code: CodeCode;
  start: number;
  end: number;
  message: string;
}

function checkSite(site: TopicSite, settings: CodeSettings): Raw[] {
  const out: Raw[] = [];
  const { text, spans } = flatten(site.segments);
  const role = site.role === 'publish' || site.role === 'will' ? 'name' : 'filter';
  const display = topicDisplay(site);
  const where = site.constant ? ` (\`${site.constant}\` = "${display}")` : '';
  const problems = checkTopic(text, role, settings.maxDepth > 0 ? { maxDepth: settings.maxDepth } : {});
  for (const problem of problems) {
    const first = spans[problem.start];
    const last = spans[Math.max(problem.start, problem.end - 1)];
    const start = first ? first[0] : site.start;
    const end = last ? Math.max(last[1], start + 1) : site.end;
    out.push({ code: problem.code, start, end, message: `${problem.message}${where}` });
  }
  if (role === 'filter' && site.role === 'subscribe' && (text === '#' || text === '$SYS/#' || /^\$share\/[^/]+\/#$/.test(text))) {
    out.push({
      code: 'subscribe-all', start: site.start, end: site.end,
      message: text.startsWith('$SYS')
        ? 'Subscribing to `$SYS/#` receives every broker metric (client counts, bytes, subscriptions): fine for monitoring tools, not for application code.'
        : 'Subscribing to `#` receives all traffic on the broker: useful for debugging, but in production it leaks every message to this client and floods it. Subscribe to the topics you need.',
    });
  }
  if (site.qos) {
    if (site.qos.value > 2) {
      out.push({ code: 'invalid-qos', start: site.qos.start, end: site.qos.end, message: `QoS ${site.qos.value} does not exist: MQTT has QoS 0, 1 and 2. The client library rejects it or the broker closes the connection.` });
    } else if (site.qos.value === 2) {
      out.push({ code: 'qos2-cost', start: site.qos.start, end: site.qos.end, message: 'QoS 2 (exactly once) needs four packets per message and per-message state on both sides. Use it for commands where a duplicate does harm; QoS 1 with idempotent handlers is cheaper.' });
    }
  }
  return out;
}

/** `mqtt-lint-disable-next-line [code ...]` and `mqtt-lint-disable-line [code ...]`: line → codes (empty set = all). */
/** Offsets to positions, by binary search over line starts (found with indexOf, much faster than per character). */
export function lineIndex(text: string): { positionAt(offset: number): Position } {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return {
    positionAt(offset: number): Position {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, character: offset - starts[lo]! };
    },
  };
}

function suppressions(comments: Comment[], doc: { positionAt(offset: number): Position }): Map<number, Set<string>> {
  const map = new Map<number, Set<string>>();
  for (const c of comments) {
    const m = /mqtt-lint-disable-(next-)?line\b([^\n*]*)/.exec(c.text);
    if (!m) continue;
    const line = doc.positionAt(c.start).line + (m[1] ? 1 : 0);
    const codes = m[2]!.split(/[\s,]+/).filter(Boolean);
    map.set(line, new Set(codes));
  }
  return map;
}

/** Diagnostics for the MQTT topics in a source file. */
export function validateCode(text: string, languageId: string, settings: CodeSettings): Diagnostic[] {
  const found = findTopics(text, languageId, settings.extraPatterns);
  if (!found) return [];
  const diagnostics: Diagnostic[] = [];
  const raws: Raw[] = [];
  for (const site of found.sites) if (site.complete) raws.push(...checkSite(site, settings));
  raws.push(...analyseConnections(text, languageId).findings);
  if (raws.length === 0) return diagnostics;
  raws.sort((a, b) => a.start - b.start);
  // Line offsets are only worth computing when there is something to report.
  const doc = lineIndex(text);
  const suppressed = suppressions(found.lexed.comments, doc);
  for (const raw of raws) {
    const severity = severityFor(raw.code, CODE_CODES[raw.code].severity, settings.severity);
    if (severity === undefined) continue;
    const range = { start: doc.positionAt(raw.start), end: doc.positionAt(raw.end) };
    const rule = suppressed.get(range.start.line);
    if (rule && (rule.size === 0 || rule.has(raw.code))) continue;
    diagnostics.push({ range, severity, code: raw.code, source: 'mqtt', message: raw.message });
    if (diagnostics.length >= settings.maxDiagnosticsPerFile) break;
  }
  return diagnostics;
}
