// A throwaway Redis on a free port: what several livekit-server nodes share to act as one cluster.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { ensureAptPackages } from './apt.mjs';
import { freePort, spawnTracked } from './processes.mjs';

const redisBinary = '/usr/bin/redis-server';

export async function ensureRedis() {
  if (!existsSync(redisBinary)) {
    await ensureAptPackages(['redis-server'], 'Redis lets several LiveKit nodes share rooms in the scale-out tests.');
  }
  return redisBinary;
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Starts redis-server without persistence; returns `{ url: 'redis://127.0.0.1:PORT', address, stop() }`. */
export async function startRedis({ timeoutMs = 10_000 } = {}) {
  const binary = await ensureRedis();
  const port = await freePort();
  const child = spawnTracked(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + timeoutMs;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await child.stop();
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, address: `127.0.0.1:${port}`, port, stop: () => child.stop() };
}
