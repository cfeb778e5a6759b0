/** Files a config names outside the repository are never quoted: the environment, /etc/passwd, words of /etc. */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { abnormal, HostileRepo, leadingWordsOf, quotedFragments, runLint } from '../helpers/hostileRepo';
import { DIAGNOSTICS_BOUND_MS, startOn, stopHard } from '../helpers/hostileServer';

const HEAD = 'listener 1883 127.0.0.1\nallow_anonymous false\n';
const CONFIGS: Record<string, string> = {
  'mosquitto/environ.conf': `${HEAD}password_file /proc/self/environ\n`,
  'mosquitto/passwd.conf': `${HEAD}password_file /etc/passwd\n`,
  'mosquitto/etc.conf': `${HEAD}include_dir /etc\n`,
  'mosquitto/acl.conf': `${HEAD}acl_file /etc/passwd\npassword_file /etc/group\n`,
};
/** The same configs naming files inside the repository: what the output may quote anyway. */
const CONTROLS: Record<string, string> = {
  'mosquitto/control1.conf': `${HEAD}password_file pw.txt\n`,
  'mosquitto/control2.conf': `${HEAD}include_dir empty\n`,
};

const etcConfs = readdirSync('/etc').filter((n) => n.endsWith('.conf'));
const userNames = readFileSync('/etc/passwd', 'utf8')
  .split('\n')
  .map((l) => l.split(':')[0] ?? '')
  .filter(Boolean);
const etcWords = new Set(etcConfs.flatMap((n) => leadingWordsOf(`/etc/${n}`)));

/** What in `output` came from outside the repository. */
function leaks(output: string, sentinel: string, allowed: Set<string>): string[] {
  const found: string[] = [];
  if (output.includes(sentinel)) found.push('the NPM_TOKEN sentinel');
  if (/^root:/m.test(output) || output.includes('root:x:0:0')) found.push('a line of /etc/passwd');
  for (const fragment of quotedFragments(output)) {
    if (allowed.has(fragment)) continue;
    if (userNames.includes(fragment)) found.push(`user name \`${fragment}\``);
    if (etcWords.has(fragment)) found.push(`word of /etc \`${fragment}\``);
  }
  for (const name of etcConfs) if (output.includes(name)) found.push(`file name /etc/${name}`);
  return found;
}

describe('hostile: secrets outside the repository', function () {
  this.timeout(60_000);
  let repo: HostileRepo;
  const sentinel = `npm_${randomBytes(12).toString('hex')}`;

  before(() => {
    repo = new HostileRepo();
    for (const [rel, text] of Object.entries({ ...CONFIGS, ...CONTROLS })) repo.write(rel, text);
    repo.write('mosquitto/pw.txt', 'alice:secret\n');
    repo.write('mosquitto/empty/.keep', '');
  });
  after(() => repo.cleanup());

  for (const format of ['text', 'json']) {
    it(`mqtt-lint (${format}) quotes neither the environment nor /etc`, () => {
      const control = runLint(['--format', format, ...Object.keys(CONTROLS)], { cwd: repo.repo });
      const allowed = quotedFragments(control.stdout);
      for (const rel of Object.keys(CONFIGS)) {
        const r = runLint(['--format', format, rel], { cwd: repo.repo, env: { NPM_TOKEN: sentinel } });
        assert.equal(abnormal(r), undefined);
        assert.deepEqual(leaks(r.stdout + r.stderr, sentinel, allowed), [], rel);
      }
    });
  }

  it('the language server quotes neither the environment nor /etc', async () => {
    // NPM_TOKEN first in the server's environment (a reader that stops at the first `:` still meets it).
    const saved = { ...process.env };
    for (const k of Object.keys(saved)) delete process.env[k];
    process.env.NPM_TOKEN = sentinel;
    Object.assign(process.env, { ...saved, NPM_TOKEN: sentinel });
    const started = startOn(repo.repo);
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    const { client } = await started;
    try {
      const texts: string[] = [];
      for (const [rel, text] of Object.entries(CONFIGS)) {
        const uri = pathToFileURL(repo.path(rel)).toString();
        const diagnosed = client.nextDiagnostics(uri, () => true, DIAGNOSTICS_BOUND_MS);
        await client.open(uri, text);
        texts.push(JSON.stringify((await diagnosed).diagnostics));
      }
      assert.deepEqual(
        leaks(
          texts.join('\n') + client.logs.join('\n'),
          sentinel,
          quotedFragments(runLint(Object.keys(CONTROLS), { cwd: repo.repo }).stdout),
        ),
        [],
      );
    } finally {
      await stopHard(client);
    }
  });
});
