// @ts-check
// `npm start`: build, then open the extension in real VS Code on a fresh copy of the sample workspace
// (.vscode-test/sample, remade at each start: the tracked test/workspace stays as it is).
// With a local `code` on PATH: code --extensionDevelopmentPath=<project> .vscode-test/sample.
// Otherwise (or with --code-server): code-server on 127.0.0.1 (installed into .vscode-test/ on first
// use), the extension loaded for development through the workbench's `payload` parameter; the URL is
// printed and the server stays up until Ctrl-C.
// A demo broker (mosquitto on 127.0.0.1 with a small simulator, scripts/demoBroker.mjs) runs beside it, and the
// sample copy gets a broker profile "demo" for it: connect from the MQTT view to see live topics.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyOfSample, projectRoot, startCodeServer } from './codeServer.mjs';
import { startDemo } from './demoBroker.mjs';

const workspace = copyOfSample(join(projectRoot, '.vscode-test', 'sample'));

/** @type {{ url: string, stop: () => Promise<void> } | undefined} */
let demo;
try {
  demo = await startDemo();
  const settingsFile = join(workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  settings['mqttWorkbench.brokers'] = [{ name: 'demo', url: demo.url, subscriptions: ['home/#', '$SYS/broker/#'] }];
  writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  console.error(`> demo broker on ${demo.url} (profile "demo" in the sample's settings)`);
} catch (err) {
  console.error(
    `npm start: no demo broker (${err instanceof Error ? err.message : String(err)}); the rest works without it`,
  );
}
const stopDemo = async () => {
  await demo?.stop().catch(() => undefined);
  demo = undefined;
};

function run(title, cmd, args) {
  console.error(`> ${title}`);
  const r = spawnSync(cmd, args, { cwd: projectRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm start: ${title} failed`);
    process.exit(r.status ?? 1);
  }
}

run('tsc -b', process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']);
run('node scripts/build.mjs', process.execPath, [join(projectRoot, 'scripts', 'build.mjs')]);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.argv.includes('--code-server')) {
  const child = spawn('code', ['--wait', `--extensionDevelopmentPath=${projectRoot}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => void stopDemo().then(() => process.exit(code ?? 0)));
} else {
  console.error('No `code` on PATH: starting code-server (the real VS Code workbench, in a browser).');
  let server;
  try {
    server = await startCodeServer({ workspace });
  } catch (err) {
    console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
    await stopDemo();
    process.exit(1);
  }
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${projectRoot}`]];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(
    `\nMQTT Workbench (development build) in VS Code ${'\u2014'} open this URL in a browser on this machine (loopback only):\n\n  ${url}\n\n` +
      'After rebuilding (npm run compile), reload the browser tab. Press Ctrl-C to stop.',
  );
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await stopDemo();
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(0));
  server.process.on('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited unexpectedly (${code}):\n${server.output().slice(-2000)}`);
    void stop(1);
  });
}
