import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttuneError, createHttpVisitApi } from '@attune/core';
import {
  clinician1,
  joinBySignal,
  patient1,
  patient2,
  startTestServer,
  testLivekit,
  type Livekit,
  type TestServer,
} from './server.test-support.js';

describe('createHttpVisitApi against the reference server', () => {
  let livekit: Livekit;
  let t: TestServer;
  before(async () => {
    livekit = await testLivekit();
    t = await startTestServer(livekit);
  });
  after(async () => {
    await t?.close();
    await livekit?.stop();
  });

  const client = (token: () => Promise<string>) => createHttpVisitApi({ baseUrl: `${t.url}/`, getHostToken: token });

  it('joins, records the device check, reads the queue and joins the desk', async () => {
    const patient = client(patient2);
    const join = await patient.join('demo-visit-2');
    assert.equal(join.room, t.room('demo-visit-2'));
    assert.equal(join.role, 'patient');
    await patient.deviceCheck('demo-visit-2', 'passed');
    assert.equal((await t.server.store.getAppointment('demo-visit-2'))?.deviceCheck, 'passed');

    const connected = await joinBySignal(livekit.url, join.token);
    const clinician = client(clinician1);
    const queue = await clinician.queue();
    assert.deepEqual(queue.map((entry) => [entry.identity, entry.deviceCheck]), [[join.identity, 'passed']]);
    const desk = await clinician.joinDesk();
    assert.equal(desk.room, t.deskRoom('clinician-1'));
    await clinician.holdMessage('demo-visit-2', join.identity, 'Five more minutes');
    await clinician.admit('demo-visit-2', join.identity);
    await clinician.deny('demo-visit-2', join.identity, 'Please call the front desk');
    await connected.removed();
  });

  it("sets, reads and clears the clinician's status, running late as minutes; a patient may not", async () => {
    const clinician = client(clinician1);
    assert.equal(await clinician.clinicianStatus(), null);
    await clinician.setClinicianStatus({ message: 'Back from an urgent call' });
    assert.deepEqual(await clinician.clinicianStatus(), { message: 'Back from an urgent call' });
    await clinician.setClinicianStatus({ lateMinutes: 10 });
    assert.deepEqual(await clinician.clinicianStatus(), { lateMinutes: 10 }, 'the words before are gone');
    await clinician.setClinicianStatus(null);
    assert.equal(await clinician.clinicianStatus(), null);
    await assert.rejects(client(patient1).setClinicianStatus({ message: 'Hello' }), { code: 'auth/forbidden', status: 403 });
    await assert.rejects(clinician.setClinicianStatus({ message: 'x'.repeat(201) }), { code: 'input/invalid' });
    await assert.rejects(clinician.setClinicianStatus({ lateMinutes: 121 }), { code: 'input/invalid', status: 400 });
  });

  it("turns the server's refusals into AttuneErrors with its code", async () => {
    await assert.rejects(client(patient1).join('demo-visit-2'), (error: unknown) => {
      assert.ok(error instanceof AttuneError);
      assert.equal(error.code, 'auth/forbidden');
      assert.equal(error.status, 403);
      return true;
    });
    await assert.rejects(client(patient1).admit('demo-visit-1', 'p-x'), { code: 'auth/forbidden' });
    await assert.rejects(client(patient1).join('nope'), { code: 'visit/not-found' });
    await assert.rejects(client(async () => 'not-a-jwt').queue(), { code: 'auth/unauthenticated' });
    await client(clinician1).end('demo-visit-1');
    await assert.rejects(client(patient1).join('demo-visit-1'), { code: 'visit/ended', status: 409 });
  });

  it('reports an unreachable server as network/offline', async () => {
    const offline = createHttpVisitApi({ baseUrl: 'http://127.0.0.1:9', getHostToken: () => 'token' });
    await assert.rejects(offline.queue(), { code: 'network/offline' });
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const api = createHttpVisitApi({
      baseUrl: t.url,
      getHostToken: clinician1,
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    await api.queue();
    assert.deepEqual(seen, [`${t.url}/queue`]);
  });
});
