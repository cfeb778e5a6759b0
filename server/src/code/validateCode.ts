/**
 * Diagnostics for MQTT topics in source code: the shared topic rules (common/src/topics.ts) applied by role,
 * QoS literals, and `#` subscriptions. Pure: text, language id and settings in; pipeline problems (or LSP diagnostics) out.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkTopic, type TopicCheckOptions } from '../../../common/src/topics';
import { type PipelineSettings, type Problem, type Suppressions, toDiagnostics } from '../diagnostics';
import { disableDirective } from '../suppress';
import { CODE_AREA, type CodeFinding } from './codes';
import { type Segment, topicDisplay, type TopicSite } from './findTopics';
import type { Comment } from './lexer';
import { lastAtMost, type LineIndex } from './lineIndex';
import type { CallPattern } from './patterns';
import { analyseSource, type SourceAnalysis } from './sourceAnalysis';
import { clip } from '../text';

/** What validateCode needs: the pipeline settings, the depth limit and the user's call patterns. */
export interface CodeSettings extends PipelineSettings {
  maxDepth: number;
  extraPatterns: readonly CallPattern[];
}

/** Private-use character standing for a placeholder while the topic rules run: not `/`, `+`, `#` or NUL. */
const PLACEHOLDER = '\uE000';

/** The topic as the rules see it: each placeholder one PLACEHOLDER character. */
function flatText(segments: readonly Segment[]): string {
  let text = '';
  for (const s of segments) text += 'placeholder' in s ? PLACEHOLDER : s.text;
  return text;
}

/**
 * Where in the source each character of the flat text came from: the source span of the character at
 * `offset`. Linear in the topic's length: spans are found by binary search over segments.
 */
function spanFinder(segments: readonly Segment[]): (offset: number) => [number, number] | undefined {
  const starts: number[] = [];
  let length = 0;
  for (const s of segments) {
    starts.push(length);
    length += 'placeholder' in s ? PLACEHOLDER.length : s.text.length;
  }
  return (offset) => {
    if (offset < 0 || offset >= length) return undefined;
    const lo = lastAtMost(starts, offset);
    const s = segments[lo];
    if (s === undefined) return undefined;
    if ('placeholder' in s || !s.exact) return [s.start, s.end];
    const i = offset - (starts[lo] ?? 0);
    return [s.start + i, s.start + i + 1];
  };
}

/** A shared subscription to everything: `$share/<group>/#`. */
const SHARED_ALL = /^\$share\/[^/]+\/#$/;

/** The findings of one topic site, pushed onto `out` (most sites have none: nothing is built for them). */
function checkSite(site: TopicSite, options: TopicCheckOptions, out: CodeFinding[]): void {
  const text = flatText(site.segments);
  const role = site.role === 'publish' || site.role === 'will' ? 'name' : 'filter';
  const problems = checkTopic(text, role, options);
  const spanAt = problems.length > 0 ? spanFinder(site.segments) : undefined;
  const where =
    problems.length > 0 && site.constant ? ` (\`${clip(site.constant)}\` = "${clip(topicDisplay(site))}")` : '';
  for (const problem of problems) {
    // MQTT 5: a publish with a Topic Alias may leave the topic empty (the alias stands for it).
    if (problem.code === 'empty-topic' && site.topicAlias) continue;
    const first = spanAt!(problem.start);
    const last = spanAt!(Math.max(problem.start, problem.end - 1));
    const start = first ? first[0] : site.start;
    const end = last ? Math.max(last[1], start + 1) : site.end;
    out.push({
      code: problem.code,
      start,
      end,
      message: problem.message,
      ...(where ? { detail: `The topic${where}.` } : {}),
    });
  }
  if (role === 'filter' && site.role === 'subscribe' && (text === '#' || text === '$SYS/#' || SHARED_ALL.test(text))) {
    out.push({
      code: 'subscribe-all',
      start: site.start,
      end: site.end,
      ...(text.startsWith('$SYS')
        ? {
            message: '`$SYS/#` receives every broker metric: fine for monitoring tools, not for application code',
            detail:
              'Subscribing to `$SYS/#` receives every broker metric (client counts, bytes, subscriptions): fine for monitoring tools, not for application code.',
          }
        : {
            message: '`#` receives all traffic on the broker: subscribe to the topics you need',
            detail:
              'Subscribing to `#` receives all traffic on the broker: useful for debugging, but in production it leaks every message to this client and floods it. Subscribe to the topics you need.',
          }),
    });
  }
  if (site.qos) {
    if (site.qos.value > 2) {
      out.push({
        code: 'invalid-qos',
        start: site.qos.start,
        end: site.qos.end,
        message: `QoS ${site.qos.value} does not exist (MQTT has 0, 1 and 2): use one of those`,
        detail: `QoS ${site.qos.value} does not exist: MQTT has QoS 0, 1 and 2. The client library rejects it or the broker closes the connection.`,
      });
    } else if (site.qos.value === 2) {
      out.push({
        code: 'qos2-cost',
        start: site.qos.start,
        end: site.qos.end,
        message: 'QoS 2 costs four packets per message: QoS 1 with idempotent handlers is cheaper',
        detail:
          'QoS 2 (exactly once) needs four packets per message and per-message state on both sides. Use it for commands where a duplicate does harm; QoS 1 with idempotent handlers is cheaper.',
      });
    }
  }
}

/** `mqtt-lint-disable-next-line [code ...]` and `mqtt-lint-disable-line [code ...]`: line → codes (empty set = all). */
function suppressions(comments: readonly Comment[], lines: LineIndex): Map<number, Set<string>> {
  const map = new Map<number, Set<string>>();
  for (const c of comments) {
    const directive = disableDirective(c.text);
    if (directive) map.set(lines.positionAt(c.start).line + (directive.nextLine ? 1 : 0), directive.codes);
  }
  return map;
}

/** The problems of an analysed source file, and the lines its suppression comments silence. */
export function codeProblems(
  analysis: SourceAnalysis,
  settings: { maxDepth: number },
): { problems: Problem[]; suppressions: Suppressions } {
  const findings: CodeFinding[] = [];
  // One push per finding: spreading a site's findings overflows the stack once a crafted topic has ~100,000.
  const options: TopicCheckOptions = settings.maxDepth > 0 ? { maxDepth: settings.maxDepth } : {};
  for (const site of analysis.found.sites) if (site.complete) checkSite(site, options, findings);
  for (const f of analysis.connections.findings) findings.push(f);
  if (analysis.stopped)
    findings.push({
      code: 'analysis-stopped',
      start: 0,
      end: 0,
      message: 'File only partly checked (its analysis took too long): later problems are not shown',
      detail:
        'This file took too long to analyse and was only partly checked: topics and connection options further on may have problems that are not shown.',
    });
  const { lines } = analysis;
  const problems = findings.map((f): Problem => ({
    code: f.code,
    range: { start: lines.positionAt(f.start), end: lines.positionAt(f.end) },
    message: f.message,
    ...(f.detail ? { detail: f.detail } : {}),
  }));
  // Always read: workspace problems added later obey the same comments.
  return { problems, suppressions: suppressions(analysis.found.directives, lines) };
}

/** Diagnostics for the MQTT topics in a source file. */
export function validateCode(text: string, languageId: string, settings: CodeSettings): Diagnostic[] {
  const analysis = analyseSource(text, languageId, settings.extraPatterns);
  if (!analysis) return [];
  const { problems, suppressions } = codeProblems(analysis, settings);
  return toDiagnostics(problems, CODE_AREA, settings, suppressions);
}
