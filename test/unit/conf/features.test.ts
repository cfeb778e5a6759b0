import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionItem, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { computeConfCodeActions } from '../../../server/src/conf/codeActions';
import { computeConfCompletions } from '../../../server/src/conf/completion';
import { computeConfHover } from '../../../server/src/conf/hover';
import { OPTIONS } from '../../../server/src/conf/options';
import { createNodeFileSystem } from '../../../server/src/nodeFileSystem';
import { defaultSettings, type FileSystemView } from '../../../server/src/types';
import { diagnose, messageOf, SAFE_BASE, seen } from '../../helpers/conf';

/** Split `text` at the `|` caret: the text without it and the caret's position. */
function caret(marked: string) {
  const index = marked.indexOf('|');
  const before = marked.slice(0, index).split('\n');
  return {
    text: marked.slice(0, index) + marked.slice(index + 1),
    position: { line: before.length - 1, character: before[before.length - 1]!.length },
  };
}

const hoverText = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Apply the quick fix titled `title` offered for the diagnostic with `code`. */
function fix(text: string, code: string, title?: string): string {
  const diagnostic = diagnose(text).find((d: Diagnostic) => d.code === code);
  assert.ok(
    diagnostic,
    `no ${code} in ${seen(text)
      .map((d) => d.code)
      .join(', ')}`,
  );
  const actions = computeConfCodeActions([diagnostic], 'file:///x.conf');
  const action = title ? actions.find((a) => a.title === title) : actions[0];
  assert.ok(action, `no fix for ${code}: ${actions.map((a) => a.title).join(', ')}`);
  return applyEdits(text, action.edit!.changes!['file:///x.conf']!);
}

