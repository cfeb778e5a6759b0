/**
 * The oracle: every fixture config runs through the real mosquitto binary and through the analysis,
 * and the two must agree. mosquitto refuses it while parsing ⇔ an Error on the line mosquitto names;
 * mosquitto accepts it ⇒ no Error; mosquitto fails at startup ⇒ at least an Error or a Warning.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { validateAcl } from '../../server/src/acl/validateAcl';
import { validateConfig } from '../../server/src/conf/validate';
import { createNodeFileSystem } from '../../server/src/nodeFileSystem';
import { defaultSettings } from '../../server/src/types';
import {
  checkOracleTools,
  describeResult,
  expectation,
  listFixtures,
  mapLimit,
  type OracleResult,
  runMosquitto,
  stageFixtures,
} from './mosquittoOracle';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'conf');

/** The analysis of a staged fixture, reading files inside the stage only. */
function analyse(path: string, stage: string): Diagnostic[] {
  const text = new TextDecoder('utf-8').decode(readFileSync(path));
  return validateConfig(text, defaultSettings, { path, fs: createNodeFileSystem({ roots: [stage], git: false }) });
}

const show = (ds: Diagnostic[]) =>
  ds.map((d) => `${d.range.start.line + 1}:${String(d.code)}(${d.severity})`).join(' ') || 'nothing';

describe('oracle: the analysis agrees with mosquitto 2.0', function () {
  let stage: string;
  let fixtures: string[];
  const results = new Map<string, OracleResult>();

  before(async function () {
    checkOracleTools();
    stage = stageFixtures(FIXTURES);
    fixtures = listFixtures(stage);
    const all = await mapLimit(fixtures, 6, (f) => runMosquitto(f));
    fixtures.forEach((f, i) => results.set(f, all[i]!));
  });

  after(() => rmSync(stage, { recursive: true, force: true }));

  it('has at least 60 fixtures covering every area', () => {
    assert.ok(fixtures.length >= 60, `${fixtures.length} fixtures`);
    const areas = new Set(
      fixtures.map((f) => basename(f === join(f, '..', 'mosquitto.conf') ? join(f, '..') : f).split('-')[0]),
    );
    for (const area of [
      'lexical',
      'unknown',
      'bool',
      'int',
      'string',
      'enum',
      'duplicate',
      'scope',
      'listener',
      'security',
      'bridge',
      'plugin',
      'include',
      'tls',
      'valid',
    ]) {
      assert.ok(
        [...areas].some((a) => a === area),
        `no ${area} fixture`,
      );
    }
  });

  it('every fixture agrees', () => {
    const disagreements: string[] = [];
    for (const fixture of fixtures) {
      const name = relative(stage, fixture);
      const result = results.get(fixture)!;
      const diagnostics = analyse(fixture, stage);
      const errors = diagnostics.filter((d) => d.severity === 1);
      let agrees: boolean;
      if (result.outcome === 'parse-error') {
        const inMain = result.errorFile === undefined || resolve(result.errorFile) === resolve(fixture);
        const line = inMain ? result.errorLine : result.mainLine;
        agrees = line === undefined ? errors.length > 0 : errors.some((d) => d.range.start.line === line - 1);
      } else if (result.outcome === 'accepted') {
        agrees = errors.length === 0;
      } else {
        // A file mosquitto cannot open at an absolute path outside the workspace is, by design, not reported:
        // where the config runs (a container, a server) it most often exists. Anything else must be flagged.
        const path = /"(\/[^"]+)"/.exec(result.messages[0] ?? '')?.[1];
        const elsewhere = path !== undefined && relative(stage, path).startsWith('..');
        agrees = elsewhere || diagnostics.some((d) => d.severity === 1 || d.severity === 2);
      }
      if (!agrees)
        disagreements.push(
          `${name}: mosquitto ${describeResult(result, fixture)} (${result.messages[0] ?? ''}); analysis: ${show(diagnostics)}`,
        );
    }
    assert.deepEqual(disagreements, []);
  });

  it('mosquitto still behaves as each fixture documents', () => {
    const drift: string[] = [];
    for (const fixture of fixtures) {
      const expected = expectation(fixture);
      const actual = describeResult(results.get(fixture)!, fixture);
      if (expected !== actual)
        drift.push(`${relative(stage, fixture)}: documents "${expected}", mosquitto now says "${actual}"`);
    }
    assert.deepEqual(drift, []);
  });
});

describe('oracle: ACL files agree with mosquitto 2.0', function () {
  const ACL_FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'acl');
  let stage: string;

  before(() => {
    checkOracleTools();
    stage = stageFixtures(ACL_FIXTURES);
  });
  after(() => rmSync(stage, { recursive: true, force: true }));

  it('mosquitto refuses an ACL file ⇔ the analysis reports an Error in it', async () => {
    const names = readdirSync(stage)
      .filter((n) => n.endsWith('.acl'))
      .sort();
    assert.ok(names.length >= 8, `${names.length} ACL fixtures`);
    const outcomes = await mapLimit(names, 6, async (name) => {
      const config = join(stage, `${name}.conf`);
      writeFileSync(config, `listener 1883 127.0.0.1\nallow_anonymous true\nacl_file ${join(stage, name)}\n`);
      return runMosquitto(config);
    });
    const disagreements: string[] = [];
    names.forEach((name, i) => {
      const refused = outcomes[i]!.outcome !== 'accepted';
      const text = readFileSync(join(stage, name), 'utf8');
      const documented = expectation(join(stage, name));
      const errors = validateAcl(text).filter((d) => d.severity === 1);
      if (refused !== errors.length > 0)
        disagreements.push(
          `${name}: mosquitto ${refused ? 'refuses' : 'accepts'} (${outcomes[i]!.messages[0] ?? ''}); analysis: ${errors.map((d) => d.code).join(', ') || 'no error'}`,
        );
      if (documented !== (refused ? 'rejected' : 'accepted')) disagreements.push(`${name}: documents "${documented}"`);
    });
    assert.deepEqual(disagreements, []);
  });
});
