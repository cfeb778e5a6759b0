/**
 * Splits mosquitto.conf text into lines and tokens exactly as mosquitto 2.0's config__read_file_core
 * does: a line whose first character is `#` or CR is skipped, trailing CR/LF are removed, and tokens are
 * separated by the space character only (a TAB is an ordinary character).
 */

/** A space-delimited token; `start`/`end` are columns (UTF-16) within its line. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

export type LineKind = 'blank' | 'comment' | 'option';

export interface ConfLine {
  /** 0-based line number. */
  line: number;
  /** The line without its line terminator and trailing CRs. */
  text: string;
  kind: LineKind;
  /** The option name token (kind `option`). */
  name?: Token;
  /** Column where the text after the name's delimiter starts (mosquitto's strtok saveptr). */
  restStart?: number;
}

/** An option line, with the fields lexLine always sets for one. */
export type OptionLine = ConfLine & { kind: 'option'; name: Token; restStart: number };

/** Whether the line sets an option (lexLine gives every such line a name and a value start). */
export function isOptionLine(line: ConfLine): line is OptionLine {
  return line.kind === 'option';
}

/** Split text into physical lines the way mosquitto counts them (LF separated, CRLF tolerated). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  // A final newline does not start another line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Classify every line and find each option's name token. */
export function lexConfig(text: string): ConfLine[] {
  return splitLines(text).map((raw, line) => lexLine(raw, line));
}

/**
 * Calls `read` with each option line of the text, in order, until it returns false, and returns the
 * number of lines read (all of them: as splitLines counts them). The lines are found with indexOf
 * rather than split into an array, and those that lexLine skips for their first character (`#`, CR,
 * none) are never sliced.
 */
export function forEachOptionLine(text: string, read: (line: OptionLine) => boolean | void): number {
  let line = 0;
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    // As in splitLines, a final newline does not start another line.
    if (newline < 0 && start === text.length && line > 0) return line;
    const end = newline < 0 ? text.length : newline;
    const first = text.charCodeAt(start);
    if (end > start && first !== 0x23 /* # */ && first !== 0x0d) {
      const lexed = lexLine(text.slice(start, end), line);
      if (isOptionLine(lexed) && read(lexed) === false) return line + 1;
    }
    line++;
    if (newline < 0) return line;
    start = newline + 1;
  }
}

/** Classify one physical line and find its option name token. */
export function lexLine(raw: string, line: number): ConfLine {
  const first = raw.charAt(0);
  const text = withoutTrailingBreaks(raw);
  if (raw.length === 0 || first === '#' || first === '\r') {
    return { line, text, kind: first === '#' ? 'comment' : 'blank' };
  }
  const name = nextToken(text, 0);
  if (!name) return { line, text, kind: 'blank' };
  // strtok_r puts the cursor one past the delimiter that ended the token.
  const restStart = Math.min(name.end + 1, text.length);
  return { line, text, kind: 'option', name, restStart };
}

// A scan from the end instead of /[\r\n]+$/, which retries from every CR and is quadratic on a long run of them.
function withoutTrailingBreaks(raw: string): string {
  let end = raw.length;
  while (end > 0 && (raw.charCodeAt(end - 1) === 0x0d || raw.charCodeAt(end - 1) === 0x0a)) end--;
  return end === raw.length ? raw : raw.slice(0, end);
}

/** The next space-delimited token at or after `from`, as strtok_r(…, " ") finds it. */
export function nextToken(text: string, from: number): Token | undefined {
  let start = from;
  while (start < text.length && text.charCodeAt(start) === 0x20) start++;
  if (start >= text.length) return undefined;
  let end = text.indexOf(' ', start);
  if (end < 0) end = text.length;
  return { text: text.slice(start, end), start, end };
}

/** All remaining space-delimited tokens from `from`. */
export function tokensFrom(text: string, from: number): Token[] {
  const tokens: Token[] = [];
  let token = nextToken(text, from);
  while (token) {
    tokens.push(token);
    token = nextToken(text, token.end);
  }
  return tokens;
}

const isCSpace = (code: number): boolean => code === 0x20 || (code >= 0x09 && code <= 0x0d);

/** A string value: the rest of the line trimmed of C isspace at both ends (misc__trimblanks). */
export function restTrimmed(text: string, from: number): Token | undefined {
  let start = from;
  let end = text.length;
  while (start < end && isCSpace(text.charCodeAt(start))) start++;
  while (end > start && isCSpace(text.charCodeAt(end - 1))) end--;
  if (start >= end) return undefined;
  return { text: text.slice(start, end), start, end };
}
