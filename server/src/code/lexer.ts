/**
 * A small lexer for the languages MQTT code is written in. It does not parse: it finds identifiers,
 * numbers, punctuation and string literals (with interpolations as placeholders), and skips comments,
 * so nothing fires inside a comment and a call spread over lines is still one token stream.
 */

import type { LanguageFamily } from '../../../common/src/languages';
import { firstOfFinder } from '../textSearch';

export type { LanguageFamily };

/**
 * What an analysis returns (topic sites, their segments and QoS) lives through the whole run, among many
 * short-lived tokens, so it is made by constructors, not object or array literals. V8 tracks where each literal
 * allocates and, seeing those objects survive, allocates that literal's objects in the old generation from then
 * on; the old generation then fills with every run's results and needs marking every few runs. Measured on the
 * bench's 20,000-line file with 6,000 MQTT calls (100 runs, four rounds each): p50 29–34 → 25–27 ms, p95 42–54 →
 * 32–36 ms.
 */

/**
 * One piece of a string literal: literal text, or an interpolated expression (`${id}`, `{device}`), with
 * its source offsets (for a text part with escapes, the span covers the escapes). A topic's segments
 * (topicExpression.ts) are these parts, so a literal's parts become a topic without a copy.
 */
export type StringPart = TextPart | PlaceholderPart;

/** Literal text from `start` to `end`. */
export class TextPart {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    /** True when each character of `text` is exactly one source character (no escapes), so offsets map 1:1. */
    readonly exact: boolean,
  ) {}
}

