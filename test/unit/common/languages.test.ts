import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import {
  ACL_FILE_NAMES,
  ACL_LANGUAGE,
  CONF_LANGUAGE,
  documentKindOf,
  languageOfPath,
  SOURCE_EXTENSIONS,
  SOURCE_LANGUAGES,
  WATCHER_GLOB,
} from '../../../common/src/languages';

const root = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { languages: { id: string; filenames?: string[]; extensions?: string[] }[] };
};

describe('one list of languages and files', () => {
  it('watches every source extension, configs, ACL files and the files configs name', () => {
    const watched = picomatch(WATCHER_GLOB, { dot: true });
    for (const extension of Object.keys(SOURCE_EXTENSIONS))
      assert.ok(watched(`src/deep/file${extension}`), `the watcher misses *${extension}`);
    // The ones the hand-written glob missed.
    for (const file of ['a.mts', 'a.cts', 'a.cxx', 'a.hh']) assert.ok(watched(`src/${file}`), file);
    for (const file of [
      'mosquitto/mosquitto.conf',
      'conf.d/x.conf',
      'broker.acl',
      'etc/aclfile',
      'passwd',
      'certs/server.pem',
      'certs/server.key',
    ])
      assert.ok(watched(file), file);
    assert.ok(!watched('README.md'));
  });

  it('reads every file it finds with a language the server analyses', () => {
    for (const extension of Object.keys(SOURCE_EXTENSIONS)) {
      const languageId = languageOfPath(`/work/src/file${extension}`);
      assert.ok(languageId && documentKindOf(languageId) === 'code', extension);
    }
    for (const name of ACL_FILE_NAMES) assert.equal(languageOfPath(`/etc/mosquitto/${name}`), ACL_LANGUAGE);
    assert.equal(languageOfPath('C:\\broker\\mosquitto\\extra.conf'), CONF_LANGUAGE);
    assert.equal(languageOfPath('/etc/nginx/site.conf'), undefined);
    assert.equal(languageOfPath('/etc/nginx/site.conf', true), CONF_LANGUAGE);
    assert.equal(languageOfPath('/app/dist/bundle.min.js'), undefined);
    assert.equal(languageOfPath('/app/Makefile'), undefined);
  });

  it('agrees with the manifest: activation events and contributed languages', () => {
    const activated = manifest.activationEvents
      .filter((e) => e.startsWith('onLanguage:'))
      .map((e) => e.slice('onLanguage:'.length))
      .sort();
    assert.deepEqual(activated, Object.keys(SOURCE_LANGUAGES).sort());
    const contributed = new Map(manifest.contributes.languages.map((l) => [l.id, l]));
    assert.ok(contributed.has(CONF_LANGUAGE));
    const acl = contributed.get(ACL_LANGUAGE);
    assert.deepEqual([...(acl?.filenames ?? [])].sort(), [...ACL_FILE_NAMES].sort());
    assert.deepEqual(acl?.extensions, ['.acl']);
  });
});
