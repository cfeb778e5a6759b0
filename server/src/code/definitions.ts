/**
 * `name(...)` where a function or method is defined, not called: `def publish(self, topic: str)`,
 * `function publish(topic)`, a class method `publish(topic: string) {`, `public void publish(String topic)`,
 * `func (c *Client) Publish(topic string)`, `fn publish(&self, topic: &str)`. Its parameters are not
 * arguments: a default value or a parameter name read as a topic would be a finding about nothing.
 */
import type { Call } from './calls';
import type { LanguageFamily, Token } from './lexer';

/** Keywords that introduce a definition right before the name. */
const DEFINING: Partial<Record<LanguageFamily, ReadonlySet<string>>> = {
  python: new Set(['def']),
  js: new Set(['function']),
  go: new Set(['func']),
  rust: new Set(['fn']),
};

/** Words before a call in an expression or statement: `return publish(x)`, `await PublishAsync(...)`, `new Foo(...)`. */
const EXPRESSION_WORDS = new Set([
  'return',
  'await',
  'new',
  'throw',
  'else',
  'case',
  'yield',
  'co_await',
  'co_return',
  'co_yield',
  'delete',
  'sizeof',
  'typeof',
  'in',
  'is',
  'as',
  'and',
  'or',
  'not',
  'do',
  'goto',
  'go',
  'defer',
  'if',
  'while',
  'for',
  'foreach',
  'switch',
  'using',
  'lock',
  'when',
  'out',
  'ref',
  'var',
  'let',
  'const',
]);

/** What may stand between a definition's `)` and its body: a return type, `throws`, `const`, `override`, a C# `where`. */
const BODY_AFTER: Partial<Record<LanguageFamily, RegExp>> = {
  js: /^\s*(?::\s*[^;{}()=]{1,120})?\{/,
  java: /^\s*(?:throws\s+[\w.,\s]{1,200})?\{/,
  csharp: /^\s*(?:where\s+[^;{]{1,200})?(?:\{|=>)/,
  c: /^\s*(?:(?:const|noexcept|override|final|volatile|&|&&)\s*)*(?:->\s*[^;{]{1,120})?\{/,
};

/** How many characters after a call's `)` isDefinition reads (a body there makes the call a definition). */
export const DEFINITION_LOOKAHEAD = 300;

/** Whether the call stands where a function is defined (its name's token is tokens[at]). */
export function isDefinition(text: string, family: LanguageFamily, tokens: Token[], at: number, call: Call): boolean {
  // The callee's first token: past `Client::` qualifiers (a C++ out-of-class definition), not past `.` or `->`.
  let first = at;
  while (tokens[first - 1]?.text === ':' && tokens[first - 2]?.text === ':' && tokens[first - 3]?.kind === 'ident')
    first -= 3;
  const before = tokens[first - 1];
  if (first === at && (before?.text === '.' || (before?.text === '>' && tokens[at - 2]?.text === '-'))) return false;
  if (before?.kind === 'ident' && DEFINING[family]?.has(before.text)) return true;
  // Go methods: `func (c *Client) Publish(`.
  if (family === 'go' && before?.text === ')') {
    let depth = 0;
    for (let i = first - 1; i >= 0; i--) {
      const t = tokens[i]!;
      if (t.text === ')') depth++;
      else if (t.text === '(' && --depth === 0) return tokens[i - 1]?.text === 'func';
    }
    return false;
  }
  // C, C++, Java, C#: a type before the name (`void publish(`, `Task PublishAsync(`, `std::vector<T> subscribe(`).
  if (
    (family === 'c' || family === 'java' || family === 'csharp') &&
    ((before?.kind === 'ident' && !EXPRESSION_WORDS.has(before.text)) ||
      (before?.text === '>' && (tokens[first - 2]?.kind === 'ident' || tokens[first - 2]?.text === '>')))
  )
    return true;
  // A body right after the parameter list: a JS/TS class or object method, a definition in the others.
  const body = BODY_AFTER[family];
  const close = tokens[call.close];
  return (
    body !== undefined && close?.text === ')' && body.test(text.slice(close.end, close.end + DEFINITION_LOOKAHEAD))
  );
}