/** An interpolated expression from `start` to `end`. */
export class PlaceholderPart {
  constructor(
    readonly placeholder: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** A text part from `start` to `end`. */
const textPart = (text: string, start: number, end: number): StringPart =>
  new TextPart(text, start, end, end - start === text.length);

/**
 * A token. Made by a constructor too, with every field set, so all tokens share one shape: the tokens a run of
 * windows keeps survive scavenges, and from an object literal V8 had begun to allocate them in the old
 * generation (measured on the bench's 6,000-call file: young-generation GC 6.2 → 3.2 ms a run).
 */
export class Token {
  constructor(
    readonly kind: 'ident' | 'number' | 'punct' | 'string',
    /** Offsets in the source text (UTF-16). */
    readonly start: number,
    readonly end: number,
    /** Identifier/number/punctuation text; for strings, the source text of the literal. */
    readonly text: string,
    /** Strings only: decoded content. */
    readonly parts?: StringPart[],
    /** Strings only: false when the literal runs to the end of the line or file unterminated. */
    readonly terminated?: boolean,
  ) {}
}

export interface Comment {
  start: number;
  end: number;
  text: string;
}

export interface Lexed {
  tokens: Token[];
  comments: Comment[];
}

/**
 * The string literals and comments of a whole text as the light pass finds them: region k spans
 * [starts[k], ends[k]) in text order, a comment when comment[k] is 1. Offsets only, nothing per literal, in
 * typed arrays: they live as long as the text's analysis (objects would be copied by every scavenge), and a
 * large file has tens of thousands (arrays grown by push were garbage of their own, on fresh pages).
 */
export interface Literals {
  starts: Int32Array;
  ends: Int32Array;
  comment: Uint8Array;
  /** The comments that may hold an `mqtt-lint` directive, with their text (the others are not kept). */
  directives: Comment[];
}

/** No regions yet (the full pass never has any). */
const NO_REGIONS = new Int32Array(0);

/** Per family, the characters where a comment or literal may begin (a prefix letter is found from its quote). */
const LIGHT_STARTS: Record<LanguageFamily, readonly string[]> = {
  js: [...`/'"\``],
  python: [...`#'"`],
  go: [...`/'"\``],
  c: [...`/#'"`],
  java: [...`/'"`],
  csharp: [...`/'"@$`],
  rust: [...`/'"#`],
};

/** Characters that can begin a comment or a string literal (or a literal's prefix) in some family. */
const MAY_START_SPECIAL = new Uint8Array(128);
for (const ch of '/#\'"`@$rRbBuUfFL') MAY_START_SPECIAL[ch.charCodeAt(0)] = 1;

const isIdentStart = (c: number) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c > 0x7f;
/** A character of a name: `[\w$\u0080-\uffff]`. */
export const isIdentPart = (c: number) => isIdentStart(c) || (c >= 0x30 && c <= 0x39);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** `[0-9A-Za-z_.]`: what a number literal is read as (suffixes, hex digits and exponents included). */
const isNumberPart = (c: number) =>
  isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e;

/** Tokens after which a `/` divides rather than starts a regular expression (JavaScript). */
const DIVISION_AFTER = new Set([')', ']', '}']);

/** Lex `text` as a language of `family`. Linear in the text; never throws on malformed input. */
export function lex(text: string, family: LanguageFamily): Lexed {
  return new Lexer(text, family).run();
}

/**
 * Only the string literals and comments of a text, without allocating a token for every identifier
 * and bracket (or for the literals themselves): a cheap first pass that tells which offsets are code.
 */
export function lexLiterals(text: string, family: LanguageFamily): Literals {
  return new Lexer(text, family, { light: true }).lightRun();
}

/** Full tokens of the line that starts at a code offset `start`, continued while a bracket is open, up to `end`. */
export function lexLine(text: string, family: LanguageFamily, start: number, end: number): Token[] {
  return new Lexer(text, family, { start, end, stopAtLineEnd: true }).run().tokens;
}

/**
 * Full tokens from a code offset `start`, read on one at a time: `tokens` holds what was read so far
 * (its owner may drop tokens from its front). One reader serves the windows that share a run of tokens,
 * so where a window stops reading does not change how the rest is read.
 */
export interface TokenReader {
  readonly tokens: Token[];
  /** Where reading stopped. */
  readonly position: number;
  /** Read on to the next token that starts before `end` (skipping white space and comments); undefined when none does. */
  readToken(end: number): Token | undefined;
  /** Start over from a code offset `start`, as a new reader would (with a new `tokens` array: read it after restarting). */
  restart(start: number): void;
}

export function tokenReader(text: string, family: LanguageFamily, start: number): TokenReader {
  return new Lexer(text, family, { start });
}

interface LexerOptions {
  light?: boolean;
  start?: number;
  end?: number;
  stopAtLineEnd?: boolean;
}

class Lexer {
  private pos: number;
  private readonly end: number;
  tokens: Token[] = [];
  private comments: Comment[] = [];
  /** The light pass's regions (see Literals), the first `regionCount` of these arrays; the full pass has none. */
  private regionStarts = NO_REGIONS;
  private regionEnds = NO_REGIONS;
  private regionComment = new Uint8Array(0);
  private regionCount = 0;
  private readonly directives: Comment[] = [];
  /** The last significant token, for the regular-expression heuristic (kept even in light mode). */
  private prevKind: Token['kind'] | undefined;
  private prevStart = 0;
  private prevEnd = 0;
  private depth = 0;
  /** The light pass only needs where literals start and end, not their decoded text. */
  private readonly keepText: boolean;

  constructor(
    private readonly text: string,
    private readonly family: LanguageFamily,
    private readonly options: LexerOptions = {},
  ) {
    this.pos = options.start ?? 0;
    this.end = Math.min(options.end ?? text.length, text.length);
    this.keepText = !options.light;
  }

  /** Where lexing stopped. */
  get position(): number {
    return this.pos;
  }

  /** Whether `mqtt-lint` starts in text[start, end) (a comment, read in place: comments are short). */
  private directiveIn(start: number, end: number): boolean {
    for (let p = start; p < end; p++)
      if (this.text.charCodeAt(p) === 0x6d && this.text.startsWith('mqtt-lint', p)) return true;
    return false;
  }

  private push(token: Token): void {
    // A regular expression the light pass reads is no token, but it is still the previous one.
    this.prevKind = token.kind;
    this.prevStart = token.start;
    this.prevEnd = token.end;
    if (!this.options.light) this.tokens.push(token);
  }

  /** A string literal from `start` to `end`, its content ending at `contentEnd`: a token, or in the light pass its region. */
  private pushString(start: number, end: number, content: Content, contentEnd: number, terminated: boolean): void {
    if (this.keepText) {
      const parts = content.finish(contentEnd);
      this.push(new Token('string', start, end, this.text.slice(start, end), parts, terminated));
      return;
    }
    this.prevKind = 'string';
    this.prevStart = start;
    this.prevEnd = end;
    this.addRegion(start, end, false);
  }

  private addRegion(start: number, end: number, comment: boolean): void {
    const k = this.regionCount++;
    if (k === this.regionStarts.length) {
      // About one literal or comment in 64 characters to begin with (code is denser in neither), then doubled.
      const size = Math.max(64, k * 2, this.text.length >> 6);
      const grow = <T extends Int32Array | Uint8Array>(from: T, to: T): T => (to.set(from), to);
      this.regionStarts = grow(this.regionStarts, new Int32Array(size));
      this.regionEnds = grow(this.regionEnds, new Int32Array(size));
      this.regionComment = grow(this.regionComment, new Uint8Array(size));
    }
    this.regionStarts[k] = start;
    this.regionEnds[k] = end;
    this.regionComment[k] = comment ? 1 : 0;
  }

  /** The full pass: every token of the text or window. */
  run(): Lexed {
    while (this.pos < this.end && this.step());
    return { tokens: this.tokens, comments: this.comments };
  }

  restart(start: number): void {
    this.pos = start;
    // New arrays: emptying one by its length costs more (a runtime call that also gives its storage back).
    this.tokens = [];
    this.comments = [];
    this.prevKind = undefined;
    this.prevStart = 0;
    this.prevEnd = 0;
    this.depth = 0;
  }

  readToken(end: number): Token | undefined {
    const count = this.tokens.length;
    while (this.pos < end && this.tokens.length === count) this.step();
    return this.tokens[count];
  }

  /** Read the token, white space or comment at pos; false at a line end that ends a line's tokens. */
  private step(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 0x0a && this.options.stopAtLineEnd && this.depth === 0) return false;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      this.pos++;
    } else if (c < 128 && MAY_START_SPECIAL[c] === 1 && this.special()) {
      // a comment or a string literal, consumed
    } else if (isIdentStart(c)) {
      this.identifier();
    } else if (isDigit(c) || (c === 0x2e && isDigit(text.charCodeAt(this.pos + 1)))) {
      this.number();
    } else if (c === 0x2f && this.family === 'js' && this.regexAllowed()) {
      this.regex();
    } else {
      if (this.options.stopAtLineEnd) {
        if (c === 0x28 || c === 0x5b || c === 0x7b) this.depth++;
        else if ((c === 0x29 || c === 0x5d || c === 0x7d) && this.depth > 0) this.depth--;
      }
      this.push(new Token('punct', this.pos, this.pos + 1, text[this.pos]!));
      this.pos++;
    }
    return true;
  }

