import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startLivekit } from '../../../../scripts/services/livekit.mjs';
import { createHttpConnectionProbe } from './connection-probe.js';

/** The test stage's shared LiveKit when there is one, else our own. */
async function testLivekit(): Promise<{ url: string; stop(): Promise<void> }> {
  const shared = process.env.ATTUNE_TEST_LIVEKIT_URL;
  if (shared) return { url: shared, stop: async () => undefined };
  return startLivekit();
}

/** A port nothing listens on: bound, noted, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the HTTP connection probe, against a real livekit-server', () => {
  let livekit: { url: string; stop(): Promise<void> };
  before(async () => {
    livekit = await testLivekit();
  });
  after(() => livekit?.stop());

  it('measures a round trip to the server without a token, so no room is joined', async () => {
    const requested: string[] = [];
    const probe = createHttpConnectionProbe(livekit.url, {
      fetch: (input, init) => {
        requested.push(String(input));
        return fetch(input, init);
      },
    });
    const report = await probe(new AbortController().signal);
    assert.equal(report.reachable, true);
    assert.equal(typeof report.roundTripMs, 'number');
    assert.ok(report.roundTripMs! >= 0);
    assert.equal(report.transport, 'unknown', 'without STUN servers UDP cannot be told');
    assert.equal(requested.length, 3);
    assert.ok(requested.every((url) => url === `${livekit.url.replace(/^ws/, 'http')}/rtc/validate`));
  });

  it('reports an unreachable server instead of failing', async () => {
    const probe = createHttpConnectionProbe(`ws://127.0.0.1:${await closedPort()}`);
    assert.deepEqual(await probe(new AbortController().signal), { reachable: false, transport: 'unknown' });
  });

  it('stops when the check is left mid-test', async () => {
    const controller = new AbortController();
    // A network that never answers; like a real fetch, it gives up when its signal aborts.
    const silent = (_input: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const probe = createHttpConnectionProbe(livekit.url, { fetch: silent as typeof fetch });
    const pending = probe(controller.signal);
    controller.abort(new Error('left the check'));
    await assert.rejects(pending, /left the check/);
  });
});
