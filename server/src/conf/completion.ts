/** Completion of option names (aware of the open listener/bridge/plugin) and of values. */
import {
  type CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type Position,
} from 'vscode-languageserver-types';
import type { AnalysisSettings } from '../types';
import { lexLine, splitLines, tokensFrom } from './lexer';
import { optionMarkdown } from './optionDocs';
import type { OptionSpec } from './optionTypes';
import { findOption, OPTIONS } from './options';
import { isAvailable } from './optionVersions';
import { BOOL_VALUES } from './values';

type Opener = 'listener' | 'connection' | 'plugin';

/** The scope openers that appear above a line in this file (mosquitto's cursors never close). */
function openersAbove(lines: string[], line: number): { nearest?: Opener; seen: Set<Opener> } {
  const seen = new Set<Opener>();
  let nearest: Opener | undefined;
  for (let i = line - 1; i >= 0; i--) {
    const name = lexLine(lines[i]!, i).name?.text;
    const opener: Opener | undefined =
      name === 'listener' || name === 'connection'
        ? name
        : name === 'plugin' || name === 'auth_plugin'
          ? 'plugin'
          : undefined;
    if (!opener) continue;
    nearest ??= opener;
    seen.add(opener);
  }
  return { ...(nearest ? { nearest } : {}), seen };
}

/** Options worth offering: accepted by the version, and not an alias or deprecated name. */
function offered(spec: OptionSpec, settings: AnalysisSettings): boolean {
  if (!isAvailable(spec, settings.mosquittoVersion)) return false;
  if (spec.aliasOf || (spec.deprecated && spec.deprecated.since !== '2.1')) return false;
  return true;
}

export function computeConfCompletions(text: string, position: Position, settings: AnalysisSettings): CompletionItem[] {
  const lines = splitLines(text);
  const raw = (lines[position.line] ?? '').slice(0, position.character);
  if (raw.startsWith('#')) return [];
  const line = lexLine(raw, position.line);
  const typingName = line.kind !== 'option' || (line.name !== undefined && line.name.end === raw.length);
  return typingName
    ? optionNames(lines, position, settings)
    : values(raw, line.name!.text, line.restStart ?? raw.length);
}

function optionNames(lines: string[], position: Position, settings: AnalysisSettings): CompletionItem[] {
  const { nearest, seen } = openersAbove(lines, position.line);
  const items: CompletionItem[] = [];
  for (const spec of OPTIONS) {
    if (!offered(spec, settings)) continue;
    if (spec.scope === 'bridge' && spec.name !== 'connection' && !seen.has('connection')) continue;
    if (spec.scope === 'plugin' && !seen.has('plugin')) continue;
    if (spec.name === 'mount_point' && !seen.has('listener')) continue;
    const name = spec.name.endsWith('*') ? spec.name.slice(0, -1) : spec.name;
    const rank =
      (spec.scope === 'bridge' && nearest === 'connection') ||
      (spec.scope === 'listener' && nearest === 'listener') ||
      (spec.scope === 'plugin' && nearest === 'plugin')
        ? '0'
        : '1';
    items.push({
      label: name,
      kind:
        spec.name === 'listener' || spec.name === 'connection'
          ? CompletionItemKind.Module
          : CompletionItemKind.Property,
      detail: spec.argument,
      documentation: { kind: MarkupKind.Markdown, value: optionMarkdown(spec) },
      sortText: `${rank}${name}`,
      insertText: snippetFor(spec, name),
      insertTextFormat: InsertTextFormat.Snippet,
      // The cursor is left after the name and a space: open the value suggestions there at once (booleans
      // and enums get a choice list from the snippet itself).
      ...(opensValueSuggestions(spec, name)
        ? { command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' } }
        : {}),
    });
  }
  return items;
}

function opensValueSuggestions(spec: OptionSpec, name: string): boolean {
  return snippetFor(spec, name).endsWith(' $0') && values(`${name} `, spec.name, name.length + 1).length > 0;
}

function snippetFor(spec: OptionSpec, name: string): string {
  if (spec.name.endsWith('*')) return `${name}\${1:key} \${2:value}`;
  if (spec.kind === 'bool') return `${name} \${1|true,false|}`;
  if (spec.kind === 'enum' && spec.values?.length) return `${name} \${1|${spec.values.join(',')}|}`;
  if (spec.name === 'listener') return `${name} \${1:1883} \${2:127.0.0.1}`;
  return `${name} $0`;
}

function values(raw: string, name: string, restStart: number): CompletionItem[] {
  const spec = findOption(name);
  if (!spec) return [];
  const before = tokensFrom(raw, restStart);
  const typing = raw.endsWith(' ') ? before.length : before.length - 1;
  if (typing > 1 || (typing === 1 && spec.name !== 'listener')) return [];
  const item = (label: string, doc?: string): CompletionItem => ({
    label,
    kind: CompletionItemKind.Value,
    ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
  });
  if (spec.name === 'listener') {
    return typing === 0
      ? [item('1883', 'MQTT'), item('8883', 'MQTT over TLS (needs certfile and keyfile)'), item('9001', 'websockets')]
      : [
          item('127.0.0.1', 'Loopback only: clients on this machine.'),
          item('::1', 'IPv6 loopback only.'),
          item('0.0.0.0', 'Every IPv4 interface.'),
        ];
  }
  if (spec.kind === 'bool') return BOOL_VALUES.slice(0, 2).map((v) => item(v));
  if (spec.values) return spec.values.map((v) => item(v, spec.valueDocs?.[v]));
  return [];
}
