/** How mosquitto turns value text into values: atoi, booleans, UTF-8 validity. */

/** C atoi(): skips leading isspace, an optional sign, then digits; anything else ends it. Never fails. */
export function atoi(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || (text.charCodeAt(i) >= 0x09 && text.charCodeAt(i) <= 0x0d)))
    i++;
  let sign = 1;
  if (text[i] === '+' || text[i] === '-') {
    if (text[i] === '-') sign = -1;
    i++;
  }
  let value = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
    // Past int range the C result is undefined; clamp so comparisons stay meaningful.
    if (value > 2 ** 40) value = 2 ** 40;
    i++;
  }
  return sign * value;
}

/** Whether atoi reads the whole token (no silent truncation or zero). */
export function isWholeInteger(text: string): boolean {
  // A loop, not /^[+-]?\d+$/: it runs for every integer value, and these are a few characters long.
  let i = text.charCodeAt(0) === 0x2b || text.charCodeAt(0) === 0x2d ? 1 : 0; // + or -
  if (i >= text.length) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

export const BOOL_VALUES: readonly string[] = ['true', 'false', '1', '0'];

export function parseBool(text: string): boolean | undefined {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

const BEYOND_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * Why mosquitto_validate_utf8 would reject a value, or undefined when it accepts it. Text from the
 * editor has already been decoded, so invalid bytes show up as U+FFFD; control characters (TAB
 * included) and Unicode non-characters are rejected by mosquitto as well.
 */
export function utf8Problem(text: string): { index: number; reason: string } | undefined {
  if (!BEYOND_PRINTABLE_ASCII.test(text)) return undefined; // nearly every value: one fast scan
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) return { index: i, reason: 'invalid UTF-8 bytes' };
    if (c === 0x09) return { index: i, reason: 'a TAB character' };
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f))
      return { index: i, reason: `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}` };
    if ((c >= 0xfdd0 && c <= 0xfdef) || c === 0xfffe || c === 0xffff)
      return { index: i, reason: 'a Unicode non-character' };
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return { index: i, reason: 'invalid UTF-8 bytes' };
      const cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
      if ((cp & 0xfffe) === 0xfffe) return { index: i, reason: 'a Unicode non-character' };
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return { index: i, reason: 'invalid UTF-8 bytes' };
    }
  }
  return undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment), bounded: returns max+1 when further. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1]!;
}

/** The closest candidate within a distance that scales with the word's length, if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const max = lower.length <= 4 ? 1 : lower.length <= 10 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase(), max);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
