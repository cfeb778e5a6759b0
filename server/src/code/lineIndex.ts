/** Offsets to positions and back, by binary search over line starts (found with indexOf, much faster than per character). */
import type { Position } from 'vscode-languageserver-types';

export interface LineIndex {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** The index of the last entry of an ascending list that is at most `value` (0 when none is). */
export function lastAtMost(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

let last: { text: string; index: LineIndex } | undefined;

/** A line index of `text` (lines end at `\n`; a `\r` before it counts as a character of the line). Built once per text. */
export function lineIndex(text: string): LineIndex {
  if (last?.text === text) return last.index;
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  const starts = new Int32Array(count);
  for (let at = text.indexOf('\n'), i = 1; at >= 0; at = text.indexOf('\n', at + 1)) starts[i++] = at + 1;
  const index: LineIndex = {
    positionAt(offset: number): Position {
      const line = lastAtMost(starts, offset);
      return { line, character: offset - (starts[line] ?? 0) };
    },
    offsetAt(position: Position): number {
      const start = starts[Math.max(0, Math.min(position.line, starts.length - 1))] ?? 0;
      if (position.line >= starts.length) return text.length;
      const next = starts[position.line + 1] ?? text.length + 1;
      return Math.min(start + Math.max(0, position.character), next - 1, text.length);
    },
  };
  last = { text, index };
  return index;
}