  /**
   * The light pass: jump from one character that can start a comment or literal to the next (found with
   * `indexOf`, see firstOfFinder), and let the full lexer's own rules decide there. Between jumps
   * nothing is allocated; what the regular-expression heuristic needs is read backwards on demand.
   */
  lightRun(): Literals {
    const text = this.text;
    const n = this.end;
    const find = firstOfFinder(text, LIGHT_STARTS[this.family]);
    for (let at = find(this.pos); at >= 0 && at < n; at = find(this.pos)) {
      this.pos = at + 1;
      // `$` inside an identifier (`a$`) belongs to it, as the full lexer reads it.
      if (text.charCodeAt(at) === 0x24 && at > 0 && isIdentPart(text.charCodeAt(at - 1))) continue;
      const start = this.literalStart(at);
      this.pos = start;
      let found = this.special();
      // A letter before the quote that is not a prefix of this language (L'c' in C): try the quote alone.
      if (!found && start !== at) {
        this.pos = at;
        found = this.special();
      }
      if (found) continue;
      this.pos = at + 1;
      if (text.charCodeAt(at) === 0x2f && this.family === 'js') {
        this.pos = at;
        this.previousFromText(at);
        if (this.regexAllowed()) this.regex();
        else this.pos = at + 1;
      }
    }
    this.pos = n;
    const count = this.regionCount;
    return {
      starts: this.regionStarts.subarray(0, count),
      ends: this.regionEnds.subarray(0, count),
      comment: this.regionComment.subarray(0, count),
      directives: this.directives,
    };
  }

