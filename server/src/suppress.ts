/**
 * Turning a diagnostic off, as ESLint lets you: a `mqtt-lint-disable-next-line <code>` comment above the
 * line (in the file's own comment syntax, column 1 in mosquitto.conf and ACL files, where an indented `#`
 * is not a comment), or the code set to `off` in the settings. The comments are read here for configs and
 * ACL files; source code reads them from its lexer's comments (code/validateCode.ts).
 */
import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver-types';
import type { Suppressions } from './diagnostics';

/** The client command that sets a code's severity in the settings (arguments: code, severity). */
export const SET_SEVERITY_COMMAND = 'mqttWorkbench.setSeverity';

/**
 * The directive in a comment's text, if any: `mqtt-lint-disable-next-line [code ...]` (the line below) or
 * `mqtt-lint-disable-line [code ...]` (its own line); no codes means every code. The one reading of the
 * directive, for source comments and for configs and ACL files.
 */
export function disableDirective(comment: string): { nextLine: boolean; codes: Set<string> } | undefined {
  if (!comment.includes('mqtt-lint-disable')) return undefined;
  const m = /mqtt-lint-disable-(next-)?line\b([^\n*]*)/.exec(comment);
  if (!m) return undefined;
  return { nextLine: m[1] !== undefined, codes: new Set((m[2] ?? '').split(/[\s,]+/).filter(Boolean)) };
}

/**
 * `# mqtt-lint-disable-next-line [code ...]` lines of a config or ACL file: line → codes (empty set = all). Only
 * a `#` in column 1 is a comment there, and a comment cannot share a line with an option.
 */
export function hashSuppressions(text: string): Suppressions {
  const map = new Map<number, Set<string>>();
  // Every directive holds `-lint-disable`; V8 finds that in a large text about 20x faster than `mqtt-lint-disable`.
  if (!text.includes('-lint-disable')) return map;
  text.split('\n').forEach((line, i) => {
    const directive = line.startsWith('#') ? disableDirective(line.replace(/\r$/, '')) : undefined;
    if (directive?.nextLine) map.set(i + 1, directive.codes);
  });
  return map;
}

/** How a comment line starts in a document of this kind. */
function commentPrefix(kind: 'conf' | 'acl' | 'code', languageId: string): string {
  return kind !== 'code' || languageId === 'python' ? '#' : '//';
}

/**
 * "Disable <code> for this line" and (when the client can change settings) "Disable <code> in settings"
 * for each of our diagnostics in the request. An existing disable comment right above gets the code added.
 */
export function disableActions(
  doc: { uri: string; text: string; languageId: string },
  kind: 'conf' | 'acl' | 'code',
  diagnostics: readonly Diagnostic[],
  options: { settingsCommand: boolean; source: string },
): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const lines = doc.text.split('\n');
  const prefix = commentPrefix(kind, doc.languageId);
  for (const diagnostic of diagnostics) {
    const code = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
    if (diagnostic.source !== options.source || !code || !/^[a-z0-9-]+$/.test(code)) continue;
    const line = diagnostic.range.start.line;
    if (!seen.has(`${line}\u0000${code}`) && line < lines.length) {
      seen.add(`${line}\u0000${code}`);
      const above = line > 0 ? (lines[line - 1] ?? '').replace(/\r$/, '') : undefined;
      const existing = above === undefined ? undefined : /mqtt-lint-disable-next-line\b.*$/.exec(above);
      const isComment =
        above !== undefined && (kind === 'code' ? above.trimStart().startsWith(prefix) : above.startsWith('#'));
      const edit =
        existing && above !== undefined && isComment
          ? {
              range: {
                start: { line: line - 1, character: above.length },
                end: { line: line - 1, character: above.length },
              },
              newText: ` ${code}`,
            }
          : {
              range: { start: { line, character: 0 }, end: { line, character: 0 } },
              newText: `${kind === 'code' ? /^[ \t]*/.exec(lines[line] ?? '')![0] : ''}${prefix} mqtt-lint-disable-next-line ${code}\n`,
            };
      actions.push({
        title: `Disable ${code} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [doc.uri]: [edit] } },
      });
    }
    if (options.settingsCommand && !seen.has(code)) {
      seen.add(code);
      actions.push({
        title: `Disable ${code} in settings`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Disable ${code} in settings`, command: SET_SEVERITY_COMMAND, arguments: [code, 'off'] },
      });
    }
  }
  return actions;
}
