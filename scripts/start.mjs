// `npm start`: build, then open the extension in real VS Code on the sample workspace.
// With a local `code` on PATH: code --extensionDevelopmentPath=<project> test/workspace.
// Otherwise: code-server on 127.0.0.1 (installed into .vscode-test/ on first use), URL printed.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot, startCodeServer } from './codeServer.mjs';

const workspace = join(projectRoot, 'test', 'workspace');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: projectRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']);
run(process.execPath, [join(projectRoot, 'scripts', 'build.mjs')]);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.argv.includes('--code-server')) {
  const child = spawn('code', [`--extensionDevelopmentPath=${projectRoot}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No local `code` on PATH: starting code-server (the real VS Code workbench in a browser).');
  const server = await startCodeServer({ workspace });
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${projectRoot}`]];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(`\nOpen this URL in a browser on this machine (loopback only):\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', () => process.exit(1));
}
