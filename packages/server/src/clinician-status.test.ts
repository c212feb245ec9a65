// The clinician's status and each waiting patient's place, against a real livekit-server, on a
// real SQLite file and a real PostgreSQL database. A signal-only participant cannot receive data
// (that needs WebRTC), so the server's LiveKit door records every message LiveKit accepted; the
// browser e2e (e2e/queue-status.e2e.test.ts) shows the patient's waiting room receiving them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { QueueEntry } from '@attune/core';
import { api, clinician1, joinBySignal, patient1, patient2, postgresBackend, postParticipantWebhook, recordingServerOn, sqliteBackend } from './server.test-support.js';
import type { ControlMessage } from './visits/livekit-access.js';
import { queuePlaces } from './visits/queue-announcements.js';

type QueueStatus = Extract<ControlMessage, { type: 'queue-status' }>;

function entry(identity: string, arrivedAt: string, overrides: Partial<QueueEntry> = {}): QueueEntry {
  return {
    appointmentId: `appt-${identity}`,
    identity,
    label: identity,
    arrivedAt,
    state: 'waiting',
    deviceCheck: 'unknown',
    intake: 'none',
    riskFlags: [],
    ...overrides,
  };
}

describe('queue places', () => {
  it('numbers the patients not yet in their visit in queue order, held ones included', () => {
    const places = queuePlaces([
      entry('p-flagged', '2026-01-01T10:05:00Z', { riskFlags: [{ code: 'phq9-item9', label: 'x', raisedAt: '2026-01-01T09:00:00Z' }] }),
      entry('p-in-visit', '2026-01-01T10:00:00Z', { state: 'admitted' }),
      entry('p-held', '2026-01-01T10:01:00Z', { state: 'held' }),
      entry('p-later', '2026-01-01T10:02:00Z'),
    ]);
    assert.deepEqual(
      places.map((place) => [place.identity, place.position, place.waitingCount]),
      [
        ['p-flagged', 1, 3],
        ['p-held', 2, 3],
        ['p-later', 3, 3],
      ],
    );
  });

  it('has no places when no one is waiting', () => {
    assert.deepEqual(queuePlaces([entry('p-in-visit', '2026-01-01T10:00:00Z', { state: 'admitted' })]), []);
  });
});