describe('hovers', () => {
  it('document every option, with its argument and scope', () => {
    for (const spec of OPTIONS) {
      const name = spec.name.endsWith('*') ? `${spec.name.slice(0, -1)}key` : spec.name;
      const { text, position } = caret(`${name.slice(0, 2)}|${name.slice(2)} x\n`);
      const value = hoverText(computeConfHover(text, position, defaultSettings));
      assert.match(value, /\*\*Scope:\*\*/, `no hover for ${spec.name}`);
      assert.ok(value.includes(name), `hover for ${spec.name} does not name it`);
    }
  });

  it('explain traps and man page disagreements', () => {
    const { text, position } = caret('allow_anon|ymous true\n');
    const value = hoverText(computeConfHover(text, position, defaultSettings));
    assert.match(value, /Trap/);
    const retain = hoverText(
      computeConfHover('check_retain_source true\n', { line: 0, character: 3 }, defaultSettings),
    );
    assert.match(retain, /Man page vs\. code/);
  });

  it('explain values: addresses, enum values, booleans', () => {
    assert.match(
      hoverText(computeConfHover('listener 1883 0.0.0.0\n', { line: 0, character: 16 }, defaultSettings)),
      /IPv4/,
    );
    assert.match(
      hoverText(computeConfHover('listener 1883 127.0.0.1\n', { line: 0, character: 16 }, defaultSettings)),
      /loopback/,
    );
    assert.match(
      hoverText(computeConfHover('log_dest topic\n', { line: 0, character: 10 }, defaultSettings)),
      /\$SYS\/broker\/log/,
    );
    assert.match(
      hoverText(computeConfHover('persistence yes\n', { line: 0, character: 13 }, defaultSettings)),
      /not a boolean/,
    );
    assert.equal(computeConfHover('# listener\n', { line: 0, character: 4 }, defaultSettings), null);
  });
  it('show values as code no backtick can break, and know no Object.prototype names', () => {
    const hover = (line: string, character: number) =>
      hoverText(computeConfHover(`${line}\n`, { line: 0, character }, defaultSettings));
    assert.equal(
      hover('listener 1883 a`![i](https://evil.example/p.png)`', 16).split('``')[1],
      ' a`![i](https://evil.example/p.png)` ',
    );
    assert.equal(hover('listener x`[y](https://evil.example)`', 10), '**Port `` x`[y](https://evil.example)` ``**.');
    assert.match(
      hover('persistence `[y](https://evil.example)', 13),
      /^`` `\[y\]\(https:\/\/evil\.example\) `` is not a boolean/,
    );
    // `constructor` is neither a removed option nor a documented value: no hover quoting Object's source.
    assert.equal(hover('constructor x', 3), '');
    assert.equal(hover('protocol constructor', 12), '');
    assert.doesNotMatch(hover('listener constructor', 12), /function/);
    assert.ok(!seen('constructor x\n').some((d) => d.code === 'removed-option'));
  });
});

describe('completion', () => {
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);

  it('offers bridge options only after a connection, first right after it', () => {
    const before = caret('listener 1883\n|\n');
    assert.ok(
      !labels(computeConfCompletions(before.text, before.position, defaultSettings)).includes('remote_username'),
    );
    const after = caret('connection cloud\n|\n');
    const items = computeConfCompletions(after.text, after.position, defaultSettings);
    const top = items.filter((i) => i.sortText!.startsWith('0')).map((i) => i.label);
    assert.ok(top.includes('remote_username') && top.includes('topic'));
  });

  it('hides 2.1-only options under 2.0, offers them under 2.1', () => {
    const { text, position } = caret('|\n');
    assert.ok(!labels(computeConfCompletions(text, position, defaultSettings)).includes('global_max_clients'));
    assert.ok(
      labels(computeConfCompletions(text, position, { ...defaultSettings, mosquittoVersion: '2.1' })).includes(
        'global_max_clients',
      ),
    );
  });

  it('completes enum values and booleans', () => {
    const dest = caret('log_dest |\n');
    assert.deepEqual(labels(computeConfCompletions(dest.text, dest.position, defaultSettings)), [
      'stdout',
      'stderr',
      'syslog',
      'topic',
      'dlt',
      'none',
      'file',
    ]);
    const bool = caret('persistence t|\n');
    assert.deepEqual(labels(computeConfCompletions(bool.text, bool.position, defaultSettings)), ['true', 'false']);
    const address = caret('listener 1883 |\n');
    assert.ok(labels(computeConfCompletions(address.text, address.position, defaultSettings)).includes('127.0.0.1'));
    const comment = caret('# per|\n');
    assert.deepEqual(computeConfCompletions(comment.text, comment.position, defaultSettings), []);
  });
});

describe('quick fixes', () => {
  it('typo → suggestion', () => {
    assert.equal(fix('allow_annonymous true\n', 'unknown-option'), 'allow_anonymous true\n');
  });
  it('deprecated → replacement', () => {
    assert.equal(fix('auth_plugin /usr/lib/p.so\n', 'deprecated-option'), 'plugin /usr/lib/p.so\n');
    assert.equal(
      fix('auth_plugin /p.so\nauth_opt_host db\n', 'deprecated-option', 'Change to `plugin`'),
      'plugin /p.so\nauth_opt_host db\n',
    );
  });
  it('bind to 127.0.0.1', () => {
    assert.equal(fix('listener 1883 0.0.0.0\n', 'listener-all-interfaces'), 'listener 1883 127.0.0.1\n');
    assert.equal(fix('listener 1883\n', 'listener-all-interfaces'), 'listener 1883 127.0.0.1\n');
  });
  it('allow_anonymous false', () => {
    assert.equal(
      fix('listener 1883\nallow_anonymous true\n', 'anonymous-on-public-listener'),
      'listener 1883\nallow_anonymous false\n',
    );
  });
  it('persistence true with a location', () => {
    assert.equal(
      fix('listener 1883 127.0.0.1\npersistence false\n', 'persistence-off'),
      'listener 1883 127.0.0.1\npersistence true\npersistence_location /var/lib/mosquitto/\n',
    );
    assert.equal(
      fix('listener 1883 127.0.0.1\n', 'persistence-off'),
      'listener 1883 127.0.0.1\npersistence true\npersistence_location /var/lib/mosquitto/\n',
    );
  });
  it('TAB → space', () => {
    assert.equal(fix('max_queued_messages\t100\n', 'tab-separator'), 'max_queued_messages 100\n');
    assert.equal(fix('\tpersistence true\n', 'tab-separator'), 'persistence true\n');
  });
  it('move a trailing comment to its own line', () => {
    assert.equal(
      fix('password_file /etc/pw # the users\n', 'inline-comment-in-value'),
      '# the users\npassword_file /etc/pw\n',
    );
  });
  it('remove a BOM and indentation before #', () => {
    assert.equal(fix('\uFEFFpersistence true\n', 'byte-order-mark'), 'persistence true\n');
    assert.equal(fix('  # note\n', 'indented-comment'), '# note\n');
  });
  it('booleans', () => {
    assert.equal(fix('persistence True\n', 'invalid-bool'), 'persistence true\n');
    assert.equal(fix('persistence yes\n', 'invalid-bool'), 'persistence true\n');
  });
});

describe('include_dir is analysed in the context of the main file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-include-'));
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'mosquitto.conf'), `${SAFE_BASE}\ninclude_dir conf.d\n`);
    writeFileSync(join(dir, 'conf.d', '10-typo.conf'), '# included\nallow_annonymous true\n');
    writeFileSync(join(dir, 'conf.d', '20-listener.conf'), 'listener 1883 127.0.0.1\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an error inside an included file on the include_dir line', () => {
    const main = join(dir, 'mosquitto.conf');
    const text = `${SAFE_BASE}\ninclude_dir conf.d\n`;
    const d = seen(text, {}, { path: main, fs: createNodeFileSystem({ roots: [dir] }) });
    const line = SAFE_BASE.split('\n').length;
    assert.ok(
      d.some((x) => x.code === 'include-dir-error' && x.line === line && x.severity === 1),
      JSON.stringify(d),
    );
    // The conflict belongs to the second listener, in the included file (next test), not to the main file.
    assert.ok(!d.some((x) => x.code === 'listener-conflict'));
  });

  it('analyses an included file with the main file around it', () => {
    const included = join(dir, 'conf.d', '10-typo.conf');
    const d = seen(
      '# included\nallow_annonymous true\n',
      {},
      { path: included, fs: createNodeFileSystem({ roots: [dir] }) },
    );
    assert.deepEqual(
      d.map((x) => [x.code, x.line]),
      [['unknown-option', 1]],
    );
    const listener = seen(
      'listener 1883 127.0.0.1\n',
      {},
      { path: join(dir, 'conf.d', '20-listener.conf'), fs: createNodeFileSystem({ roots: [dir] }) },
    );
    assert.deepEqual(
      listener.map((x) => x.code),
      ['listener-conflict'],
    );
  });

  it('a missing include_dir is an error', () => {
    const d = seen(
      'include_dir nowhere\n',
      {},
      { path: join(dir, 'mosquitto.conf'), fs: createNodeFileSystem({ roots: [dir] }) },
    );
    assert.ok(d.some((x) => x.code === 'include-dir-error' && x.severity === 1));
  });
});

describe('mosquitto 2.1', () => {
  it('reports 2.1 deprecations only under 2.1', () => {
    const text = `${SAFE_BASE}\nauto_id_prefix dev-\n`;
    assert.ok(!seen(text).some((d) => d.code === 'deprecated-option'));
    assert.ok(seen(text, { mosquittoVersion: '2.1' }).some((d) => d.code === 'deprecated-option'));
  });
});

describe('password files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-pw-'));
    writeFileSync(join(dir, 'hashed'), 'alice:$7$101$abc$def\n');
    writeFileSync(join(dir, 'plain'), 'alice:$7$101$abc$def\nbob:secret\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('quotes the password file for the shell in the suggested mosquitto_passwd command', () => {
    const file = "/etc/mosquitto/my pw $(touch x) `id` it's";
    const fs: FileSystemView = {
      exists: () => true,
      isDirectory: () => false,
      mayRead: () => true,
      readDirectory: () => undefined,
      readFile: (path) => (path === file ? 'bob:secret\n' : undefined),
    };
    const message = messageOf(
      diagnose(`${SAFE_BASE}\npassword_file ${file}\n`, {}, { path: '/etc/mosquitto/mosquitto.conf', fs }).find(
        (d) => d.code === 'plaintext-password-file',
      ),
    );
    assert.ok(
      message.includes(
        "Run `mosquitto_passwd -U '/etc/mosquitto/my pw $(touch x) `id` it'\\''s'` to hash them in place.",
      ),
      message,
    );
  });

  it('warns about plaintext passwords, not about hashes', () => {
    const conf = (file: string) => `${SAFE_BASE}\npassword_file ${file}\nacl_file acl\n`;
    writeFileSync(join(dir, 'acl'), 'user alice\ntopic read a\n');
    const at = (file: string) =>
      seen(conf(file), {}, { path: join(dir, 'mosquitto.conf'), fs: createNodeFileSystem({ roots: [dir] }) }).filter(
        (d) => d.code === 'plaintext-password-file',
      );
    assert.deepEqual(at('hashed'), []);
    assert.deepEqual(
      at('plain').map((d) => [d.line, d.severity]),
      [[SAFE_BASE.split('\n').length, 2]],
    );
  });
});

describe('completing an option name leaves the cursor ready for its value', () => {
  it('opens the value suggestions where there are some, and a choice list for booleans', () => {
    const items = computeConfCompletions('listener 1883\n', { line: 1, character: 0 }, defaultSettings);
    const logDest = items.find((i) => i.label === 'log_dest');
    assert.equal(logDest?.command?.command, 'editor.action.triggerSuggest');
    assert.equal(logDest.insertText, 'log_dest $0');
    const anonymous = items.find((i) => i.label === 'allow_anonymous');
    assert.equal(anonymous?.insertText, 'allow_anonymous ${1|true,false|}');
    assert.equal(anonymous.command, undefined);
  });
});
