/**
 * Runs the mocha tests of one folder inside the real VS Code extension host. Same run() contract as
 * @vscode/test-electron: resolve when every test passed, reject otherwise. The counts go to the
 * console as one `VSCODE-TESTS {...}` line for runners that read the host's log (code-server).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function runSuite(folder: string): Promise<void> {
  // MQTTWB_GREP runs only the matching tests (while working on one suite); CI never sets it.
  const grep = process.env['MQTTWB_GREP'];
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const name of readdirSync(folder).sort()) if (name.endsWith('.test.js')) mocha.addFile(join(folder, name));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        console.log(`VSCODE-TESTS ${JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures })}`);
        if (failures > 0)
          reject(new Error(`${failures} of ${failures + (runner.stats?.passes ?? 0)} VS Code tests failed`));
        else resolve();
      });
    } catch (err) {
      console.log(`VSCODE-TESTS ${JSON.stringify({ passed: 0, failed: 1 })}`);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
