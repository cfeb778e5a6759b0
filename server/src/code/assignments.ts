/**
 * Places in a source file that look like the definition of a constant: `#define NAME`, `NAME =`,
 * `NAME :=`, `NAME: type =`, `NAME[] =`, and in C++ `TYPE NAME("x")` / `TYPE NAME { "x" }`.
 *
 * ASSIGNMENT says what such a place is. Tried at every identifier of a large file it costs a scan of
 * the whole text that is slow (a broad character class at every offset); instead the places are found
 * from the characters each needs (the `=` of an assignment, the `"` of a braced initialiser, the word
 * `define`), and ASSIGNMENT is tried only at the names just before those: the same places, in the
 * same order, as `text.matchAll(ASSIGNMENT)` gives.
 */
import { isIdentPart, type LanguageFamily } from './lexer';

const IDENT = '[A-Za-z_$\\u0080-\\uffff][\\w$\\u0080-\\uffff]*';

/** `#define NAME` (group 1), or a name (group 2) before `=`, `:=`, `: type =`, `[] =`. */
const ASSIGNMENT = `#[ \\t]*define[ \\t]+(${IDENT})|(?<![\\w$\\u0080-\\uffff])(${IDENT})(?=\\s*(?::=|=(?![=>])|:[^=\\n;(){}]{1,60}=(?![=>])|\\[\\s*\\]\\s*=(?!=)))`;

/** C++ also initialises with braces or parentheses (group 3): `const std::string TOPIC { "x" };`, `std::string TOPIC("x");`. */
const BRACED_ASSIGNMENT = `${ASSIGNMENT}|(?<![\\w$\\u0080-\\uffff])(${IDENT})(?=\\s*[({]\\s*(?:u8|[uUL])?R?")`;

/** The same expressions, tried at one offset. */
const AT = { other: new RegExp(ASSIGNMENT, 'y'), c: new RegExp(BRACED_ASSIGNMENT, 'y') };

/** The expressions themselves, for tests that compare the two ways of finding the places. */
export const ASSIGNMENT_PATTERNS = { other: ASSIGNMENT, c: BRACED_ASSIGNMENT };

/** A character `\s` matches. */
const isSpace = (c: number) =>
  c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && /\s/.test(String.fromCharCode(c)));

/** Going back from `end` over white space: the offset just after the last other character. */
function spaceBefore(text: string, end: number): number {
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Whether a character can stand between the `:` and the `=` of `NAME: type =` (`[^=\n;(){}]`). */
const inType = (c: number) =>
  c !== 0x3d && c !== 0x0a && c !== 0x3b && c !== 0x28 && c !== 0x29 && c !== 0x7b && c !== 0x7d;

/**
 * Where the names before the `=` at `eq` may end, one for each way ASSIGNMENT can reach that `=`:
 * `NAME =`, `NAME :=`, `NAME[] =`, and `NAME: type =` for each `:` up to 60 characters back.
 */
function namesBeforeEquals(text: string, eq: number, out: number[]): void {
  const end = spaceBefore(text, eq);
  out.push(end);
  if (text[eq - 1] === ':') out.push(spaceBefore(text, eq - 1));
  if (text[end - 1] === ']') {
    const open = spaceBefore(text, end - 1);
    if (text[open - 1] === '[') out.push(spaceBefore(text, open - 1));
  }
  for (let k = eq - 1; k >= 0 && eq - k - 1 <= 60; k--) {
    const c = text.charCodeAt(k);
    if (c === 0x3a && k < eq - 1) out.push(spaceBefore(text, k));
    else if (!inType(c)) break;
  }
}

/** Where the names before the C++ initialiser whose literal opens at `quote` may end: `NAME("`, `NAME { u8R"`. */
function namesBeforeLiteral(text: string, quote: number, out: number[]): void {
  // The literal's prefix, `(?:u8|[uUL])?R?`: every way it can be read back from the quote.
  const starts = [quote];
  if (text[quote - 1] === 'R') starts.push(quote - 1);
  for (const at of [...starts]) {
    if (text.startsWith('u8', at - 2)) starts.push(at - 2);
    if ('uUL'.includes(text[at - 1] ?? '-')) starts.push(at - 1);
  }
  for (const at of starts) {
    const bracket = spaceBefore(text, at);
    if (text[bracket - 1] === '(' || text[bracket - 1] === '{') out.push(spaceBefore(text, bracket - 1));
  }
}

/** Every offset of `needle` in `text`. */
function* offsetsOf(text: string, needle: string): Generator<number> {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) yield at;
}

