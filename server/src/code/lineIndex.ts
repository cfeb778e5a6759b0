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

/**
 * A line index of `text` (lines end at `\n`; a `\r` before it counts as a character of the line). Built once
 * per text, on its first use: a file without findings never needs one.
 */
export function lineIndex(text: string): LineIndex {
  if (last?.text === text) return last.index;
  let lineStarts: Int32Array | undefined;
  const starts = (): Int32Array => {
    if (lineStarts) return lineStarts;
    let count = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
    lineStarts = new Int32Array(count);
    for (let at = text.indexOf('\n'), i = 1; at >= 0; at = text.indexOf('\n', at + 1)) lineStarts[i++] = at + 1;
    return lineStarts;
  };
  const index: LineIndex = {
    positionAt(offset: number): Position {
      const s = starts();
      const line = lastAtMost(s, offset);
      return { line, character: offset - (s[line] ?? 0) };
    },
    offsetAt(position: Position): number {
      const s = starts();
      const start = s[Math.max(0, Math.min(position.line, s.length - 1))] ?? 0;
      if (position.line >= s.length) return text.length;
      const next = s[position.line + 1] ?? text.length + 1;
      return Math.min(start + Math.max(0, position.character), next - 1, text.length);
    },
  };
  last = { text, index };
  return index;
}