  /** Where a literal whose quote is at `at` really starts: before its prefix (r"", f'', u8"", R"(, r#"", $@""). */
  private literalStart(at: number): number {
    const t = this.text;
    const quote = t[at];
    // JavaScript, Go and Java literals have no prefix.
    if (this.family === 'js' || this.family === 'go' || this.family === 'java') return at;
    if (quote !== '"' && quote !== "'" && !(this.family === 'rust' && quote === '#')) return at;
    let p = at;
    if (this.family === 'rust') while (p > 0 && t[p - 1] === '#') p--;
    const prefix = /(?:[rRbBuUfF]{1,2}|u8R?|[uUL]R?|R|br|b?r)$/.exec(t.slice(Math.max(0, p - 3), p));
    if (!prefix) return at;
    const candidate = p - prefix[0].length;
    if (candidate > 0 && isIdentPart(t.charCodeAt(candidate - 1))) return at;
    return candidate;
  }

  /** Read the token before `at` from the text (the light pass keeps none) for the regex heuristic. */
  private previousFromText(at: number): void {
    const t = this.text;
    const starts = this.regionStarts;
    const ends = this.regionEnds;
    const comment = this.regionComment;
    let p = at - 1;
    // Regions lie before `at`, in text order: only the last ones can hold p as it moves back over comments.
    let r = this.regionCount - 1;
    for (;;) {
      while (p >= 0 && (t[p] === ' ' || t[p] === '\t' || t[p] === '\n' || t[p] === '\r')) p--;
      if (r < 0 || p < starts[r]! || p >= ends[r]!) break;
      // Comments do not count; a literal (even an unterminated one) is a string token.
      if (!comment[r]) {
        this.prevKind = 'string';
        return;
      }
      p = starts[r]! - 1;
      r--;
    }
    if (p < 0) {
      this.prevKind = undefined;
      return;
    }
    // A regular expression just read by the light pass is still the previous token.
    if (this.prevKind === 'punct' && p >= this.prevStart && p < this.prevEnd) return;
    const c = t.charCodeAt(p);
    if (isIdentPart(c)) {
      let q = p;
      while (q > 0 && isIdentPart(t.charCodeAt(q - 1))) q--;
      this.prevKind = isDigit(t.charCodeAt(q)) ? 'number' : 'ident';
      this.prevStart = q;
      this.prevEnd = p + 1;
      return;
    }
    this.prevKind = c === 0x22 || c === 0x27 || c === 0x60 ? 'string' : 'punct';
    this.prevStart = p;
    this.prevEnd = p + 1;
  }

  /** A comment or string literal at pos: consume it and return true. Only called for characters that can start one. */
  private special(): boolean {
    if (this.startsComment()) {
      this.comment();
      return true;
    }
    const c = this.text.charCodeAt(this.pos);
    // A letter starts a literal only as a prefix right before a quote (r"", b'', f"", u8"", R"(...)", r#""#),
    // and only in the languages that have prefixes.
    if (isIdentStart(c) && c !== 0x24 && c !== 0x40) {
      if (this.family === 'js' || this.family === 'go' || this.family === 'java') return false;
      let quoteNear = false;
      for (let i = 1; i <= 3; i++) {
        const q = this.text.charCodeAt(this.pos + i);
        if (q === 0x22 || q === 0x27 || q === 0x23) quoteNear = true;
      }
      if (!quoteNear) return false;
    }
    return this.stringStart();
  }

  private startsComment(): boolean {
    const t = this.text;
    const p = this.pos;
    if (this.family === 'python') return t[p] === '#';
    if (t[p] === '/' && (t[p + 1] === '/' || t[p + 1] === '*')) return true;
    // C preprocessor lines other than #define carry no topics (and #include <a/b.h> is not a string).
    return this.family === 'c' && t[p] === '#' && this.atLineStart() && !/^#\s*define\b/.test(t.slice(p, p + 20));
  }

  private atLineStart(): boolean {
    for (let i = this.pos - 1; i >= 0; i--) {
      const ch = this.text[i];
      if (ch === '\n') return true;
      if (ch !== ' ' && ch !== '\t') return false;
    }
    return true;
  }

