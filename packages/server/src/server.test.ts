import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import {
  api,
  clinician1,
  HOST_SECRET,
  hostToken,
  joinBySignal,
  patient1,
  patient2,
  postWebhook,
  startTestServer,
  testLivekit,
  type Livekit,
  type SignalParticipant,
  type TestServer,
  webhookAuthorization,
} from './server.test-support.js';

interface LivekitClaims {
  sub: string;
  exp: number;
  nbf: number;
  attributes?: Record<string, string>;
  video: { room: string; roomJoin: boolean; canPublish: boolean; canSubscribe: boolean; canPublishData: boolean; roomAdmin?: boolean };
}

describe('reference server against a real livekit-server', () => {
  let livekit: Livekit;
  let t: TestServer;
  let rooms: RoomServiceClient;
  const participants: SignalParticipant[] = [];

  before(async () => {
    livekit = await testLivekit();
    t = await startTestServer(livekit);
    rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  });
  after(async () => {
    for (const participant of participants) participant.close();
    await t?.close();
    await livekit?.stop();
  });

  async function signal(token: string) {
    const participant = await joinBySignal(livekit.url, token);
    participants.push(participant);
    return participant;
  }

  it('answers /health without a token', async () => {
    const res = await api(t.url, 'GET', '/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ok: true });
  });

  describe('host authentication', () => {
    it('refuses a request without a token', async () => {
      const res = await api(t.url, 'POST', '/visits/demo-visit-1/join');
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'auth/unauthenticated');
    });

    it('refuses an expired token', async () => {
      const expired = await hostToken({ sub: 'patient-1', role: 'patient' }, { expiresIn: -60 });
      const res = await api(t.url, 'POST', '/visits/demo-visit-1/join', expired);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'auth/unauthenticated');
      assert.match(res.body.message, /expired/);
    });

    it('refuses a tampered token (claims changed after signing) and one signed with another secret', async () => {
      const good = await patient1();
      const [header, , signature] = good.split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'clinician-1', role: 'clinician', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
      const tampered = await api(t.url, 'GET', '/queue', `${header}.${forged}.${signature}`);
      assert.equal(tampered.status, 401);
      assert.equal(tampered.body.code, 'auth/unauthenticated');
      const other = await hostToken({ sub: 'clinician-1', role: 'clinician' }, { secret: `x${HOST_SECRET}` });
      assert.equal((await api(t.url, 'GET', '/queue', other)).status, 401);
    });

    it('refuses a token without a known role or without exp', async () => {
      const noRole = await hostToken({ sub: 'patient-1' });
      assert.equal((await api(t.url, 'POST', '/visits/demo-visit-1/join', noRole)).status, 401);
    });

    it('signs in a demo user in dev mode, and refuses dev sign-in otherwise', async () => {
      const login = await api(t.url, 'POST', '/dev/login', undefined, { user: 'patient-1' });
      assert.equal(login.status, 200);
      const claims = decodeJwt(login.body.token);
      assert.equal(claims.sub, 'patient-1');
      assert.equal(claims.role, 'patient');
      assert.equal(claims.patient, 'demo-patient-1');
      assert.equal((await api(t.url, 'POST', '/visits/demo-visit-1/device-check', login.body.token, { result: 'passed' })).status, 204);
      assert.equal((await api(t.url, 'POST', '/dev/login', undefined, { user: 'nobody' })).status, 401);

      const production = await startTestServer(livekit, { ATTUNE_DEV: 'false' });
      try {
        const refused = await api(production.url, 'POST', '/dev/login', undefined, { user: 'patient-1' });
        assert.equal(refused.status, 403);
        assert.equal(refused.body.code, 'auth/forbidden');
      } finally {
        await production.close();
      }
    });
  });

  describe('join', () => {
    it('gives a patient a ten-minute, one-room lobby token with a non-personal identity and the visit key', async () => {
      const res = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
      assert.equal(res.status, 200);
      const join = res.body;
      assert.equal(join.appointmentId, 'demo-visit-1');
      assert.equal(join.role, 'patient');
      assert.equal(join.room, t.room('demo-visit-1'));
      assert.equal(join.livekitUrl, livekit.url);
      assert.match(join.identity, /^p-[A-Za-z0-9_-]{8,}$/);
      assert.doesNotMatch(join.identity, /patient|alex/i);
      assert.equal(Buffer.from(join.e2eeKey, 'base64').length, 32);

      const claims = (await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(join.token)) as unknown as LivekitClaims;
      assert.ok(claims.exp - claims.nbf <= 600, `token lives ${claims.exp - claims.nbf}s`);
      assert.equal(join.expiresAt, claims.exp);
      assert.equal(claims.sub, join.identity);
      assert.equal(claims.video.room, t.room('demo-visit-1'));
      assert.equal(claims.video.roomJoin, true);
      assert.equal(claims.video.canPublish, false);
      assert.equal(claims.video.canSubscribe, false);
      assert.equal(claims.video.canPublishData, true);
      assert.equal(claims.video.roomAdmin, undefined);
      assert.equal(claims.attributes?.['attune.state'], 'waiting');
    });

    it('keeps one identity and one visit key across joins, and gives the clinician full grants and the same key', async () => {
      const first = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
      const again = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
      assert.equal(again.body.identity, first.body.identity);
      assert.equal(again.body.e2eeKey, first.body.e2eeKey);
      const clinician = await api(t.url, 'POST', '/visits/demo-visit-1/join', await clinician1());
      assert.equal(clinician.status, 200);
      assert.equal(clinician.body.e2eeKey, first.body.e2eeKey);
      assert.match(clinician.body.identity, /^c-/);
      const claims = decodeJwt(clinician.body.token) as unknown as LivekitClaims;
      assert.equal(claims.video.canPublish, true);
      assert.equal(claims.video.canSubscribe, true);
      assert.equal(claims.video.room, t.room('demo-visit-1'));
      const other = await api(t.url, 'POST', '/visits/demo-visit-2/join', await patient2());
      assert.notEqual(other.body.e2eeKey, first.body.e2eeKey, 'each visit has its own key');
    });

    it("refuses another appointment's patient (403) and an unknown appointment (404)", async () => {
      const res = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient2());
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'auth/forbidden');
      assert.equal(res.body.e2eeKey, undefined);
      const unknown = await api(t.url, 'POST', '/visits/no-such-visit/join', await patient1());
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'visit/not-found');
      const denied = await t.server.store.auditEntries({ target: 'demo-visit-1', action: 'join' });
      assert.ok(denied.some((e) => e.actorUserId === 'patient-2' && e.outcome === 'denied'));
    });
  });

  describe('admission', () => {
    it('lets only the clinician admit: a patient calling admit gets 403', async () => {
      const join = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
      const res = await api(t.url, 'POST', '/visits/demo-visit-1/admit', await patient1(), { identity: join.body.identity });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'auth/forbidden');
    });

    it('admits a waiting patient: LiveKit pushes full permissions to that participant, and a rejoin keeps them', async () => {
      const join = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
      const patient = await signal(join.body.token);
      await patient.permissionWhere((p) => !p.canPublish && !p.canSubscribe && p.canPublishData);

      const res = await api(t.url, 'POST', '/visits/demo-visit-1/admit', await clinician1(), { identity: join.body.identity });
      assert.equal(res.status, 204);
      const granted = await patient.permissionWhere((p) => p.canPublish && p.canSubscribe);
      assert.equal(granted.canPublishData, true);
      assert.equal(granted.canUpdateMetadata, false);
      assert.equal(granted.hidden, false);
      const info = await rooms.getParticipant(t.room('demo-visit-1'), join.body.identity);
      assert.equal(info.attributes['attune.state'], 'admitted');

      const rejoin = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
      const claims = decodeJwt(rejoin.body.token) as unknown as LivekitClaims;
      assert.equal(claims.video.canPublish, true);
      assert.equal(claims.attributes?.['attune.state'], 'admitted');
      const audit = await t.server.store.auditEntries({ target: 'demo-visit-1', action: 'admit' });
      assert.ok(audit.some((e) => e.actorUserId === 'clinician-1' && e.outcome === 'ok'));
    });

    it('answers 404 when admitting someone who is not in the room', async () => {
      const res = await api(t.url, 'POST', '/visits/demo-visit-1/admit', await clinician1(), { identity: 'p-nobody' });
      assert.equal(res.status, 404);
    });

    it('answers 404 at once to a hold message for a patient who joined but is not connected', async () => {
      const join = await api(t.url, 'POST', '/visits/demo-visit-2/join', await patient2());
      const res = await api(t.url, 'POST', '/visits/demo-visit-2/hold-message', await clinician1(), { identity: join.body.identity, message: 'Hi' });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'visit/not-found');
    });
  });

  describe('queue, hold message, deny', () => {
    let identity: string;
    let patient: SignalParticipant;

    before(async () => {
      const join = await api(t.url, 'POST', '/visits/demo-visit-2/join', await patient2());
      identity = join.body.identity;
      patient = await signal(join.body.token);
    });

    it('lists waiting patients for their clinician only, risk flags first', async () => {
      assert.equal((await api(t.url, 'GET', '/queue', await patient2())).status, 403);
      const before = await api(t.url, 'GET', '/queue', await clinician1());
      assert.equal(before.status, 200);
      const waiting = before.body.find((e: { identity: string }) => e.identity === identity);
      assert.equal(waiting.appointmentId, 'demo-visit-2');
      assert.equal(waiting.state, 'waiting');
      assert.equal(waiting.label, 'Sam K. — 10:30 intake');
      assert.deepEqual(waiting.riskFlags, []);
      assert.ok(!Number.isNaN(Date.parse(waiting.arrivedAt)));

      await t.server.store.addRiskFlag(
        { patientId: 'demo-patient-2' },
        { code: 'phq9-item9', label: 'PHQ-9 item 9 answered above 0', raisedAt: new Date().toISOString() },
      );
      const after = await api(t.url, 'GET', '/queue', await clinician1());
      assert.equal(after.body[0].identity, identity, 'the flagged patient comes first');
      assert.equal(after.body[0].riskFlags[0].code, 'phq9-item9');
    });

    it('records a hold message in the queue but never in the audit log', async () => {
      const text = 'Running ten minutes late, thank you for waiting';
      const res = await api(t.url, 'POST', '/visits/demo-visit-2/hold-message', await clinician1(), { identity, message: text });
      assert.equal(res.status, 204);
      const queue = await api(t.url, 'GET', '/queue', await clinician1());
      const entry = queue.body.find((e: { identity: string }) => e.identity === identity);
      assert.equal(entry.state, 'held');
      assert.equal(entry.holdMessage, text);
      const audit = await t.server.store.auditEntries();
      assert.ok(audit.some((e) => e.action === 'hold-message' && e.outcome === 'ok'));
      assert.ok(!JSON.stringify(audit).includes('Running ten minutes'));
      assert.ok(!JSON.stringify(audit).includes('Sam K.'));
    });

    it('denies: the patient is removed from the room', async () => {
      const res = await api(t.url, 'POST', '/visits/demo-visit-2/deny', await clinician1(), { identity, reason: 'Please reschedule' });
      assert.equal(res.status, 204);
      await patient.removed();
      const list = await rooms.listParticipants(t.room('demo-visit-2'));
      assert.ok(!list.some((p) => p.identity === identity));
    });
  });

  it("records the patient's device check, and only the patient's", async () => {
    assert.equal((await api(t.url, 'POST', '/visits/demo-visit-2/device-check', await patient2(), { result: 'audio-only' })).status, 204);
    assert.equal((await t.server.store.getAppointment('demo-visit-2'))?.deviceCheck, 'audio-only');
    const bad = await api(t.url, 'POST', '/visits/demo-visit-2/device-check', await patient2(), { result: 'great' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'input/invalid');
    assert.equal((await api(t.url, 'POST', '/visits/demo-visit-2/device-check', await clinician1(), { result: 'passed' })).status, 403);
  });

  it('gives a clinician a data-only desk token, and a patient none', async () => {
    const res = await api(t.url, 'POST', '/desk/join', await clinician1());
    assert.equal(res.status, 200);
    assert.equal(res.body.room, t.deskRoom('clinician-1'));
    const claims = decodeJwt(res.body.token) as unknown as LivekitClaims;
    assert.equal(claims.video.room, t.deskRoom('clinician-1'));
    assert.equal(claims.video.canPublish, false);
    assert.ok(claims.exp - claims.nbf <= 600);
    assert.equal((await api(t.url, 'POST', '/desk/join', await patient1())).status, 403);
  });

  it('accepts LiveKit-signed webhooks and refuses unsigned or tampered ones', async () => {
    const body = JSON.stringify({ event: 'participant_joined', room: { name: t.room('demo-visit-1') }, participant: { identity: 'p-x' }, id: 'EV_1', createdAt: '1' });
    const authorization = await webhookAuthorization(livekit, body);
    assert.equal(await postWebhook(t.url, body, authorization), 200);
    assert.equal(await postWebhook(t.url, body.replace('p-x', 'p-y'), authorization), 401);
    assert.equal(await postWebhook(t.url, body, undefined), 401);
  });

  it('ends a visit: only the clinician may, the room goes, and later joins get 409 visit/ended', async () => {
    assert.equal((await api(t.url, 'POST', '/visits/demo-visit-1/end', await patient1())).status, 403);
    const join = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
    const patient = await signal(join.body.token);
    assert.equal((await api(t.url, 'POST', '/visits/demo-visit-1/end', await clinician1())).status, 204);
    await patient.removed();
    const listed = await rooms.listRooms([t.room('demo-visit-1')]);
    assert.equal(listed.length, 0);
    const late = await api(t.url, 'POST', '/visits/demo-visit-1/join', await patient1());
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'visit/ended');
  });

  it('answers CORS preflights for configured origins only', async () => {
    const allowed = await fetch(`${t.url}/visits/demo-visit-2/join`, {
      method: 'OPTIONS',
      headers: { origin: 'http://clinic.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://clinic.example');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const other = await fetch(`${t.url}/visits/demo-visit-2/join`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const health = await fetch(`${t.url}/health`, { headers: { origin: 'http://clinic.example' } });
    assert.equal(health.headers.get('access-control-allow-origin'), 'http://clinic.example');
    assert.equal(health.headers.get('access-control-expose-headers'), 'location');
  });
});
