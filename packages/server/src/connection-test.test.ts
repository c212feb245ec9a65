// The device check's connection test: a token for a hidden, throwaway probe room on the real
// livekit-server, on a real SQLite file and a real PostgreSQL database. The patient who probes must
// never reach a queue: not through the probe room, and not through LiveKit's webhooks for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueueEntry } from '@attune/core';
import { decodeJwt } from 'jose';
import { api, clinician1, joinBySignal, patient1, patient2, postgresBackend, postParticipantWebhook, recordingServerOn, sqliteBackend } from './server.test-support.js';
import { TOKEN_TTL_SECONDS } from './visits/livekit-access.js';

interface ProbeClaims {
  sub?: string;
  exp?: number;
  nbf?: number;
  attributes?: Record<string, string>;
  video?: { room?: string; roomJoin?: boolean; hidden?: boolean; canPublish?: boolean; canSubscribe?: boolean; canPublishData?: boolean };
}

for (const backend of [sqliteBackend, postgresBackend('attune_probe')]) {
  describe(`the connection test (${backend.name})`, () => {
    const fixture = recordingServerOn(backend);
    const postWebhook = (event: string, room: string, identity: string) => postParticipantWebhook(fixture.t, fixture.livekit, event, room, identity);

    it('refuses a patient of another appointment (403) and audits the refusal', async () => {
      const refused = await api(fixture.t.url, 'POST', '/visits/demo-visit-1/connection-test', await patient2());
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'auth/forbidden');
      assert.equal(refused.body.token, undefined);
      assert.equal((await api(fixture.t.url, 'POST', '/visits/demo-visit-1/connection-test')).status, 401);
      assert.equal((await api(fixture.t.url, 'POST', '/visits/no-such-visit/connection-test', await patient1())).status, 404);
      const audit = await fixture.t.server.store.auditEntries({ action: 'connection-test' });
      assert.ok(audit.some((entry) => entry.actorUserId === 'patient-2' && entry.target === 'demo-visit-1' && entry.outcome === 'denied'));
    });

    it("gives the appointment's patient a short, hidden, publish-only token for a probe room of its own", async () => {
      const answer = await api(fixture.t.url, 'POST', '/visits/demo-visit-1/connection-test', await patient1());
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.body).sort(), ['expiresAt', 'livekitUrl', 'token']);
      assert.equal(answer.body.livekitUrl, fixture.livekit.url);
      const claims = decodeJwt(answer.body.token) as ProbeClaims;
      const room = claims.video?.room ?? '';
      assert.match(room, new RegExp(`^${fixture.t.config.roomPrefix}-probe-[A-Za-z0-9_-]+$`));
      assert.notEqual(room, fixture.t.room('demo-visit-1'));
      assert.deepEqual(
        { roomJoin: claims.video?.roomJoin, hidden: claims.video?.hidden, canPublish: claims.video?.canPublish, canSubscribe: claims.video?.canSubscribe },
        { roomJoin: true, hidden: true, canPublish: true, canSubscribe: false },
      );
      assert.match(claims.sub ?? '', /^t-[A-Za-z0-9_-]+$/, 'a non-personal identity');
      assert.ok(!(claims.sub ?? '').includes('patient'), 'the identity says nothing about the person');
      assert.deepEqual(claims.attributes ?? {}, {}, 'no attribute that the queue reads');
      assert.ok(claims.exp! - Math.floor(Date.now() / 1000) <= TOKEN_TTL_SECONDS);
      assert.ok(claims.exp! - claims.nbf! <= 600);

      const again = decodeJwt((await api(fixture.t.url, 'POST', '/visits/demo-visit-1/connection-test', await patient1())).body.token) as ProbeClaims;
      assert.notEqual(again.video?.room, room, 'every test gets a fresh room');
      assert.notEqual(again.sub, claims.sub);

      const audit = await fixture.t.server.store.auditEntries({ action: 'connection-test' });
      const ok = audit.filter((entry) => entry.actorUserId === 'patient-1' && entry.outcome === 'ok');
      assert.equal(ok.length, 2);
      assert.equal(ok[0]!.target, 'demo-visit-1');
      assert.ok(!JSON.stringify(audit).includes(room), 'the audit says a test happened, nothing about it');
    });

    it("gives the appointment's clinician one too", async () => {
      const answer = await api(fixture.t.url, 'POST', '/visits/demo-visit-1/connection-test', await clinician1());
      assert.equal(answer.status, 200);
      assert.match((decodeJwt(answer.body.token) as ProbeClaims).video?.room ?? '', /-probe-/);
    });

    it("lets the probe join LiveKit, and neither the probe room nor its webhooks touch the clinician's queue", async () => {
      const join = await api(fixture.t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
      fixture.participants.push(await joinBySignal(fixture.livekit.url, join.body.token));
      const queueBefore = (await api(fixture.t.url, 'GET', '/queue', await clinician1())).body as QueueEntry[];
      assert.deepEqual(queueBefore.map((entry) => entry.identity), [join.body.identity]);

      const probe = await api(fixture.t.url, 'POST', '/visits/demo-visit-1/connection-test', await patient1());
      const claims = decodeJwt(probe.body.token) as ProbeClaims;
      fixture.participants.push(await joinBySignal(fixture.livekit.url, probe.body.token));
      const probeParticipants = await fixture.recorder.rooms.listParticipants(claims.video!.room!);
      assert.deepEqual(probeParticipants.map((participant) => participant.identity), [claims.sub], 'LiveKit took the probe');

      const sentBefore = fixture.recorder.sent.length;
      assert.equal(await postWebhook('participant_joined', claims.video!.room!, claims.sub!), 200);
      assert.equal(await postWebhook('participant_left', claims.video!.room!, claims.sub!), 200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(fixture.recorder.sent.slice(sentBefore), [], 'no queue announcement for a probe room');

      const queueAfter = (await api(fixture.t.url, 'GET', '/queue', await clinician1())).body as QueueEntry[];
      assert.deepEqual(queueAfter, queueBefore);

      // The same webhook for the visit room does announce: the silence above is the probe room's.
      assert.equal(await postWebhook('participant_joined', fixture.t.room('demo-visit-1'), join.body.identity), 200);
      const deadline = Date.now() + 10_000;
      while (!fixture.recorder.sent.slice(sentBefore).some((sent) => sent.room === fixture.t.room('demo-visit-1'))) {
        assert.ok(Date.now() < deadline, 'the visit room webhook announced nothing');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    it('refuses a connection test for an ended visit (409)', async () => {
      assert.equal((await api(fixture.t.url, 'POST', '/visits/demo-visit-2/end', await clinician1())).status, 204);
      const refused = await api(fixture.t.url, 'POST', '/visits/demo-visit-2/connection-test', await patient2());
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'visit/ended');
    });
  });
}
