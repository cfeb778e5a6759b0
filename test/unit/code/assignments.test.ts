/** assignments() must find exactly the places its regular expression matches, found the slow way (at every offset). */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageOfPath } from '../../../common/src/languages';
import { ASSIGNMENT_PATTERNS, assignments, assignmentsOf } from '../../../server/src/code/assignments';
import type { LanguageFamily } from '../../../server/src/code/lexer';

const ROOT = join(__dirname, '..', '..', '..', '..');

function everyOffset(text: string, family: LanguageFamily): { name: string; index: number }[] {
  const pattern = new RegExp(family === 'c' ? ASSIGNMENT_PATTERNS.c : ASSIGNMENT_PATTERNS.other, 'g');
  return [...text.matchAll(pattern)].map((m) => ({ name: (m[1] ?? m[2] ?? m[3])!, index: m.index }));
}

const FAMILIES: LanguageFamily[] = ['js', 'python', 'go', 'c', 'java', 'csharp', 'rust'];

/** assignmentsOf(name) must give the places of that name that assignments() gives, for every name (and some never defined). */
function samePerName(text: string, family: LanguageFamily): void {
  const all = assignments(text, family);
  const names = new Set([...all.map((p) => p.name), 'define', 'x', 'TOPIC', 'a']);
  for (const name of names)
    assert.deepEqual(
      assignmentsOf(text, family, name),
      all.filter((p) => p.name === name).map((p) => p.index),
      `${name} in ${JSON.stringify(text.slice(0, 200))} as ${family}`,
    );
}

const TRICKY = [
  'const A = "a"; let b: string = \'b\'; c := "c"; D[] = {"d"}; e == f; g => h; i != j; k >= l; m += "m";',
  'a: b: c = 1; x : Map<string, number> = new Map(); y:=2; z\u00a0= 3; w\u2028:= 4; \u00e9t\u00e9 = 5; $x = 6; _1 = 7;',
  '#define TOPIC "a/b"\n# define  X = 1\n#define define 2\n##define Y\n#\tdefine\tZ\n #define 9A\n',
  'std::string T("x"); const std::string U { u8R"(y)" }; auto V = L"z"; W(LR"(q)"); X{uR"(r)"}; Y (  U"s");',
  'arr [ ] = x; arr[] == y; f(a = 1, b: 2 = 3); obj.k = 4; 9z = 5; q:\n= 6; r: (t) = 7; s: ' +
    'x'.repeat(61) +
    ' = 8; t: ' +
    'x'.repeat(58) +
    ' = 9;',
  '= == === : := ::= [ ] = a=b=c=d; e:f:g:h=i; ("j") {"k"} l("m") n {"o"}',
];

describe('assignments', () => {
  it('finds the same places as the regular expression tried at every offset, in tricky code', () => {
    for (const family of FAMILIES)
      for (const text of TRICKY) {
        assert.deepEqual(assignments(text, family), everyOffset(text, family), text);
        samePerName(text, family);
      }
  });

  it('finds the same places in every fixture, sample and source file', () => {
    const dirs = [
      join(ROOT, 'test', 'fixtures', 'code'),
      join(ROOT, 'test', 'workspace', 'src'),
      join(ROOT, 'server', 'src', 'code'),
    ];
    let checked = 0;
    for (const dir of dirs)
      for (const name of readdirSync(dir)) {
        const languageId = languageOfPath(name);
        if (!languageId || name.endsWith('.json')) continue;
        const text = readFileSync(join(dir, name), 'utf8');
        for (const family of FAMILIES) {
          assert.deepEqual(assignments(text, family), everyOffset(text, family), `${name} as ${family}`);
          samePerName(text, family);
        }
        checked++;
      }
    assert.ok(checked > 20, `only ${checked} files`);
  });

  it('finds the same places in random text made of the characters that matter', () => {
    const alphabet = [
      'a',
      'B',
      '_',
      '$',
      '9',
      'é',
      ' ',
      '\t',
      '\n',
      '=',
      ':',
      '>',
      '[',
      ']',
      '(',
      ')',
      '{',
      '}',
      ';',
      '"',
      '#',
      'define',
      'u8',
      'L',
      'R',
      'x',
    ];
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let i = random(60); i > 0; i--) text += alphabet[random(alphabet.length)];
      for (const family of FAMILIES) {
        assert.deepEqual(assignments(text, family), everyOffset(text, family), JSON.stringify(text));
        samePerName(text, family);
      }
    }
  });
});
