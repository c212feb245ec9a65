import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, clinician1, hostToken, patient1, patient2, startTestServer, type TestServer } from '../server.test-support.js';

// The FHIR routes never call LiveKit: an address nothing listens on proves it.
const noLivekit = { url: 'ws://127.0.0.1:9', httpUrl: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 'unused-secret-unused-secret-unused', stop: async () => {} };

const phq9 = (patient: string, authored: string, clientId: string, itemNine = 'LA6570-1') => ({
  resourceType: 'QuestionnaireResponse',
  identifier: { system: 'urn:attune:client-id', value: clientId },
  status: 'completed',
  questionnaire: 'http://loinc.org/q/44249-1',
  subject: { reference: `Patient/${patient}` },
  authored,
  item: [{ linkId: '44260-8', answer: [{ valueCoding: { system: 'http://loinc.org', code: itemNine } }] }],
});

describe('FHIR subset', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(noLivekit);
  });
  after(async () => t?.close());

  it('creates a record once per client identifier (If-None-Exist) and reads it back equal', async () => {
    const body = phq9('demo-patient-1', '2026-11-20T09:00:00+01:00', 'client-1', 'LA6568-5');
    const headers = { 'if-none-exist': 'identifier=urn:attune:client-id|client-1' };
    assert.equal((await t.server.store.getAppointment('demo-visit-1'))?.intake, 'none');
    const created = await api(t.url, 'POST', '/fhir/QuestionnaireResponse', await patient1(), body, headers);
    assert.equal(created.status, 201);
    assert.match(created.headers.get('location') ?? '', /^\/fhir\/QuestionnaireResponse\/[\w-]+\/_history\/1$/);
    assert.equal(created.body.meta.versionId, '1');
    const retried = await api(t.url, 'POST', '/fhir/QuestionnaireResponse', await patient1(), body, headers);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.id, created.body.id);
    assert.equal((await t.server.store.getAppointment('demo-visit-1'))?.intake, 'completed', 'the queue shows intake done');

    const read = await api(t.url, 'GET', `/fhir/QuestionnaireResponse/${created.body.id}`, await patient1());
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
  });

  it("keeps patients to their own records and clinicians to their patients'", async () => {
    const created = await api(t.url, 'POST', '/fhir/Observation', await patient1(), {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      subject: { reference: 'Patient/demo-patient-1' },
      effectiveDateTime: '2026-11-20T08:00:00Z',
      valueInteger: 14,
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    assert.equal((await api(t.url, 'GET', `/fhir/Observation/${id}`, await patient2())).status, 404, 'not even its existence');
    assert.equal((await api(t.url, 'GET', `/fhir/Observation/${id}`, await clinician1())).status, 200);
    const stranger = await hostToken({ sub: 'clinician-9', role: 'clinician' });
    assert.equal((await api(t.url, 'GET', `/fhir/Observation/${id}`, stranger)).status, 404);
    const forOther = await api(t.url, 'POST', '/fhir/Observation', await patient1(), { ...created.body, id: undefined, meta: undefined, subject: { reference: 'Patient/demo-patient-2' } });
    assert.equal(forOther.status, 403);
    assert.equal((await api(t.url, 'GET', '/fhir/Observation?subject=Patient/demo-patient-1', await patient2())).status, 403);
  });

  it('searches by subject and date into a searchset Bundle', async () => {
    await api(t.url, 'POST', '/fhir/QuestionnaireResponse', await patient2(), phq9('demo-patient-2', '2026-11-01T10:00:00Z', 'a', 'LA6568-5'));
    await api(t.url, 'POST', '/fhir/QuestionnaireResponse', await patient2(), phq9('demo-patient-2', '2026-11-15T10:00:00Z', 'b', 'LA6568-5'));
    const all = await api(t.url, 'GET', '/fhir/QuestionnaireResponse?subject=Patient/demo-patient-2', await clinician1());
    assert.equal(all.status, 200);
    assert.equal(all.body.resourceType, 'Bundle');
    assert.equal(all.body.type, 'searchset');
    assert.equal(all.body.total, 2);
    const late = await api(t.url, 'GET', '/fhir/QuestionnaireResponse?subject=demo-patient-2&date=ge2026-11-10', await clinician1());
    assert.deepEqual(late.body.entry.map((e: { resource: { authored: string } }) => e.resource.authored), ['2026-11-15T10:00:00Z']);
    const byAuthored = await api(t.url, 'GET', '/fhir/QuestionnaireResponse?subject=demo-patient-2&authored=ge2026-11-10', await clinician1());
    assert.deepEqual(
      byAuthored.body.entry.map((e: { resource: { authored: string } }) => e.resource.authored),
      ['2026-11-15T10:00:00Z'],
      'FHIR R4 names the QuestionnaireResponse date parameter `authored`',
    );
    const day = await api(t.url, 'GET', '/fhir/QuestionnaireResponse?date=2026-11-01', await patient2());
    assert.equal(day.body.total, 1, "a patient's search defaults to their own records");
    const bad = await api(t.url, 'GET', '/fhir/QuestionnaireResponse?subject=demo-patient-2&date=yesterday', await clinician1());
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'records/invalid');
  });

  it('finds a questionnaire by its canonical URL and version, and nothing else', async () => {
    const questionnaire = (url: string, version: string) => ({ resourceType: 'Questionnaire', status: 'active', url, version, item: [] });
    for (const [url, version] of [['http://example.org/q/a', '1'], ['http://example.org/q/b', '1'], ['http://example.org/q/b', '2']] as const) {
      assert.equal((await api(t.url, 'POST', '/fhir/Questionnaire', await clinician1(), questionnaire(url, version))).status, 201);
    }
    const found = async (query: string) =>
      ((await api(t.url, 'GET', `/fhir/Questionnaire?${query}`, await patient1())).body.entry as Array<{ resource: { url: string; version: string } }>).map(
        ({ resource }) => `${resource.url}|${resource.version}`,
      );
    assert.deepEqual(await found('url=http://example.org/q/a'), ['http://example.org/q/a|1']);
    assert.deepEqual((await found('url=http://example.org/q/b')).sort(), ['http://example.org/q/b|1', 'http://example.org/q/b|2']);
    assert.deepEqual(await found(`url=${encodeURIComponent('http://example.org/q/b|2')}`), ['http://example.org/q/b|2']);
    assert.deepEqual(await found('url=http://example.org/q/b&version=1'), ['http://example.org/q/b|1']);
    assert.deepEqual(await found('url=http://example.org/q/none'), []);
  });

  it('updates with PUT to the next version', async () => {
    const created = await api(t.url, 'POST', '/fhir/Communication', await patient1(), {
      resourceType: 'Communication',
      status: 'in-progress',
      subject: { reference: 'Patient/demo-patient-1' },
      sent: '2026-11-21T12:00:00Z',
      payload: [{ contentString: 'See you Thursday' }],
    });
    const updated = await api(t.url, 'PUT', `/fhir/Communication/${created.body.id}`, await patient1(), { ...created.body, status: 'completed' });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.meta.versionId, '2');
    assert.equal(updated.body.status, 'completed');
  });

  it("raises the server's own risk flag from a stored PHQ-9 response", async () => {
    assert.deepEqual(await t.server.store.riskFlagsForAppointment('demo-visit-1'), [], 'item 9 answered "not at all" raised nothing');
    const created = await api(t.url, 'POST', '/fhir/QuestionnaireResponse', await patient1(), phq9('demo-patient-1', '2026-11-22T09:00:00Z', 'risk-1'));
    assert.equal(created.status, 201);
    const flags = await t.server.store.riskFlagsForAppointment('demo-visit-1');
    assert.deepEqual(flags.map((flag) => flag.code), ['phq9-item9']);
    assert.deepEqual(await t.server.store.riskFlagsForAppointment('demo-visit-2'), [], "another patient's visit stays unflagged");

  });

  it('audits every record access without content', async () => {
    const audit = await t.server.store.auditEntries();
    const actions = new Set(audit.map((e) => e.action));
    for (const action of ['record-create', 'record-read', 'record-search', 'record-update']) assert.ok(actions.has(action as never), action);
    const text = JSON.stringify(audit);
    assert.ok(!text.includes('See you Thursday'));
    assert.ok(!text.includes('LA6570-1'));
    assert.ok(audit.some((e) => e.outcome === 'denied' && e.actorUserId === 'patient-1'));
  });

  it('refuses types it does not keep and malformed bodies', async () => {
    assert.equal((await api(t.url, 'GET', '/fhir/Patient/demo-patient-1', await clinician1())).status, 404);
    const wrongType = await api(t.url, 'POST', '/fhir/Observation', await patient1(), { resourceType: 'Communication' });
    assert.equal(wrongType.status, 400);
    const noSubject = await api(t.url, 'POST', '/fhir/Observation', await patient1(), { resourceType: 'Observation', status: 'final' });
    assert.equal(noSubject.status, 400);
  });
});