  private comment(): void {
    const t = this.text;
    const start = this.pos;
    if (t[start] === '/' && t[start + 1] === '*') {
      // Rust block comments nest.
      let depth = 1;
      let p = start + 2;
      while (p < t.length && depth > 0) {
        if (t[p] === '*' && t[p + 1] === '/') {
          depth--;
          p += 2;
        } else if (this.family === 'rust' && t[p] === '/' && t[p + 1] === '*') {
          depth++;
          p += 2;
        } else {
          p++;
        }
      }
      this.pos = p;
    } else if (this.family === 'c' && t[start] === '#') {
      let p = start;
      while (p < t.length && t[p] !== '\n') {
        // A C preprocessor line continues after a backslash.
        if (t[p] === '\\' && t[p + 1] === '\n') p++;
        p++;
      }
      this.pos = p;
    } else {
      const lineEnd = t.indexOf('\n', start);
      this.pos = lineEnd < 0 ? t.length : lineEnd;
    }
    if (this.keepText) {
      this.comments.push({ start, end: this.pos, text: t.slice(start, this.pos) });
      return;
    }
    // The light pass keeps a comment's text only when it may hold a directive (`mqtt-lint-disable...`).
    this.addRegion(start, this.pos, true);
    if (this.directiveIn(start, this.pos))
      this.directives.push({ start, end: this.pos, text: t.slice(start, this.pos) });
  }

  private identifier(): void {
    const start = this.pos;
    while (this.pos < this.text.length && isIdentPart(this.text.charCodeAt(this.pos))) this.pos++;
    this.push(new Token('ident', start, this.pos, this.text.slice(start, this.pos)));
  }

  private number(): void {
    const start = this.pos;
    while (this.pos < this.text.length && isNumberPart(this.text.charCodeAt(this.pos))) {
      // Stop before `..` (Rust ranges) and method calls on integers are rare enough to ignore.
      if (this.text[this.pos] === '.' && this.text[this.pos + 1] === '.') break;
      this.pos++;
    }
    this.push(new Token('number', start, this.pos, this.text.slice(start, this.pos)));
  }

  private regexAllowed(): boolean {
    const kind = this.prevKind;
    if (!kind) return true;
    if (kind === 'number' || kind === 'string') return false;
    const prev = this.text.slice(this.prevStart, this.prevEnd);
    if (kind === 'ident')
      return [
        'return',
        'typeof',
        'case',
        'do',
        'else',
        'in',
        'of',
        'new',
        'delete',
        'void',
        'throw',
        'yield',
        'await',
      ].includes(prev);
    return !DIVISION_AFTER.has(prev);
  }

  private regex(): void {
    const t = this.text;
    let p = this.pos + 1;
    let inClass = false;
    while (p < t.length && t[p] !== '\n') {
      if (t[p] === '\\') p += 2;
      else if (t[p] === '[') {
        inClass = true;
        p++;
      } else if (t[p] === ']') {
        inClass = false;
        p++;
      } else if (t[p] === '/' && !inClass) {
        p++;
        break;
      } else p++;
    }
    while (p < t.length && /[a-z]/.test(t[p]!)) p++;
    this.push(new Token('punct', this.pos, p, '/regex/'));
    this.pos = p;
  }

