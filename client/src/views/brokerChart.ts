/**
 * The broker chart: a webview that draws the `$SYS` rates over time (and numeric topics pinned to it) as
 * inline SVG in the theme's colours. The extension posts the data once a second; the page has one inline
 * script with a nonce, a strict CSP and nothing from anywhere else. Holds the broker's `$SYS` watch while open.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { BrokerManager } from '../broker/manager';
import type { SysWatch } from '../broker/sysWatch';
import { numberOf } from '../core/sysMetrics';

/** What one chart shows: series of `[time, value]`. */
export interface ChartData {
  title: string;
  unit: string;
  series: { label: string; points: [number, number][] }[];
}

/** Values of a pinned topic kept for the chart. */
const PINNED_POINTS = 600;

export class BrokerChart implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; timer: NodeJS.Timeout }>();
  /** Pinned topics per broker, with the values seen (one per message time). */
  private readonly pinned = new Map<string, Map<string, [number, number][]>>();

  constructor(
    private readonly manager: BrokerManager,
    private readonly watch: SysWatch,
  ) {}

  /** Pin a topic's numeric values to its broker's chart (and open the chart). */
  pin(broker: string, topic: string): void {
    let topics = this.pinned.get(broker);
    if (!topics) this.pinned.set(broker, (topics = new Map()));
    if (!topics.has(topic)) topics.set(topic, []);
    this.show(broker);
  }

  /** The data posted to a broker's chart now (also read by tests). */
  data(broker: string): ChartData[] {
    const model = this.watch.model(broker);
    const charts: ChartData[] = [];
    if (model) {
      charts.push(
        {
          // Packets, not publishes: mosquitto 2.0.11 never counts publish/messages/received up.
          title: 'Messages per second',
          unit: 'msg/s',
          series: [
            { label: 'received', points: model.rateSeries('messages.received') },
            { label: 'sent', points: model.rateSeries('messages.sent') },
          ],
        },
        {
          title: 'Bytes per second',
          unit: 'B/s',
          series: [
            { label: 'received', points: model.rateSeries('bytes.received') },
            { label: 'sent', points: model.rateSeries('bytes.sent') },
          ],
        },
      );
    }
    const tree = this.manager.tree(broker);
    for (const [topic, points] of this.pinned.get(broker) ?? []) {
      const last = tree?.nodeFor(topic)?.last;
      const value = last ? numberOf(new TextDecoder().decode(last.preview)) : undefined;
      if (last && value !== undefined && points[points.length - 1]?.[0] !== last.time) {
        points.push([last.time, value]);
        if (points.length > PINNED_POINTS) points.shift();
      }
      charts.push({ title: topic, unit: '', series: [{ label: topic, points }] });
    }
    return charts;
  }

  show(broker: string): void {
    const open = this.panels.get(broker);
    if (open) {
      open.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'mqttWorkbench.brokerChart',
      `${broker}: broker chart`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [] },
    );
    panel.webview.html = chartHtml(panel.webview.cspSource);
    const hold = this.watch.hold(broker);
    const post = () => void panel.webview.postMessage({ broker, charts: this.data(broker), now: Date.now() });
    const timer = setInterval(post, 1000);
    post();
    this.panels.set(broker, { panel, timer });
    panel.onDidDispose(() => {
      clearInterval(timer);
      hold?.dispose();
      this.panels.delete(broker);
    });
  }

  dispose(): void {
    for (const { panel } of [...this.panels.values()]) panel.dispose();
  }
}

/** The page: a strict CSP (only our nonce's style and script), SVG drawn from the posted data. */
export function chartHtml(cspSource: string): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); }
section { margin: 0 0 1.5em; }
h2 { font-size: 1.05em; font-weight: 600; margin: 0.4em 0; }
svg { width: 100%; height: 160px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-widget-border, transparent); }
.grid { stroke: var(--vscode-editorLineNumber-foreground); stroke-width: 0.5; opacity: 0.5; }
.axis { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.s0 { stroke: var(--vscode-charts-blue); } .s1 { stroke: var(--vscode-charts-orange); } .s2 { stroke: var(--vscode-charts-green); }
.k0 { color: var(--vscode-charts-blue); } .k1 { color: var(--vscode-charts-orange); } .k2 { color: var(--vscode-charts-green); }
polyline { fill: none; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
.legend span { margin-right: 1em; } .empty { color: var(--vscode-descriptionForeground); }
</style></head>
<body><main id="charts"><p class="empty">Waiting for the broker’s $SYS ticks…</p></main>
<script nonce="${nonce}">
const NS = 'http://www.w3.org/2000/svg';
const W = 600, H = 160, PAD = 28;
const el = (name, attrs, text) => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
};
const fmt = (v) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString() : Number(v.toFixed(2)).toString());
function draw(chart, now) {
  const section = document.createElement('section');
  const h = document.createElement('h2');
  h.textContent = chart.title;
  section.append(h);
  const points = chart.series.flatMap((s) => s.points);
  if (points.length === 0) {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = 'No values yet (a rate needs two ticks).';
    section.append(p);
    return section;
  }
  const t0 = Math.min(...points.map((p) => p[0])), t1 = Math.max(now, ...points.map((p) => p[0]));
  const max = Math.max(1e-9, ...points.map((p) => p[1]));
  const x = (t) => PAD + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD - 4);
  const y = (v) => H - 14 - (v / max) * (H - 24);
  const svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', role: 'img', 'aria-label': chart.title });
  for (const f of [0, 0.5, 1]) {
    svg.append(el('line', { class: 'grid', x1: PAD, x2: W, y1: y(max * f), y2: y(max * f) }));
    svg.append(el('text', { class: 'axis', x: 2, y: y(max * f) + 3 }, fmt(max * f)));
  }
  svg.append(el('text', { class: 'axis', x: PAD, y: H - 2 }, Math.round((t1 - t0) / 1000) + ' s ago'));
  chart.series.forEach((s, i) => {
    svg.append(el('polyline', { class: 's' + (i % 3), points: s.points.map((p) => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ') }));
  });
  section.append(svg);
  const legend = document.createElement('div');
  legend.className = 'legend';
  chart.series.forEach((s, i) => {
    const span = document.createElement('span');
    span.className = 'k' + (i % 3);
    const last = s.points[s.points.length - 1];
    span.textContent = '■ ' + s.label + (last ? ': ' + fmt(last[1]) + ' ' + chart.unit : '');
    legend.append(span);
  });
  section.append(legend);
  return section;
}
window.addEventListener('message', (event) => {
  const { charts, now } = event.data;
  document.getElementById('charts').replaceChildren(...charts.map((c) => draw(c, now)));
});
</script></body></html>`;
}
