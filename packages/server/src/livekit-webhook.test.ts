import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLivekit, type StartedLivekit } from '../../../scripts/services/livekit.mjs';
import { loadConfig } from './config.js';
import { listen } from './http/node-listener.js';
import { createAttuneServer, type AttuneServer } from './server.js';
import { api, HOST_SECRET, joinBySignal, patient1, type SignalParticipant } from './server.test-support.js';

// Its own LiveKit: the webhook URL must point at this test's server, which exists before LiveKit does.
describe('webhooks from a real livekit-server', () => {
  let livekit: StartedLivekit;
  let server: AttuneServer;
  let http: { url: string; close(): Promise<void> };
  let dir: string;
  let patient: SignalParticipant | undefined;
  const webhookAnswers: Array<{ status: number; event: string }> = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attune-webhook-'));
    http = await listen(
      {
        async handle(request) {
          const event = request.url.endsWith('/livekit/webhook') ? String(JSON.parse(await request.clone().text()).event) : '';
          const response = await server.handle(request);
          if (event) webhookAnswers.push({ status: response.status, event });
          return response;
        },
      },
      { port: 0 },
    );
    livekit = await startLivekit({ webhookUrl: `${http.url}/livekit/webhook` });
    server = await createAttuneServer(
      loadConfig({
        ATTUNE_DB: join(dir, 'attune.db'),
        ATTUNE_DEV: 'true',
        ATTUNE_SEED_DEMO: 'true',
        LIVEKIT_URL: livekit.url,
        LIVEKIT_API_KEY: livekit.apiKey,
        LIVEKIT_API_SECRET: livekit.apiSecret,
        ATTUNE_HOST_JWT_SECRET: HOST_SECRET,
      }),
    );
  });
  after(async () => {
    patient?.close();
    await livekit?.stop();
    await http?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts LiveKit's own signed webhooks when a patient arrives", async () => {
    const join = await api(http.url, 'POST', '/visits/demo-visit-1/join', await patient1());
    patient = await joinBySignal(livekit.url, join.body.token);
    const deadline = Date.now() + 10_000;
    while (!webhookAnswers.some((answer) => answer.event === 'room_started' || answer.event === 'participant_joined')) {
      assert.ok(Date.now() < deadline, `no webhook arrived (got ${JSON.stringify(webhookAnswers)})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(webhookAnswers.length > 0);
    for (const answer of webhookAnswers) assert.equal(answer.status, 200, `${answer.event} was refused`);
  });
});
