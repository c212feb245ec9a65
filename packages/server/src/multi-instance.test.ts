import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres, type RunningPostgres } from '../../../scripts/services/postgres.mjs';
import {
  api,
  clinician1,
  joinBySignal,
  patient1,
  startTestServer,
  testLivekit,
  type Livekit,
  type SignalParticipant,
  type TestServer,
} from './server.test-support.js';

describe('two server instances on one PostgreSQL', () => {
  let livekit: Livekit;
  let cluster: RunningPostgres | undefined;
  let admin: pg.Client;
  let database: string;
  let a: TestServer;
  let b: TestServer;
  let patient: SignalParticipant | undefined;

  before(async () => {
    livekit = await testLivekit();
    const shared = process.env.ATTUNE_TEST_POSTGRES_URL;
    if (!shared) cluster = await startPostgres();
    const adminUrl = shared ?? cluster!.url;
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    database = `attune_multi_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    const prefix = `m${randomUUID().slice(0, 8)}`;
    const common = { ATTUNE_DB: '', ATTUNE_POSTGRES_URL: url.toString(), ATTUNE_ROOM_PREFIX: prefix };
    // Both start at once: one applies the migrations, the other waits for it.
    [a, b] = await Promise.all([startTestServer(livekit, common), startTestServer(livekit, { ...common, ATTUNE_SEED_DEMO: 'false' })]);
  });
  after(async () => {
    patient?.close();
    await a?.close();
    await b?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
    await cluster?.stop();
    await livekit?.stop();
  });

  it('admits on one instance a patient who joined through the other', async () => {
    const join = await api(a.url, 'POST', '/visits/demo-visit-1/join', await patient1());
    assert.equal(join.status, 200);
    patient = await joinBySignal(livekit.url, join.body.token);

    const queue = await api(b.url, 'GET', '/queue', await clinician1());
    assert.deepEqual(
      queue.body.map((entry: { identity: string }) => entry.identity),
      [join.body.identity],
    );
    const clinicianJoin = await api(b.url, 'POST', '/visits/demo-visit-1/join', await clinician1());
    assert.equal(clinicianJoin.body.e2eeKey, join.body.e2eeKey, 'one visit key across instances');

    assert.equal((await api(b.url, 'POST', '/visits/demo-visit-1/admit', await clinician1(), { identity: join.body.identity })).status, 204);
    await patient.permissionWhere((permission) => permission.canPublish && permission.canSubscribe);
    const audit = await a.server.store.auditEntries({ target: 'demo-visit-1' });
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.actorUserId]),
      [
        ['join', 'patient-1'],
        ['join', 'clinician-1'],
        ['admit', 'clinician-1'],
      ],
    );
  });
});
