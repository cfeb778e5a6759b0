/**
 * Wording and quick fixes shared by the parse pass and its readers: the guesses behind "did you mean",
 * and the phrases that make a message say what mosquitto will do with this particular value.
 */
import type { ConfLine, Token } from './lexer';
import type { Entry, Finding, TextEdit } from './model';
import type { OptionSpec } from './optionTypes';
import { BOOL_VALUES, closest } from './values';
import { clip } from '../text';

/** The line with TABs turned into the spaces mosquitto separates on (leading TABs dropped). */
export function tabFix(line: ConfLine): TextEdit {
  const fixed = line.text.replace(/^[\t ]+/, (m) => m.replace(/\t/g, '')).replace(/\t+/g, ' ');
  return { line: line.line, start: 0, end: line.text.length, newText: fixed };
}

/** A quick fix to the closest allowed value, if one is close. */
export function enumFixes(line: { line: number }, token: Token, values: readonly string[]): Partial<Finding> {
  const guess = values.find((v) => v.toLowerCase() === token.text.toLowerCase()) ?? closest(token.text, values);
  return guess
    ? {
        fixes: [
          {
            title: `Change to \`${guess}\``,
            edits: [{ line: line.line, start: token.start, end: token.end, newText: guess }],
            preferred: true,
          },
        ],
      }
    : {};
}

/** The boolean a user most likely meant by `yes`, `on`, `True`, ...; mosquitto accepts none of them. */
export function boolGuess(text: string): string | undefined {
  const lower = text.replace(/\t/g, '').toLowerCase();
  if (['true', 'yes', 'on', 'y', 'enable', 'enabled'].includes(lower)) return 'true';
  if (['false', 'no', 'off', 'n', 'disable', 'disabled'].includes(lower)) return 'false';
  if (BOOL_VALUES.includes(lower)) return lower;
  return undefined;
}

/** Suggestions by version and name: the same typo tends to repeat, and edit distances are not free. */
const suggestionCache = new Map<string, string | null>();

/** The option name a typo most likely meant, among `names` (the options `version` accepts). */
export function suggestName(name: string, names: string[], version: string): string | undefined {
  const key = `${version}\u0000${name}`;
  let cached = suggestionCache.get(key);
  if (cached === undefined) {
    const lower = name.toLowerCase();
    cached = names.find((n) => n.toLowerCase() === lower) ?? closest(name, names) ?? null;
    if (suggestionCache.size > 5000) suggestionCache.clear();
    suggestionCache.set(key, cached);
  }
  return cached ?? undefined;
}

/** The allowed range of an int option, in words. */
export function rangeWords(spec: OptionSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `between ${spec.min} and ${spec.max}`;
  if (spec.min !== undefined) return `at least ${spec.min}`;
  return `at most ${spec.max}`;
}

/** What a value of 0 means for the options where 0 is special; '' otherwise. */
export function intMeaning(name: string, value: number): string {
  if (value !== 0) return '';
  if (
    [
      'max_queued_messages',
      'max_queued_bytes',
      'max_inflight_messages',
      'max_inflight_bytes',
      'memory_limit',
      'message_size_limit',
    ].includes(name)
  )
    return ' (0 means unlimited)';
  if (name === 'sys_interval') return ' (0 disables $SYS)';
  if (name === 'max_qos') return ' (QoS 0 only)';
  if (name === 'autosave_interval') return ' (0 disables periodic autosave)';
  return '';
}

/** Where a duplicate was counted, for duplicate messages: a bridge, a listener, or nothing (global). */
export function scopeWords(entry: Entry): string {
  if (entry.bridge) return ` in bridge \`${clip(entry.bridge.name)}\``;
  if (entry.listener && !entry.listener.isDefault && entry.spec.scope !== 'global') return ` for this listener`;
  return '';
}