/** The family's expression tried at one offset of `text`. */
function matcherOf(text: string, family: LanguageFamily): (at: number) => RegExpExecArray | null {
  const pattern = family === 'c' ? AT.c : AT.other;
  return (at) => {
    pattern.lastIndex = at;
    return pattern.exec(text);
  };
}

/** The `#define NAME` whose word `define` starts at `at`, if it is one: where its `#` is, and the match. */
function defineAt(
  text: string,
  at: number,
  matchAt: (at: number) => RegExpExecArray | null,
): { hash: number; match: RegExpExecArray } | undefined {
  let hash = at;
  while (text[hash - 1] === ' ' || text[hash - 1] === '\t') hash--;
  const match = text[hash - 1] === '#' ? matchAt(hash - 1) : null;
  return match?.[1] !== undefined ? { hash: hash - 1, match } : undefined;
}

/** The places that look like definitions, in text order: where each is (its `#` for `#define`) and the name defined. */
export function assignments(text: string, family: LanguageFamily): { name: string; index: number }[] {
  const matchAt = matcherOf(text, family);
  // `#define NAME` matches from its `#`, and no other match starts inside it.
  const defines: { name: string; index: number; end: number }[] = [];
  for (const at of offsetsOf(text, 'define')) {
    const define = defineAt(text, at, matchAt);
    if (define) defines.push({ name: define.match[1]!, index: define.hash, end: define.hash + define.match[0].length });
  }
  // Any other match is a whole name that ends where one of these characters' readings back says.
  const ends: number[] = [];
  for (const eq of offsetsOf(text, '=')) namesBeforeEquals(text, eq, ends);
  if (family === 'c') for (const quote of offsetsOf(text, '"')) namesBeforeLiteral(text, quote, ends);
  const starts = new Set<number>();
  for (const end of ends) {
    if (end === 0 || !isIdentPart(text.charCodeAt(end - 1))) continue;
    let start = end - 1;
    while (start > 0 && isIdentPart(text.charCodeAt(start - 1))) start--;
    starts.add(start);
  }
  const out: { name: string; index: number }[] = [];
  const placeOf = ({ name, index }: { name: string; index: number }) => ({ name, index });
  let d = 0;
  for (const start of [...starts].sort((a, b) => a - b)) {
    for (; d < defines.length && defines[d]!.index < start; d++) out.push(placeOf(defines[d]!));
    if (d > 0 && start < defines[d - 1]!.end) continue;
    const m = matchAt(start);
    if (m) out.push({ name: (m[2] ?? m[3])!, index: start });
  }
  for (; d < defines.length; d++) out.push(placeOf(defines[d]!));
  return out;
}

/**
 * The places assignments() finds for one name (their offsets, in text order), found from the name's own
 * occurrences: for a file that asks for a constant or two, much less work than finding every place.
 */
export function assignmentsOf(text: string, family: LanguageFamily, name: string): number[] {
  const matchAt = matcherOf(text, family);
  const out: number[] = [];
  if (name === '') return out;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    // A whole name, as the expression's look-behind and its greedy name read it.
    if ((at > 0 && isIdentPart(text.charCodeAt(at - 1))) || isIdentPart(text.charCodeAt(at + name.length))) continue;
    // `#define NAME` is a place at its `#`, and no other match starts inside it.
    let p = at;
    while (text[p - 1] === ' ' || text[p - 1] === '\t') p--;
    const define = p < at && text.startsWith('define', p - 6) ? defineAt(text, p - 6, matchAt) : undefined;
    if (define?.match[1] === name) {
      out.push(define.hash);
      continue;
    }
    const m = matchAt(at);
    if (m && (m[2] ?? m[3]) === name) out.push(at);
  }
  return out;
}
