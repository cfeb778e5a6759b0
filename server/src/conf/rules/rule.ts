import type { AnalysisSettings, DocumentContext } from '../../types';
import type { ConfCode } from '../codes';
import type { Token } from '../lexer';
import type { ConfModel, Entry, Finding, Fix, Listener } from '../model';

export interface RuleContext {
  settings: AnalysisSettings;
  doc: DocumentContext;
}

/** A check that runs on the whole parsed configuration. */
export type ConfRule = (model: ConfModel, ctx: RuleContext) => Finding[];

/** What a finding says: a headline alone, or a headline and why (markdown, shown in the hover). */
export type Said = string | { message: string; detail: string };

const words = (said: Said) => (typeof said === 'string' ? { message: said } : said);

/** A finding on an entry's token (its name unless another token is given). */
export function onEntry(
  code: ConfCode,
  entry: Entry,
  said: Said,
  token: Token = entry.nameToken,
  fixes?: Fix[],
): Finding {
  return {
    code,
    file: entry.file,
    line: entry.line,
    start: token.start,
    end: token.end,
    ...words(said),
    ...(fixes ? { fixes } : {}),
  };
}

/** The entry that stands for a listener: its `listener` line, or the option that created the default one. */
export function listenerEntry(listener: Listener): Entry | undefined {
  return listener.entry ?? listener.createdBy;
}

/**
 * A finding about the whole main file, caused by no line (an option that is absent): on the first line, never
 * on an unrelated option.
 */
export function onFile(code: ConfCode, said: Said, fixes?: Fix[]): Finding {
  return { code, file: '', line: 0, start: 0, end: 0, ...words(said), ...(fixes ? { fixes } : {}) };
}

/** An edit that appends lines at the end of the main file. */
export function appendLines(model: ConfModel, lines: string[]) {
  const count = model.files.get('')?.lineCount ?? 0;
  return { line: count, start: 0, end: 0, newText: `${lines.join('\n')}\n` };
}
