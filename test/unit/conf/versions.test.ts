/**
 * One answer to "does mosquitto X accept option Y": the parser, the "did you mean" list, completion and
 * hovers used to decide it separately and disagreed about 2.0.21 options under the setting '2.0'.
 */
import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { computeConfCodeActions } from '../../../server/src/conf/codeActions';
import { computeConfCompletions } from '../../../server/src/conf/completion';
import { computeConfHover } from '../../../server/src/conf/hover';
import { OPTIONS } from '../../../server/src/conf/options';
import { isAvailable } from '../../../server/src/conf/optionVersions';
import { defaultSettings, type MosquittoVersion } from '../../../server/src/types';
import { diagnose, messageOf } from '../../helpers/conf';

const v20 = { ...defaultSettings, mosquittoVersion: '2.0' as const };
const v21 = { ...defaultSettings, mosquittoVersion: '2.1' as const };

/** Every replacement text the quick fixes for `code` would insert. */
function fixTexts(text: string, code: string, version: MosquittoVersion): string[] {
  const diagnostics = diagnose(text, { mosquittoVersion: version }).filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `no ${code}`);
  return diagnostics
    .flatMap((d) => computeConfCodeActions([d], 'file:///x.conf'))
    .flatMap((a) => a.edit!.changes!['file:///x.conf']!.map((e) => e.newText));
}

describe('option versions', () => {
  it("the setting '2.0' is 2.0.0–2.0.20: 2.0.21 and 2.1 options are missing from it", () => {
    const spec = (name: string) => OPTIONS.find((o) => o.name === name)!;
    assert.equal(isAvailable(spec('persistence'), '2.0'), true);
    assert.equal(isAvailable(spec('retain_expiry_interval'), '2.0'), false);
    assert.equal(isAvailable(spec('retain_expiry_interval'), '2.1'), true);
    assert.equal(isAvailable(spec('global_max_clients'), '2.0'), false);
    assert.equal(isAvailable(spec('global_max_clients'), '2.1'), true);
  });

  it('a typo is not "corrected" to an option the version rejects', () => {
    const text = 'retain_expiry_intervall 60\n';
    assert.ok(!fixTexts(text, 'unknown-option', '2.0').includes('retain_expiry_interval'));
    assert.ok(fixTexts(text, 'unknown-option', '2.1').includes('retain_expiry_interval'));
  });

  it('completion offers a 2.0.21 option only under 2.1', () => {
    const at = { line: 0, character: 0 };
    assert.ok(!computeConfCompletions('\n', at, v20).some((i) => i.label === 'retain_expiry_interval'));
    assert.ok(computeConfCompletions('\n', at, v21).some((i) => i.label === 'retain_expiry_interval'));
  });

  it('hovers name the version an option needs', () => {
    const hover = (text: string, settings: typeof v20 | typeof v21) =>
      (computeConfHover(text, { line: 0, character: 3 }, settings)!.contents as MarkupContent).value;
    assert.match(hover('retain_expiry_interval 60\n', v20), /Needs mosquitto 2\.0\.21/);
    assert.match(hover('global_max_clients 10\n', v20), /Needs mosquitto 2\.1/);
    assert.doesNotMatch(hover('retain_expiry_interval 60\n', v21), /Needs mosquitto/);
    assert.doesNotMatch(hover('persistence true\n', v20), /Needs mosquitto/);
  });

  it('the parser rejects exactly the options the version lacks, with the message for their release', () => {
    for (const version of ['2.0', '2.1'] as const) {
      for (const spec of OPTIONS.filter((o) => o.since !== undefined && !o.name.endsWith('*'))) {
        const found = diagnose(`${spec.name} x\n`, { mosquittoVersion: version }).find(
          (d) => d.code === 'unsupported-in-version',
        );
        assert.equal(found !== undefined, !isAvailable(spec, version), `${spec.name} under ${version}`);
        if (found)
          assert.ok(
            messageOf(found).includes(spec.since === '2.1' ? 'new in mosquitto 2.1' : 'only from mosquitto 2.0.21'),
            messageOf(found),
          );
      }
    }
  });
});
