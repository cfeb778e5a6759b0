// @ts-check
// The demo broker `npm start` runs beside VS Code: mosquitto on 127.0.0.1 (a free port, its own folder) and a
// small simulator on mqtt.js: room temperatures every second, retained device states, and a birth/will pair.
// Loopback only; everything stops with `stop()`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './codeServer.mjs';

const BINARY = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));

/** @param {number} port */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const ROOMS = ['kitchen', 'livingroom', 'bedroom'];
const DEVICES = { 'lamp-1': 'on', 'lamp-2': 'off', 'heater-1': 'eco' };

/**
 * Start mosquitto and the simulator. Resolves with the broker's URL and a stop function; rejects with a clear
 * reason when mosquitto is not installed or does not start.
 * @param {{ intervalMs?: number }} [options]
 */
export async function startDemo({ intervalMs = 1000 } = {}) {
  if (!BINARY) throw new Error('mosquitto is not installed (Debian: apt-get install mosquitto)');
  const dir = mkdtempSync(join(tmpdir(), 'mqttwb-demo-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    [`listener ${port} 127.0.0.1`, 'allow_anonymous true', `user ${userInfo().username}`, 'persistence false', ''].join(
      '\n',
    ),
  );
  const broker = spawn(BINARY, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (broker.exitCode !== null || Date.now() > deadline) {
      broker.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the demo mosquitto did not start on 127.0.0.1:${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = `mqtt://127.0.0.1:${port}`;
  const mqtt = await import('mqtt');
  const client = await mqtt.connectAsync(url, {
    clientId: 'mqtt-workbench-demo-simulator',
    will: { topic: 'home/devices/simulator/status', payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  await client.publishAsync('home/devices/simulator/status', 'online', { qos: 1, retain: true });
  for (const [device, state] of Object.entries(DEVICES))
    await client.publishAsync(
      `home/devices/${device}/state`,
      JSON.stringify({ state, since: new Date().toISOString() }),
      {
        qos: 1,
        retain: true,
      },
    );
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    for (const [i, room] of ROOMS.entries()) {
      const temperature = Math.round((20 + i + Math.sin((tick + i * 3) / 5) * 1.5) * 10) / 10;
      void client.publishAsync(`home/${room}/temp`, String(temperature)).catch(() => undefined);
    }
  }, intervalMs);
  const stop = async () => {
    clearInterval(timer);
    await client.endAsync(true).catch(() => undefined);
    const gone = new Promise((r) => broker.once('exit', r));
    broker.kill('SIGTERM');
    await gone;
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, port, stop };
}