for (const backend of [sqliteBackend, postgresBackend('attune_status')]) {
  describe(`the clinician's status and the patients' places (${backend.name})`, () => {
    const fixture = recordingServerOn(backend);

    /** Waits for the next queue-status message LiveKit accepted for this identity after `since`. */
    async function statusFor(identity: string, since: number, test: (status: QueueStatus) => boolean = () => true): Promise<QueueStatus> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = fixture.recorder.sent
          .slice(since)
          .filter((sent) => sent.message.type === 'queue-status' && sent.to?.length === 1 && sent.to[0] === identity)
          .map((sent) => sent.message as QueueStatus)
          .find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no queue-status for ${identity}: ${JSON.stringify(fixture.recorder.sent.slice(since))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('starts with no status, sets one, replaces it and clears it for the clinician', async () => {
      const clinician = await clinician1();
      assert.deepEqual((await api(fixture.t.url, 'GET', '/clinician/status', clinician)).body, { message: null, lateMinutes: null, updatedAt: null });
      const set = await api(fixture.t.url, 'POST', '/clinician/status', clinician, { message: '  Running 5 minutes late ' });
      assert.equal(set.status, 200);
      assert.equal(set.body.message, 'Running 5 minutes late');
      assert.equal(set.body.lateMinutes, null);
      assert.ok(!Number.isNaN(Date.parse(set.body.updatedAt)));
      await api(fixture.t.url, 'POST', '/clinician/status', clinician, { message: 'Running 10 minutes late' });
      assert.equal((await api(fixture.t.url, 'GET', '/clinician/status', clinician)).body.message, 'Running 10 minutes late');
      const cleared = await api(fixture.t.url, 'POST', '/clinician/status', clinician, { message: null });
      assert.equal(cleared.status, 200);
      assert.deepEqual(cleared.body, { message: null, lateMinutes: null, updatedAt: null });
      assert.deepEqual((await api(fixture.t.url, 'GET', '/clinician/status', clinician)).body, { message: null, lateMinutes: null, updatedAt: null });
    });

    it('keeps running late as minutes, not words, and clears it like any status', async () => {
      const clinician = await clinician1();
      await api(fixture.t.url, 'POST', '/clinician/status', clinician, { message: 'With another patient' });
      const set = await api(fixture.t.url, 'POST', '/clinician/status', clinician, { lateMinutes: 10 });
      assert.equal(set.status, 200);
      assert.equal(set.body.lateMinutes, 10);
      assert.equal(set.body.message, null, 'the words before are replaced');
      assert.ok(!Number.isNaN(Date.parse(set.body.updatedAt)));
      const read = (await api(fixture.t.url, 'GET', '/clinician/status', clinician)).body;
      assert.deepEqual({ ...read, updatedAt: undefined }, { message: null, lateMinutes: 10, updatedAt: undefined });
      // `lateMinutes: null` beside the words is not "both".
      assert.equal((await api(fixture.t.url, 'POST', '/clinician/status', clinician, { message: 'Back now', lateMinutes: null })).body.message, 'Back now');
      await api(fixture.t.url, 'POST', '/clinician/status', clinician, { lateMinutes: 120 });
      const cleared = await api(fixture.t.url, 'POST', '/clinician/status', clinician, { message: null });
      assert.deepEqual(cleared.body, { message: null, lateMinutes: null, updatedAt: null });
    });

    it('refuses minutes that are not whole, out of 1–120, not a number, or sent with words (400)', async () => {
      const clinician = await clinician1();
      await api(fixture.t.url, 'POST', '/clinician/status', clinician, { lateMinutes: 5 });
      for (const body of [{ lateMinutes: 10.5 }, { lateMinutes: 0 }, { lateMinutes: 121 }, { lateMinutes: -5 }, { lateMinutes: '10' }, { lateMinutes: 10, message: 'Running late' }]) {
        const bad = await api(fixture.t.url, 'POST', '/clinician/status', clinician, body);
        assert.equal(bad.status, 400, JSON.stringify(body));
        assert.equal(bad.body.code, 'input/invalid');
        assert.match(bad.body.message, /lateMinutes/);
      }
      assert.equal((await api(fixture.t.url, 'GET', '/clinician/status', clinician)).body.lateMinutes, 5, 'nothing bad was stored');
      await api(fixture.t.url, 'POST', '/clinician/status', clinician, { message: null });
    });

    it('refuses patients (403), and a missing, empty or overlong message (400)', async () => {
      const patient = await patient1();
      const refused = await api(fixture.t.url, 'POST', '/clinician/status', patient, { message: 'I am running late' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'auth/forbidden');
      assert.equal((await api(fixture.t.url, 'GET', '/clinician/status', patient)).status, 403);
      assert.equal((await api(fixture.t.url, 'GET', '/clinician/status')).status, 401);
      const clinician = await clinician1();
      for (const body of [{}, { message: '   ' }, { message: 42 }, { message: 'x'.repeat(201) }]) {
        const bad = await api(fixture.t.url, 'POST', '/clinician/status', clinician, body);
        assert.equal(bad.status, 400, JSON.stringify(body));
        assert.equal(bad.body.code, 'input/invalid');
      }
      assert.equal((await api(fixture.t.url, 'GET', '/clinician/status', clinician)).body.message, null, 'nothing bad was stored');
    });

    it('audits every change and refusal, never what the status says', async () => {
      await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { message: 'Back from a call with Dr. Quinn' });
      await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { lateMinutes: 45 });
      await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { message: null });
      const audit = await fixture.t.server.store.auditEntries({ action: 'clinician-status' });
      assert.ok(audit.filter((e) => e.actorUserId === 'clinician-1' && e.outcome === 'ok').length >= 3);
      assert.ok(
        audit.every((e) => !Object.values(e).some((value) => value === 45 || value === '45')) && !JSON.stringify(audit).includes('late'),
        'nor how late',
      );
      assert.ok(audit.some((e) => e.actorUserId === 'patient-1' && e.outcome === 'denied'));
      assert.ok(!JSON.stringify(await fixture.t.server.store.auditEntries()).includes('Quinn'));
    });

    describe('with two patients waiting for the same clinician', () => {
      let first: string;
      let second: string;

      before(async () => {
        const joinFirst = await api(fixture.t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
        fixture.participants.push(await joinBySignal(fixture.livekit.url, joinFirst.body.token));
        const joinSecond = await api(fixture.t.url, 'POST', '/visits/demo-visit-2/join', await patient2());
        fixture.participants.push(await joinBySignal(fixture.livekit.url, joinSecond.body.token));
        first = joinFirst.body.identity;
        second = joinSecond.body.identity;
      });

      it('tells each waiting patient, and only them, their place and the new status', async () => {
        const since = fixture.recorder.sent.length;
        await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { message: 'Running 10 minutes late' });
        const toFirst = await statusFor(first, since);
        const toSecond = await statusFor(second, since);
        assert.deepEqual(toFirst, { type: 'queue-status', position: 1, waitingCount: 2, clinicianStatus: 'Running 10 minutes late', clinicianLateMinutes: null });
        assert.deepEqual(toSecond, { type: 'queue-status', position: 2, waitingCount: 2, clinicianStatus: 'Running 10 minutes late', clinicianLateMinutes: null });
        const messages = fixture.recorder.sent.slice(since).filter((sent) => sent.message.type === 'queue-status');
        assert.ok(messages.every((sent) => sent.to?.length === 1), 'never broadcast to a room');
        assert.equal(messages.find((sent) => sent.to![0] === first)?.room, fixture.t.room('demo-visit-1'));
        assert.equal(messages.find((sent) => sent.to![0] === second)?.room, fixture.t.room('demo-visit-2'));
      });

      it('tells each waiting patient a running late as minutes, for their own waiting room to word', async () => {
        const since = fixture.recorder.sent.length;
        await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { lateMinutes: 15 });
        assert.deepEqual(await statusFor(first, since), { type: 'queue-status', position: 1, waitingCount: 2, clinicianStatus: null, clinicianLateMinutes: 15 });
        assert.deepEqual(await statusFor(second, since), { type: 'queue-status', position: 2, waitingCount: 2, clinicianStatus: null, clinicianLateMinutes: 15 });
        const asked = await api(fixture.t.url, 'GET', '/visits/demo-visit-1/queue-status', await patient1());
        assert.deepEqual(asked.body, { position: 1, waitingCount: 2, clinicianStatus: null, clinicianLateMinutes: 15 });
      });

      it('answers a waiting patient who asks for their place, and only the patient of that visit', async () => {
        await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { message: 'Running 10 minutes late' });
        const asked = await api(fixture.t.url, 'GET', '/visits/demo-visit-2/queue-status', await patient2());
        assert.equal(asked.status, 200);
        assert.deepEqual(asked.body, { position: 2, waitingCount: 2, clinicianStatus: 'Running 10 minutes late', clinicianLateMinutes: null });
        assert.equal((await api(fixture.t.url, 'GET', '/visits/demo-visit-2/queue-status', await patient1())).status, 403, 'another visit’s patient');
        assert.equal((await api(fixture.t.url, 'GET', '/visits/demo-visit-2/queue-status', await clinician1())).status, 403, 'patients only');
        assert.equal((await api(fixture.t.url, 'GET', '/visits/demo-visit-2/queue-status')).status, 401);
      });

      it('sends the places again when LiveKit says someone joined (a signed webhook)', async () => {
        const since = fixture.recorder.sent.length;
        assert.equal(await postParticipantWebhook(fixture.t, fixture.livekit, 'participant_joined', fixture.t.room('demo-visit-2'), second), 200);
        assert.equal((await statusFor(second, since)).position, 2);
        assert.equal((await statusFor(first, since)).position, 1);
      });

      it('puts a patient with a risk flag first, as the clinician reads the queue', async () => {
        await fixture.t.server.store.addRiskFlag({ appointmentId: 'demo-visit-2' }, { code: 'phq9-item9', label: 'PHQ-9 item 9', raisedAt: new Date().toISOString() });
        const since = fixture.recorder.sent.length;
        await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { message: 'Running 15 minutes late' });
        assert.equal((await statusFor(second, since)).position, 1);
        assert.equal((await statusFor(first, since)).position, 2);
        const queue = await api(fixture.t.url, 'GET', '/queue', await clinician1());
        assert.deepEqual(
          queue.body.map((e: QueueEntry) => e.identity),
          [second, first],
        );
      });

      it('moves the other patient up when one is admitted, and tells the admitted one nothing more', async () => {
        const since = fixture.recorder.sent.length;
        assert.equal((await api(fixture.t.url, 'POST', '/visits/demo-visit-2/admit', await clinician1(), { identity: second })).status, 204);
        assert.deepEqual(await statusFor(first, since), { type: 'queue-status', position: 1, waitingCount: 1, clinicianStatus: 'Running 15 minutes late', clinicianLateMinutes: null });
        const later = fixture.recorder.sent.length;
        await api(fixture.t.url, 'POST', '/clinician/status', await clinician1(), { message: null });
        assert.deepEqual(await statusFor(first, later), { type: 'queue-status', position: 1, waitingCount: 1, clinicianStatus: null, clinicianLateMinutes: null });
        assert.ok(
          !fixture.recorder.sent.slice(since).some((sent) => sent.message.type === 'queue-status' && sent.to?.includes(second)),
          'the admitted patient is not in the line any more',
        );
      });
    });
  });
}
