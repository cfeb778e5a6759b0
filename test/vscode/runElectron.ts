/**
 * The same VS Code suite under @vscode/test-electron, for machines that can download VS Code.
 * Offline the download fails: this exits non-zero with the reason and points to the code-server runner.
 */
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  const exitCode = await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'vscode', 'suite', 'index'),
    launchArgs: [
      join(root, 'test', 'workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
    timeout: 120_000,
  });
  process.exit(exitCode);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`VS Code tests under @vscode/test-electron failed: ${message}`);
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|download|timeout/i.test(message)) {
    console.error(
      'VS Code could not be downloaded. Without internet, run the same suite in code-server: node scripts/vscodeTests.mjs',
    );
  }
  process.exit(1);
});