  /** Recognise a string literal at pos for this language; push it and return true. */
  private stringStart(): boolean {
    const t = this.text;
    const p = this.pos;
    const ch = t[p]!;
    switch (this.family) {
      case 'js':
        if (ch === '"' || ch === "'") return this.quoted(p, p + 1, ch, { escapes: true });
        if (ch === '`') return this.template(p);
        return false;
      case 'python': {
        const m = /^([rRbBuUfF]{0,2})("""|'''|"|')/.exec(t.slice(p, p + 5));
        if (!m || (m[1] && !/^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/.test(m[1]))) return false;
        if (m[1] && p > 0 && isIdentPart(t.charCodeAt(p - 1))) return false;
        const prefix = m[1]!.toLowerCase();
        return this.quoted(p, p + m[0].length, m[2]!, {
          escapes: !prefix.includes('r'),
          interpolate: prefix.includes('f') ? 'braces' : undefined,
          multiline: m[2]!.length === 3,
        });
      }
      case 'go':
        if (ch === '"') return this.quoted(p, p + 1, '"', { escapes: true });
        if (ch === '`') return this.quoted(p, p + 1, '`', { escapes: false, multiline: true });
        if (ch === "'") return this.quoted(p, p + 1, "'", { escapes: true });
        return false;
      case 'c': {
        const raw = /^(?:u8|u|U|L)?R"([^()\\ \n]{0,16})\(/.exec(t.slice(p, p + 24));
        if (raw && !(p > 0 && isIdentPart(t.charCodeAt(p - 1))))
          return this.quoted(p, p + raw[0].length, `)${raw[1]}"`, { escapes: false, multiline: true });
        const prefixed = /^(?:u8|u|U|L)?"/.exec(t.slice(p, p + 3));
        if (prefixed && !(prefixed[0].length > 1 && p > 0 && isIdentPart(t.charCodeAt(p - 1))))
          return this.quoted(p, p + prefixed[0].length, '"', { escapes: true });
        if (ch === "'") return this.quoted(p, p + 1, "'", { escapes: true });
        return false;
      }
      case 'java':
        if (t.startsWith('"""', p)) return this.quoted(p, p + 3, '"""', { escapes: true, multiline: true });
        if (ch === '"' || ch === "'") return this.quoted(p, p + 1, ch, { escapes: true });
        return false;
      case 'csharp': {
        const m = /^(\$@|@\$|\$|@)?("""|")/.exec(t.slice(p, p + 5));
        if (!m) return ch === "'" ? this.quoted(p, p + 1, "'", { escapes: true }) : false;
        const prefix = m[1] ?? '';
        const verbatim = prefix.includes('@') || m[2] === '"""';
        return this.quoted(p, p + m[0].length, m[2]!, {
          escapes: !verbatim,
          doubledQuote: verbatim && m[2] === '"',
          interpolate: prefix.includes('$') ? 'braces' : undefined,
          multiline: verbatim,
        });
      }
      case 'rust': {
        const raw = /^b?r(#*)"/.exec(t.slice(p, p + 12));
        if (raw && !(p > 0 && isIdentPart(t.charCodeAt(p - 1))))
          return this.quoted(p, p + raw[0].length, `"${raw[1]}`, { escapes: false, multiline: true });
        if (ch === '"' || (ch === 'b' && t[p + 1] === '"' && !(p > 0 && isIdentPart(t.charCodeAt(p - 1)))))
          return this.quoted(p, p + (ch === 'b' ? 2 : 1), '"', { escapes: true, multiline: true });
        // 'a' is a char, 'a (no closing quote) a lifetime.
        if (ch === "'" && /^'(?:[^'\\\n]|\\.[^']{0,8})'/.test(t.slice(p, p + 12)))
          return this.quoted(p, p + 1, "'", { escapes: true });
        return false;
      }
    }
  }

  /** Read a literal whose content starts at `from` and ends at `close`; `${...}`/`{...}` become placeholders. */
  private quoted(
    start: number,
    from: number,
    close: string,
    opts: { escapes: boolean; interpolate?: 'braces' | undefined; multiline?: boolean; doubledQuote?: boolean },
  ): boolean {
    const t = this.text;
    const content = this.keepText ? new Content(t, from, true) : NO_CONTENT;
    let p = from;
    let terminated = false;
    const closeCode = close.length === 1 ? close.charCodeAt(0) : -1;
    while (p < t.length) {
      if (closeCode >= 0 ? t.charCodeAt(p) === closeCode : t.startsWith(close, p)) {
        if (opts.doubledQuote && t[p + 1] === '"') {
          p = content.replace(p, 2, '"');
          continue;
        }
        content.copyTo(p);
        p += close.length;
        terminated = true;
        break;
      }
      const ch = t[p]!;
      if (ch === '\n' && !opts.multiline) break;
      if (opts.escapes && ch === '\\') {
        p = content.replace(p, 2, decodeEscape(t[p + 1] ?? ''));
        continue;
      }
      if (opts.interpolate === 'braces' && ch === '{') {
        if (t[p + 1] === '{') p = content.replace(p, 2, '{');
        else p = content.interpolate(p, matchBrace(t, p), 1);
        continue;
      }
      if (opts.interpolate === 'braces' && ch === '}' && t[p + 1] === '}') {
        p = content.replace(p, 2, '}');
        continue;
      }
      p++;
    }
    if (!terminated) content.copyTo(p);
    this.pushString(start, p, content, terminated ? p - close.length : p, terminated);
    this.pos = p;
    return true;
  }

  private template(start: number): boolean {
    const t = this.text;
    const content = this.keepText ? new Content(t, start + 1, true) : NO_CONTENT;
    let p = start + 1;
    let terminated = false;
    while (p < t.length) {
      const c = t.charCodeAt(p);
      if (c === 0x60) {
        content.copyTo(p);
        p++;
        terminated = true;
        break;
      }
      if (c === 0x5c) p = content.replace(p, 2, decodeEscape(t[p + 1] ?? ''));
      else if (c === 0x24 && t[p + 1] === '{') p = content.interpolate(p, matchBrace(t, p + 1), 2);
      else p++;
    }
    if (!terminated) content.copyTo(p);
    this.pushString(start, p, content, terminated ? p - 1 : p, terminated);
    this.pos = p;
    return true;
  }
}

/**
 * The parts of a literal's content as it is read: plain text is copied a run at a time (not a character
 * at a time), escapes and doubled quotes are replaced, interpolations become parts of their own. Without
 * `keep` (the light pass) nothing is built.
 */
class Content {
  private readonly parts: StringPart[] = [];
  private text = '';
  /** Where the current text part starts in the source. */
  private partStart: number;
  /** Source from here up to the reading position is plain text not yet copied. */
  private copied: number;

  constructor(
    private readonly source: string,
    from: number,
    private readonly keep: boolean,
  ) {
    this.partStart = from;
    this.copied = from;
  }

  /** Copy the plain text up to `to`. */
  copyTo(to: number): void {
    if (this.keep && to > this.copied) this.text += this.source.slice(this.copied, to);
    this.copied = to;
  }

  /** The `length` source characters at `at` stand for `value`; returns where reading goes on. */
  replace(at: number, length: number, value: string): number {
    this.copyTo(at);
    if (this.keep) this.text += value;
    this.copied = at + length;
    return this.copied;
  }

  /** An interpolation from `at` to the brace at `close`, its expression after `open` characters; returns where reading goes on. */
  interpolate(at: number, close: number, open: number): number {
    this.copyTo(at);
    if (this.keep) {
      if (this.text) this.parts.push(textPart(this.text, this.partStart, at));
      this.parts.push(interpolation(this.source.slice(at + open, close).trim(), at, close + 1));
    }
    this.text = '';
    this.partStart = this.copied = close + 1;
    return this.copied;
  }

  /** The parts, the last text part ending at `end`. */
  finish(end: number): StringPart[] {
    if (this.keep && (this.text || this.parts.length === 0)) this.parts.push(textPart(this.text, this.partStart, end));
    return this.parts;
  }
}

/** The light pass's content: it only says where reading goes on (its answers do not depend on what it read before), so one serves every literal. */
const NO_CONTENT = new Content('', 0, false);

/** A plain string literal as a whole expression: `'all'`, `"all"`, `` `all` ``. */
const QUOTED = /^(?:'([^'\\]*)'|"([^"\\]*)"|`([^`\\$]*)`)$/;

/**
 * An interpolated expression as a string part. A plain string literal in it (`${'all'}`, `{"all"}`) is known
 * text, so the topic stays complete; anything else is a placeholder.
 */
function interpolation(expression: string, start: number, end: number): StringPart {
  const quote = expression.charCodeAt(0);
  // Most interpolations are names (`${id}`): only one that starts with a quote can be a literal.
  const literal = quote === 0x27 || quote === 0x22 || quote === 0x60 ? QUOTED.exec(expression) : null;
  if (literal) return textPart(literal[1] ?? literal[2] ?? literal[3] ?? '', start, end);
  return new PlaceholderPart(expression, start, end);
}

/** The offset of the `}` closing the `{` at `open`, skipping nested braces and strings; the text's end if none. */
function matchBrace(t: string, open: number): number {
  let depth = 0;
  for (let p = open; p < t.length; p++) {
    const ch = t[p];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return p;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      const q = ch;
      p++;
      while (p < t.length && t[p] !== q && t[p] !== '\n') p += t[p] === '\\' ? 2 : 1;
    } else if (ch === '\n' && depth > 0 && p - open > 2000) {
      return p;
    }
  }
  return t.length - 1;
}

function decodeEscape(ch: string): string {
  switch (ch) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '0':
      return '\0';
    default:
      return ch;
  }
}

/** The literal text of a string token with each interpolation written as `{name}`. */
export function stringValue(token: Token): string {
  return (token.parts ?? []).map((p) => ('text' in p ? p.text : `{${p.placeholder}}`)).join('');
}
