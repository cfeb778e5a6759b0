/** Hovers in ACL files: what each keyword, access type and substitution means. */
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import { lexLine, splitLines, tokensFrom } from '../conf/lexer';

const DOCS: Record<string, string> = {
  user: '**`user <name>`**: the `topic` lines that follow apply to clients that log in with this username, until the next `user` line.',
  topic:
    '**`topic [read|write|readwrite|deny] <filter>`**: allow (or deny) the current user access to topics matching the filter. Without an access type: read and write. Before any `user` line: applies to anonymous clients.',
  pattern:
    '**`pattern [read|write|readwrite|deny] <filter>`**: a rule for *every* client, in which `%c` is replaced by the client id and `%u` by the username, e.g. `pattern readwrite devices/%u/#`. Write it anywhere: it does not belong to a `user`.',
  read: '**read**: may subscribe to matching topics and receive their messages.',
  write: '**write**: may publish to matching topics.',
  readwrite: '**readwrite**: read and write.',
  deny: '**deny**: explicitly refused, even if another rule would allow it (mosquitto 2.0+).',
};

export function computeAclHover(text: string, position: Position): Hover | null {
  const raw = splitLines(text)[position.line];
  if (raw === undefined) return null;
  const line = lexLine(raw, position.line);
  if (line.kind !== 'option' || !line.name) return null;
  const tokens = [line.name, ...tokensFrom(line.text, line.restStart ?? line.text.length)];
  const token = tokens.find((t) => position.character >= t.start && position.character <= t.end);
  if (!token) return null;
  // Own keys only: a token like `constructor` must not find Object.prototype's.
  let value = Object.hasOwn(DOCS, token.text) ? DOCS[token.text] : undefined;
  if (token !== line.name && (line.name.text === 'topic' || line.name.text === 'pattern') && !ACCESS_WORD(token.text)) {
    value = [
      '**Topic filter**: `+` matches one level, `#` any number of levels (last only).',
      token.text.includes('%c') ? '`%c` is replaced by the client id.' : '',
      token.text.includes('%u') ? '`%u` is replaced by the username.' : '',
    ]
      .filter(Boolean)
      .join('\n\n');
  }
  if (!value) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: {
      start: { line: position.line, character: token.start },
      end: { line: position.line, character: token.end },
    },
  };
}

const ACCESS_WORD = (w: string) => ['read', 'write', 'readwrite', 'deny'].includes(w);
