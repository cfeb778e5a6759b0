import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = join(__dirname, '..', '..', '..');

let grammar: textmate.IGrammar;

/** [text, innermost scope] pairs of one line, dropping the root scope. */
function tokens(line: string): [string, string][] {
  const result = grammar.tokenizeLine(line, textmate.INITIAL);
  return result.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]!]);
}

/** The innermost scope of the token covering `text` in `line`. */
function scopeOf(line: string, text: string): string {
  const start = line.indexOf(text);
  assert.ok(start >= 0, `${text} not in ${line}`);
  const t = grammar
    .tokenizeLine(line, textmate.INITIAL)
    .tokens.find((x) => x.startIndex <= start && start < x.endIndex)!;
  return t.scopes[t.scopes.length - 1]!;
}

describe('mosquitto.conf grammar', () => {
  before(async () => {
    const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (p) => new oniguruma.OnigScanner(p),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async () =>
        textmate.parseRawGrammar(
          readFileSync(join(root, 'syntaxes', 'mosquitto-conf.tmLanguage.json'), 'utf8'),
          'grammar.json',
        ),
    });
    grammar = (await registry.loadGrammar('source.mosquitto-conf'))!;
  });

  it('a # in column 1 is a comment; an indented # is not', () => {
    assert.equal(scopeOf('# listener 1883', 'listener'), 'comment.line.number-sign.mosquitto-conf');
    assert.equal(scopeOf('  # note', '# note'), 'invalid.illegal.indented-comment.mosquitto-conf');
  });

  it('a trailing # after a path stays part of the path (mosquitto reads it so)', () => {
    assert.equal(scopeOf('password_file /etc/pw # users', '# users'), 'string.unquoted.path.mosquitto-conf');
    assert.equal(scopeOf('password_file /etc/pw # users', '/etc/pw'), 'string.unquoted.path.mosquitto-conf');
  });

  it('a trailing # after a bool, int or enum is a harmless trailing comment', () => {
    assert.equal(scopeOf('persistence true # keep', '# keep'), 'comment.line.trailing.mosquitto-conf');
    assert.equal(scopeOf('max_qos 1 # qos', '# qos'), 'comment.line.trailing.mosquitto-conf');
    assert.equal(scopeOf('log_type all # everything', '# everything'), 'comment.line.trailing.mosquitto-conf');
  });

  it('flags TABs', () => {
    assert.equal(scopeOf('persistence\ttrue', '\t'), 'invalid.illegal.whitespace.tab.mosquitto-conf');
    assert.equal(scopeOf('\tpersistence true', '\t'), 'invalid.illegal.whitespace.tab.mosquitto-conf');
    assert.equal(scopeOf('password_file /a\tb', '\t'), 'invalid.illegal.whitespace.tab.mosquitto-conf');
  });

  it('option names, booleans, numbers and enum values', () => {
    assert.equal(scopeOf('persistence true', 'persistence'), 'keyword.other.option.mosquitto-conf');
    assert.equal(scopeOf('persistence true', 'true'), 'constant.language.boolean.mosquitto-conf');
    assert.equal(scopeOf('persistence True', 'True'), 'invalid.deprecated.ignored.mosquitto-conf');
    assert.equal(scopeOf('max_queued_messages 1000', '1000'), 'constant.numeric.integer.mosquitto-conf');
    assert.equal(scopeOf('log_dest stdout', 'stdout'), 'support.constant.mosquitto-conf');
    assert.equal(scopeOf('log_dest file /var/log/m.log', '/var/log/m.log'), 'string.unquoted.path.mosquitto-conf');
    assert.equal(scopeOf('protocol websockets', 'websockets'), 'support.constant.mosquitto-conf');
    assert.equal(
      scopeOf('ciphers_tls1.3 TLS_AES_256_GCM_SHA384', 'ciphers_tls1.3'),
      'keyword.other.option.mosquitto-conf',
    );
  });

  it('listener port and address', () => {
    const line = 'listener 8883 127.0.0.1';
    assert.equal(scopeOf(line, 'listener'), 'keyword.control.section.listener.mosquitto-conf');
    assert.equal(scopeOf(line, '8883'), 'constant.numeric.port.mosquitto-conf');
    assert.equal(scopeOf(line, '127.0.0.1'), 'constant.numeric.ip.mosquitto-conf');
    assert.equal(scopeOf('listener 1883 ::1', '::1'), 'constant.numeric.ip.mosquitto-conf');
    assert.equal(
      scopeOf('listener 0 /run/mosquitto.sock', '/run/mosquitto.sock'),
      'string.unquoted.address.mosquitto-conf',
    );
  });

  it('bridge sections and topics with wildcards', () => {
    assert.equal(scopeOf('connection cloud', 'connection'), 'keyword.control.section.bridge.mosquitto-conf');
    assert.equal(scopeOf('connection cloud', 'cloud'), 'entity.name.section.bridge.mosquitto-conf');
    const line = 'topic sensors/+/temp out 1';
    assert.equal(scopeOf(line, 'sensors'), 'string.unquoted.topic.mosquitto-conf');
    assert.equal(scopeOf(line, '+'), 'keyword.operator.wildcard.mosquitto-conf');
    assert.equal(scopeOf(line, 'out'), 'constant.language.direction.mosquitto-conf');
    assert.equal(scopeOf(line, '1'), 'constant.numeric.qos.mosquitto-conf');
  });

  it('plugin options, deprecated and unknown names', () => {
    assert.equal(scopeOf('plugin_opt_db_host localhost', 'plugin_opt_'), 'keyword.other.option.plugin.mosquitto-conf');
    assert.equal(scopeOf('plugin_opt_db_host localhost', 'db_host'), 'variable.parameter.plugin-option.mosquitto-conf');
    assert.equal(scopeOf('auth_plugin /usr/lib/a.so', 'auth_plugin'), 'keyword.other.option.deprecated.mosquitto-conf');
    assert.equal(scopeOf('allow_annonymous true', 'allow_annonymous'), 'variable.other.option.unknown.mosquitto-conf');
    assert.equal(
      scopeOf('store_clean_interval 10', 'store_clean_interval'),
      'invalid.deprecated.removed-option.mosquitto-conf',
    );
  });

  it('CRLF and empty lines', () => {
    assert.equal(scopeOf('persistence true\r', 'true'), 'constant.language.boolean.mosquitto-conf');
    assert.deepEqual(tokens(''), [['', 'source.mosquitto-conf']]);
  });

  it('is generated from the option table and up to date', () => {
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'grammar.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
