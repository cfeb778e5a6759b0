/**
 * What a value reader sees of the parse pass (its cursors, the model, the way it reports) and the
 * reports every reader shares. Readers are functions of this context so they can live outside the
 * Parser class while mosquitto's cursors stay in one place.
 */
import type { AnalysisSettings } from '../../types';
import type { ConfCode } from '../codes';
import { type ConfLine, nextToken, type OptionLine, type Token } from '../lexer';
import type { Bridge, ConfModel, Entry, Finding, Listener } from '../model';
import { clip } from '../../text';

export interface ReadContext {
  readonly model: ConfModel;
  readonly settings: AnalysisSettings;
  /** The file being read: '' for the document, else an included file's path. */
  readonly file: string;
  /** The listener that listener options apply to; a `listener` line moves it. */
  listener: Listener;
  /** The bridge that bridge options apply to; a `connection` line moves it. */
  bridge?: Bridge;
  /** `log_dest file` may appear once in the whole configuration. */
  logDestFile?: Entry;
  /** Whether a `plugin` line in this file comes before (plugin options need one). */
  readonly pluginOpen: boolean;
  /** `tls_engine_kpass_sha1` may appear once per file. */
  kpassSeen?: Entry;
  report(code: ConfCode, line: number, start: number, end: number, message: string, extra?: Partial<Finding>): void;
  reportToken(code: ConfCode, line: ConfLine, token: Token, message: string, extra?: Partial<Finding>): void;
  /** Record the entry in its scope, reporting duplicates per the option's repeat rule. */
  store(line: OptionLine, entry: Entry): void;
}

/** Reads the value of one option line; reports what mosquitto would reject or misread. */
export type Reader = (ctx: ReadContext, line: OptionLine, entry: Entry) => void;

/** Report an option line without a value, fatal or not as the option's spec says. */
export function missing(
  ctx: ReadContext,
  line: OptionLine,
  entry: Entry,
  label = entry.spec.label ?? entry.spec.name,
): void {
  const end = line.text.length;
  if (entry.spec.emptyIsNotFatal) {
    ctx.report(
      'empty-value-ignored',
      line.line,
      entry.nameToken.start,
      end,
      `\`${entry.name}\` has no value: mosquitto ignores the line`,
      { detail: `\`${entry.name}\` has no value; mosquitto logs "Empty ${label} value" and ignores the line.` },
    );
  } else {
    ctx.report(
      'missing-value',
      line.line,
      entry.nameToken.start,
      end,
      `\`${entry.name}\` needs a value: mosquitto stops`,
      {
        detail: `\`${entry.name}\` needs a value (${entry.spec.argument}); mosquitto stops with "Empty ${label} value in configuration".`,
      },
    );
  }
}

/** Warn about words after a single-token value that mosquitto never reads (a `# comment` is fine). */
export function extraTokens(ctx: ReadContext, line: OptionLine, after: Token, entry: Entry): void {
  const extra = nextToken(line.text, after.end);
  if (!extra || extra.text.startsWith('#')) return;
  ctx.report(
    'ignored-extra-tokens',
    line.line,
    extra.start,
    line.text.length,
    `mosquitto reads only \`${clip(after.text)}\` for \`${entry.name}\` and ignores the rest of the line.`,
  );
}
/** Report a `#` inside a rest-of-line value: mosquitto keeps it as part of the value. */
export function inlineComment(ctx: ReadContext, line: OptionLine, entry: Entry, value: Token): void {
  const hash = value.text.indexOf(' #');
  if (hash < 0) return;
  const commentStart = value.start + hash + 1;
  const kept = value.text.slice(0, hash).trimEnd();
  const comment = line.text.slice(commentStart).trimEnd();
  ctx.report(
    'inline-comment-in-value',
    line.line,
    commentStart,
    value.end,
    `No inline comments in mosquitto.conf: this \`#\` is part of the \`${entry.name}\` value`,
    {
      detail: `mosquitto has no inline comments: \`${entry.name}\` is read as \`${clip(value.text)}\`, comment included.`,
      fixes: [
        {
          title: 'Move the comment to its own line',
          preferred: true,
          edits: [
            { line: line.line, start: 0, end: 0, newText: `${comment}\n` },
            { line: line.line, start: value.start, end: line.text.length, newText: kept },
          ],
        },
      ],
    },
  );
}
