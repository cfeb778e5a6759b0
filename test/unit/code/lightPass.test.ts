/** The light pass must find exactly the literals and comments the full lexer finds. */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageOfPath, SOURCE_LANGUAGES as LANGUAGE_FAMILIES } from '../../../common/src/languages';
import { lex, lexLiterals, type LanguageFamily } from '../../../server/src/code/lexer';

const ROOT = join(__dirname, '..', '..', '..', '..');

function regions(text: string, family: LanguageFamily, light: boolean): string[] {
  if (light) {
    const { starts, ends, comment } = lexLiterals(text, family);
    return Array.from(starts, (start, k) => `${comment[k] ? 'c' : 's'}${start}-${ends[k]}`).sort();
  }
  const lexed = lex(text, family);
  return [
    ...lexed.tokens.filter((t) => t.kind === 'string').map((t) => `s${t.start}-${t.end}`),
    ...lexed.comments.map((c) => `c${c.start}-${c.end}`),
  ].sort();
}

const TRICKY: [LanguageFamily, string][] = [
  ['js', "const r = /\"/g; const s = 'a'; x = a / b / 'c'; t = `x${'`'}y`; // c\n/* b */ return /'/.test(s)"],
  // What comes before a `/` is read past comments: a division after `a`, a regular expression after `(`.
  ['js', "x = a /* c */ / b / 'd'; y = f(/* c */ /'/g, 1); z = 'q' // c\n / 2 / 'e'"],
  ['python', 'x = rb"a" + f\'{y}\' + u"z" + "#" # comment\nr = """multi\n"line"\n"""'],
  ['c', '#include <a/b.h>\n#define T "x/#"\nauto s = R"d(a")d" + u8"x" + L\'c\'; // c'],
  ['csharp', 'var s = @"a""b" + $"x{y}" + $@"p{q}" + \'c\'; /* c */'],
  ['rust', 'let s = r#"a"b"#; let b = br"x"; let c = \'x\'; fn f<\'a>(x: &\'a str) {} #[derive(Debug)] // c'],
  ['go', 'x := `raw\n"str"` + "y" // c'],
  ['java', 'String s = """\n text "q"\n """; char c = \'"\'; // c'],
];

describe('light pass', () => {
  it('finds the same literals and comments as the full lexer in every fixture and sample file', () => {
    const dirs = [join(ROOT, 'test', 'fixtures', 'code'), join(ROOT, 'test', 'workspace', 'src')];
    let checked = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(dir)) {
        const languageId = languageOfPath(name);
        if (!languageId || name.endsWith('.json')) continue;
        const family = LANGUAGE_FAMILIES[languageId]!;
        const text = readFileSync(join(dir, name), 'utf8');
        assert.deepEqual(regions(text, family, true), regions(text, family, false), name);
        checked++;
      }
    }
    assert.ok(checked >= 15, `${checked} files`);
  });

  for (const [family, text] of TRICKY) {
    it(`agrees with the full lexer on tricky ${family}`, () => {
      assert.deepEqual(regions(text, family, true), regions(text, family, false));
    });
  }

  it('agrees with the full lexer on random character soup in every family (seeded)', () => {
    const alphabet = [
      'a',
      'x',
      'r',
      'b',
      'f',
      'u',
      'L',
      'R',
      '8',
      "'",
      '"',
      '`',
      '/',
      '*',
      '#',
      '@',
      '$',
      '{',
      '}',
      '(',
      ')',
      '\n',
      ' ',
      '\\',
      '+',
      '=',
      'd',
      '<',
      '>',
      ':',
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const mismatches: string[] = [];
    for (const family of ['js', 'python', 'go', 'c', 'java', 'csharp', 'rust'] as LanguageFamily[]) {
      for (let n = 0; n < 300; n++) {
        const text = Array.from({ length: 60 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
        if (JSON.stringify(regions(text, family, true)) !== JSON.stringify(regions(text, family, false)))
          mismatches.push(`${family}: ${JSON.stringify(text)}`);
      }
    }
    assert.deepEqual(mismatches.slice(0, 5), []);
  });
});
