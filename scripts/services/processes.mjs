// Every service a script or test starts goes through here, so that nothing outlives the run:
// each child gets its own process group, and the whole group is stopped on exit, Ctrl-C,
// SIGTERM or a crash.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const running = new Set();

/** @typedef {import('node:child_process').ChildProcess & { stop: () => Promise<void>, exited: Promise<number | null> }} TrackedChild */

/**
 * Spawns a child in its own process group and remembers it until it exits.
 * `stop()` sends SIGTERM to the group, then SIGKILL after `graceMs` (3 s).
 * @returns {TrackedChild}
 */
export function spawnTracked(command, args = [], options = {}) {
  const { graceMs = 3000, ...spawnOptions } = options;
  const child = spawn(command, args, { stdio: 'inherit', ...spawnOptions, detached: true });
  const entry = { child, graceMs };
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

function signalGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopChild(entry) {
  const { child, graceMs } = entry;
  if (child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone; its group may still hold grandchildren.
    signalGroup(child, 'SIGKILL');
    return;
  }
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
  signalGroup(child, 'SIGKILL');
}

/** Stops every child still running (SIGTERM, then SIGKILL after the grace time). */
export async function stopAll() {
  await Promise.all([...running].map(stopChild));
}

// On a synchronous exit there is no time to wait: kill every group outright.
function killAllNow() {
  for (const { child } of running) signalGroup(child, 'SIGKILL');
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
