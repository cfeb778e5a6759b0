/** Offsets to positions and back, by binary search over line starts (found with indexOf, much faster than per character). */
import type { Position } from 'vscode-languageserver-types';

export interface LineIndex {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** A line index of `text` (lines end at `\n`; a `\r` before it counts as a character of the line). */
export function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return {
    positionAt(offset: number): Position {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] ?? 0) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, character: offset - (starts[lo] ?? 0) };
    },
    offsetAt(position: Position): number {
      const start = starts[Math.max(0, Math.min(position.line, starts.length - 1))] ?? 0;
      if (position.line >= starts.length) return text.length;
      const next = starts[position.line + 1] ?? text.length + 1;
      return Math.min(start + Math.max(0, position.character), next - 1, text.length);
    },
  };
}
