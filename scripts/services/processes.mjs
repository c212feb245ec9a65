// Every service a script or test starts goes through here, so that nothing outlives the run:
// each child gets its own process group, and the whole group is stopped on exit, Ctrl-C,
// SIGTERM or a crash.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const running = new Set();

// A process started by spawnTracked (a test file under `npm test`, say) is already the leader or a
// member of a group its parent will stop as a whole. Its own children stay in that group, so even
// a SIGKILL of the group reaches them; only the outermost runner gives each child its own group.
const insideTrackedGroup = process.env.ATTUNE_TRACKED_GROUP === '1';

/** @typedef {import('node:child_process').ChildProcess & { stop: () => Promise<void>, exited: Promise<number | null> }} TrackedChild */

/**
 * Spawns a child in its own process group (unless this process is itself inside a tracked group)
 * and remembers it until it exits. `stop()` sends SIGTERM, a second SIGTERM a moment later (LiveKit
 * drains rooms on the first and quits on the second), and SIGKILL after `graceMs` (3 s).
 * @returns {TrackedChild}
 */
export function spawnTracked(command, args = [], options = {}) {
  const { graceMs = 3000, ...spawnOptions } = options;
  const env = { ...(spawnOptions.env ?? process.env), ATTUNE_TRACKED_GROUP: '1' };
  const ownGroup = !insideTrackedGroup;
  const child = spawn(command, args, { stdio: 'inherit', ...spawnOptions, env, detached: ownGroup });
  const entry = { child, graceMs, ownGroup };
  running.add(entry);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(entry);
      resolve(code ?? (signal ? 128 : null));
    });
    child.once('error', () => {
      running.delete(entry);
      resolve(null);
    });
  });
  child.stop = () => stopChild(entry);
  return child;
}

function signal(entry, name) {
  const { child, ownGroup } = entry;
  if (child.pid === undefined) return false;
  try {
    process.kill(ownGroup ? -child.pid : child.pid, name);
    return true;
  } catch {
    return false; // already gone
  }
}

const alive = (entry) => signal(entry, 0);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function stopChild(entry) {
  const { graceMs } = entry;
  const deadline = Date.now() + graceMs;
  signal(entry, 'SIGTERM');
  let secondSent = false;
  // Wait for the whole group (not only its leader) to go, up to the grace time.
  while (alive(entry) && Date.now() < deadline) {
    await sleep(100);
    if (!secondSent && Date.now() > deadline - graceMs / 2) {
      secondSent = true;
      signal(entry, 'SIGTERM');
    }
  }
  signal(entry, 'SIGKILL');
  await Promise.race([entry.child.exited, sleep(1000)]);
}

/** Stops every child still running (SIGTERM, then SIGKILL after the grace time). */
export async function stopAll() {
  await Promise.all([...running].map(stopChild));
}

// On a synchronous exit there is no time to wait: kill every group outright.
function killAllNow() {
  for (const entry of running) signal(entry, 'SIGKILL');
  running.clear();
}

let hooked = false;
function installExitHooks() {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  // Only when nobody else (node:test, say) handles a crash do we act like Node's default.
  process.on('uncaughtException', (error) => {
    if (process.listenerCount('uncaughtException') > 1) return;
    console.error(error);
    killAllNow();
    process.exit(1);
  });
}
installExitHooks();

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A UDP port that was free a moment ago on 127.0.0.1. */
export function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.unref();
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until it answers 2xx (and, if given, its body matches `expectBody`).
 * Fails early when `child` exits first.
 */
export async function waitForHttp(url, { timeoutMs = 30_000, intervalMs = 150, expectBody, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${url}: the process serving it exited (code ${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      if (response.ok && (expectBody === undefined || body.trim() === expectBody)) return body;
      lastProblem = `HTTP ${response.status} ${body.slice(0, 80)}`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${url} was not ready after ${timeoutMs} ms (${lastProblem})`);
}
