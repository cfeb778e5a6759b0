/**
 * Text from documents, made safe to show: cut short in messages, escaped in markdown, stripped of control
 * characters in terminal output, quoted for a shell. What a repository writes must not multiply the
 * output, inject links, forge log lines or run commands.
 */

/** Text a message quotes is cut to this many characters. */
export const QUOTE_LIMIT = 80;

/**
 * User text (a topic, a value, a name, a path) as a message quotes it: at most `limit` characters, the
 * start and the end kept around an ellipsis (a path's file name and a topic's last level stay visible).
 */
export function clip(text: string, limit = QUOTE_LIMIT): string {
  if (text.length <= limit) return text;
  let head = Math.ceil((limit - 1) * 0.6);
  let tail = text.length - (limit - 1 - head);
  // Never split a surrogate pair.
  if (isLowSurrogate(text.charCodeAt(head))) head--;
  if (isLowSurrogate(text.charCodeAt(tail))) tail++;
  return `${text.slice(0, head)}…${text.slice(tail)}`;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Hovers show at most this much of a document's text in a code block. */
export const BLOCK_LIMIT = 1000;

const longestBacktickRun = (text: string): number => {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
};

// Markdown has no line breaks inside a span, and a blank line would end the paragraph and the span with it.
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

/**
 * Document text as a markdown code span, clipped: the fence is one backtick longer than any run inside,
 * so no backtick can close it early, and nothing inside is read as a link, image or HTML.
 */
export function inlineCode(text: string, limit = QUOTE_LIMIT): string {
  const body = oneLine(clip(text, limit));
  const fence = '`'.repeat(longestBacktickRun(body) + 1);
  // A space on each side keeps a leading or trailing backtick apart from the fence (CommonMark strips one).
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Document text as a fenced markdown code block whose fence no line inside can close. */
export function codeBlock(text: string, language = '', limit = BLOCK_LIMIT): string {
  const body = clip(text, limit);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

/**
 * Document text as plain markdown text within a line, on one line: the characters that open links,
 * images, code, emphasis, HTML and entities escaped. Not for the start of a line (`#`, `-`, `1.` stay).
 */
export function escapeMarkdown(text: string, limit = QUOTE_LIMIT): string {
  return oneLine(clip(text, limit)).replace(/[\\`*_[\]()<>!&|~]/g, '\\$&');
}

/**
 * A URI as a markdown link destination: characters that would end the destination or the link early
 * (space, parentheses, angle brackets, backslash, quotes, backticks, controls) percent-encoded.
 */
export function linkTarget(uri: string): string {
  return uri.replace(/[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]/gu, (ch) =>
    [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

// C0 controls, DEL, C1 controls (CSI and OSC among them), line and paragraph separators, bidi overrides.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED_CONTROLS: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text for a terminal or a CI log: every control character written as an escape (`\n`, `\x1b`, `\u202e`),
 * so a document cannot colour the output, move the cursor, or start a line that reads as a CI command.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (ch) => {
    const named = NAMED_CONTROLS[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** JSON as JSON.stringify writes it, with the controls it leaves raw (DEL, C1, separators, bidi) escaped too. */
export function inertJson(value: unknown): string {
  // JSON.stringify already escapes C0 inside strings; the line breaks outside strings are its own layout.
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A word for a POSIX shell: single-quoted, each embedded single quote written as '\''. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * A message written with `code spans` (which may quote a hostile document) as markdown that can only be
 * text: each span becomes a code span of its own, everything else is escaped.
 */
export function textAsMarkdown(message: string): string {
  return message
    .split('`')
    .map((part, i) => (i % 2 === 0 ? escapeMarkdown(part, BLOCK_LIMIT) : part ? inlineCode(part, BLOCK_LIMIT) : ''))
    .join('');
}
