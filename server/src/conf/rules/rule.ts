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

/** A finding on an entry's token (its name unless another token is given). */
export function onEntry(
  code: ConfCode,
  entry: Entry,
  message: string,
  token: Token = entry.nameToken,
  fixes?: Fix[],
): Finding {
  return {
    code,
    file: entry.file,
    line: entry.line,
    start: token.start,
    end: token.end,
    message,
    ...(fixes ? { fixes } : {}),
  };
}

/** The entry that stands for a listener: its `listener` line, or the option that created the default one. */
export function listenerEntry(listener: Listener): Entry | undefined {
  return listener.entry ?? listener.createdBy;
}

/** A finding about the whole main file: on its first option, or at the top of an empty file. */
export function onFile(code: ConfCode, model: ConfModel, message: string, fixes?: Fix[]): Finding {
  const first = model.files.get('')?.firstOption;
  if (first) return onEntry(code, first, message, first.nameToken, fixes);
  return { code, file: '', line: 0, start: 0, end: 0, message, ...(fixes ? { fixes } : {}) };
}

/** An edit that appends lines at the end of the main file. */
export function appendLines(model: ConfModel, lines: string[]) {
  const count = model.files.get('')?.lineCount ?? 0;
  return { line: count, start: 0, end: 0, newText: `${lines.join('\n')}\n` };
}
