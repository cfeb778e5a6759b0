/** Facts about the option table that the parse pass relies on without checking them again. */
import * as assert from 'node:assert/strict';
import { OPTIONS } from '../../../server/src/conf/options';

describe('option table', () => {
  it('every enum option lists its values (the enum reader treats a missing list as empty)', () => {
    for (const spec of OPTIONS.filter((o) => o.kind === 'enum')) {
      assert.ok(spec.values && spec.values.length > 0, spec.name);
    }
  });
});
