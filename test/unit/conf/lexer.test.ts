import * as assert from 'node:assert/strict';
import { forEachOptionLine, isOptionLine, lexConfig, restTrimmed } from '../../../server/src/conf/lexer';
import { templateLine } from '../../../server/src/conf/recognise';
import { analyseAcl } from '../../../server/src/acl/validateAcl';

// The trimming the lexer did with regular expressions, kept here as the reference on ordinary input.
const trimmedByRegex = (raw: string) =>
  raw.length === 0 || raw.startsWith('#') || raw.startsWith('\r')
    ? raw.replace(/\r+$/, '')
    : raw.replace(/[\r\n]+$/, '');

const elapsed = (run: () => void): number => {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

describe('mosquitto.conf lexer', () => {
  it('trims trailing CRs exactly as before on ordinary lines', () => {
    const text = [
      'listener 1883\r',
      '# comment\r\r',
      '\r',
      '',
      'allow_anonymous false',
      '  persistence true \r',
      'password_file /etc/mosquitto/passwd\r\r\r',
      'log_dest\tstdout\r',
      'a\rb\r',
    ].join('\n');
    const lines = lexConfig(text);
    assert.deepEqual(
      lines.map((l) => l.text),
      text.split('\n').map(trimmedByRegex),
    );
    assert.deepEqual(
      lines.map((l) => l.kind),
      ['option', 'comment', 'blank', 'blank', 'option', 'option', 'option', 'option', 'option'],
    );
    assert.equal(lines[8]!.name!.text, 'a\rb');
  });

  it('trims C whitespace around a value', () => {
    assert.deepEqual(restTrimmed('user \t alice \r\t', 4), { text: 'alice', start: 7, end: 12 });
    assert.equal(restTrimmed('user \t\r ', 4), undefined);
  });

  it('lexes a line holding 100,000 CRs in linear time', () => {
    const crs = '\r'.repeat(100_000);
    const texts = [`persistence true${crs}x`, `x${crs}y`, `${crs}x`, `# c${crs}x`, `topic read a${crs}b`];
    const ms = elapsed(() => {
      for (const text of texts) {
        lexConfig(text);
        analyseAcl(text);
      }
    });
    // Quadratic trimming took seconds per line here; linear takes a few milliseconds.
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    assert.equal(lexConfig(`persistence true${crs}`)[0]!.text, 'persistence true');
  });
});

describe('mosquitto.conf lexer, one line at a time (issue 12)', () => {
  const texts = ['', '\n', 'a', 'a\n', 'a\n\n', '\n\nlistener 1883', '# c\r\n  x y\r\n\tz\n', 'p true\r\r\n\r\n'];

  it('forEachOptionLine reads the option lines lexConfig gives, counts its lines, and stops when asked', () => {
    const alphabet = ['a', ' ', '\t', '\n', '\r', '#', '\uFEFF', 'x y', 'listener 1883'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const randomTexts = Array.from({ length: 2000 }, () => {
      let text = '';
      for (let i = random(30); i > 0; i--) text += alphabet[random(alphabet.length)];
      return text;
    });
    for (const text of [...texts, ...randomTexts]) {
      const read: unknown[] = [];
      const count = forEachOptionLine(text, (line) => void read.push(line));
      const lines = lexConfig(text);
      assert.deepEqual(read, lines.filter(isOptionLine), JSON.stringify(text));
      assert.equal(count, lines.length, JSON.stringify(text));
    }
    const firstOnly: number[] = [];
    forEachOptionLine('a 1\nb 2\nc 3\n', (line) => {
      firstOnly.push(line.line);
      return false;
    });
    assert.deepEqual(firstOnly, [0]);
  });

  it('templateLine finds the first placeholder outside a comment, on the line a per-line search finds', () => {
    const perLine = (text: string) => {
      const i = text.split('\n').findIndex((l) => !l.startsWith('#') && /\{\{|\{%|<%/.test(l));
      return i < 0 ? undefined : i;
    };
    for (const text of [
      '',
      'listener 1883\n',
      '# {{ a }}\nlistener {{ port }}\n',
      '#{{x}} {{y}}\n\nb {% if %}\n',
      'a\n# <%= x %>\n<% y %>',
      '{{{\n',
      'x\r\n{%\r\n',
    ])
      assert.equal(templateLine(text), perLine(text), JSON.stringify(text));
  });
});
