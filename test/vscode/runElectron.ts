/**
 * The same VS Code suite under @vscode/test-electron, for machines that can download VS Code.
 * (Here, offline, the download fails: this exits non-zero with the reason.)
 */
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'vscode', 'suite', 'index'),
    launchArgs: [join(root, 'test', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
    timeout: 120_000,
  });
}

main().catch((err: unknown) => {
  console.error(`VS Code tests under test-electron failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
