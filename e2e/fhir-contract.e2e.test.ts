// One Records contract, run unchanged against the reference server (real SQLite file) and against
// a third-party FHIR engine (Medplum's router and in-memory repository): what Attune writes through
// `createFhirRecords` is found by subject and by date, equal on read-back, and written once however
// often it is sent.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  buildFormModel,
  buildQuestionnaireResponse,
  createFhirRecords,
  enabledLinkIds,
  phq9,
  submitIntake,
  type FhirResource,
  type QuestionnaireResponse,
  type Records,
} from '@attune/core';
import { createAttuneServer, listen, loadConfig } from '@attune/server';
import { startMedplumFhir } from './support/medplum-server.js';

interface ContractTarget {
  records: Records;
  /** Two patients the records client may write and read for. */
  patients: [string, string];
  stop(): Promise<void>;
}

async function referenceServer(): Promise<ContractTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-fhir-contract-'));
  const config = loadConfig(
    {
      ATTUNE_DEV: 'true',
      ATTUNE_SEED_DEMO: 'true',
      ATTUNE_DB: join(dir, 'attune.db'),
      ATTUNE_HOST: '127.0.0.1',
      ATTUNE_PORT: '0',
      ATTUNE_HOST_JWT_SECRET: 'fhir-contract-host-secret-0123456789abcdef',
    },
    [],
  );
  const server = await createAttuneServer(config);
  const listening = await listen(server, { host: '127.0.0.1', port: 0 });
  const login = await fetch(`${listening.url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'clinician-1' }) });
  assert.equal(login.status, 200);
  const { token } = (await login.json()) as { token: string };
  return {
    records: createFhirRecords({ baseUrl: `${listening.url}/fhir`, getToken: () => token }),
    patients: ['Patient/demo-patient-1', 'Patient/demo-patient-2'],
    async stop() {
      await listening.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function medplum(): Promise<ContractTarget> {
  const engine = await startMedplumFhir();
  return { records: createFhirRecords({ baseUrl: engine.baseUrl }), patients: ['Patient/contract-a', 'Patient/contract-b'], stop: () => engine.close() };
}

const model = buildFormModel(phq9);

/** A completed PHQ-9 response, as the intake form builds it, with every item at `score`. */
function phq9Response(subject: string, authored: string, score: number, key: string): QuestionnaireResponse {
  const answers = Object.fromEntries(
    model.ordered
      .filter((item) => item.type === 'choice' && item.required)
      .map((item) => [item.linkId, [item.options.find((option) => option.score === score)!.value]]),
  );
  return buildQuestionnaireResponse(model, answers, enabledLinkIds(model, answers), {
    status: 'completed',
    subject: { reference: subject },
    author: { reference: subject },
    authored,
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${key}` },
  });
}

/** What the server may add (id, meta) set aside, the resource as written. */
function asWritten(resource: FhirResource): FhirResource {
  const { id: _id, meta: _meta, ...rest } = resource as FhirResource & { meta?: unknown };
  return rest as FhirResource;
}

function recordsContract(name: string, start: () => Promise<ContractTarget>) {
  describe(`Records contract: ${name}`, () => {
    let target: ContractTarget;
    const run = crypto.randomUUID();
    before(async () => {
      target = await start();
    });
    after(async () => {
      await target?.stop();
    });

    it('writes a QuestionnaireResponse and reads it back equal', async () => {
      const response = phq9Response(target.patients[0], '2026-03-02T09:30:00.000Z', 1, `${run}-read`);
      const created = await target.records.create(response, { ifNoneExist: `identifier=urn:ietf:rfc:3986|urn:uuid:${run}-read` });
      assert.equal(typeof created.id, 'string');
      const read = await target.records.read<QuestionnaireResponse>('QuestionnaireResponse', created.id!);
      assert.deepEqual(asWritten(read), asWritten(response));
    });

    it('writes once however often the same response is sent (If-None-Exist)', async () => {
      const response = phq9Response(target.patients[0], '2026-03-03T09:30:00.000Z', 0, `${run}-once`);
      const first = await target.records.create(response, { ifNoneExist: `identifier=urn:ietf:rfc:3986|urn:uuid:${run}-once` });
      const second = await target.records.create(response, { ifNoneExist: `identifier=urn:ietf:rfc:3986|urn:uuid:${run}-once` });
      assert.equal(second.id, first.id);
      const found = await target.records.search<QuestionnaireResponse>('QuestionnaireResponse', { subject: target.patients[0], authored: '2026-03-03' });
      assert.deepEqual(found.filter((r) => r.identifier?.value === `urn:uuid:${run}-once`).map((r) => r.id), [first.id]);
    });

    it('submits an intake: the response, then its score Observation derived from it', async () => {
      const submitted = await submitIntake(target.records, phq9Response(target.patients[0], '2026-03-04T09:30:00.000Z', 2, `${run}-score`));
      assert.equal(submitted.observations.length, 1);
      const observation = await target.records.read('Observation', submitted.observations[0]!.id!);
      assert.equal(observation['valueInteger'], 18);
      assert.deepEqual(observation['derivedFrom'], [{ reference: `QuestionnaireResponse/${submitted.response.id}` }]);
      assert.deepEqual(asWritten(observation), asWritten(submitted.observations[0]!));
      assert.deepEqual(submitted.riskFlags.map((flag) => flag.code), ['phq9-item9']);
      const again = await submitIntake(target.records, phq9Response(target.patients[0], '2026-03-04T09:30:00.000Z', 2, `${run}-score`));
      assert.equal(again.response.id, submitted.response.id);
      assert.equal(again.observations[0]!.id, submitted.observations[0]!.id);
    });

    it('searches by subject: one patient never sees the other’s responses', async () => {
      await target.records.create(phq9Response(target.patients[1], '2026-03-05T09:30:00.000Z', 0, `${run}-other`));
      const mine = await target.records.search<QuestionnaireResponse>('QuestionnaireResponse', { subject: target.patients[0] });
      const theirs = await target.records.search<QuestionnaireResponse>('QuestionnaireResponse', { subject: target.patients[1] });
      assert.ok(mine.length >= 3);
      assert.ok(mine.every((r) => r.subject?.reference === target.patients[0]));
      assert.ok(theirs.some((r) => r.identifier?.value === `urn:uuid:${run}-other`));
      assert.ok(theirs.every((r) => r.subject?.reference === target.patients[1]));
    });

    it('searches by date: authored for responses and date for observations, with ranges', async () => {
      const inRange = await target.records.search<QuestionnaireResponse>('QuestionnaireResponse', {
        subject: target.patients[0],
        authored: ['ge2026-03-02', 'lt2026-03-04'],
      });
      const keys = inRange.map((r) => r.identifier?.value).filter((value) => value?.startsWith(`urn:uuid:${run}`)).sort();
      assert.deepEqual(keys, [`urn:uuid:${run}-once`, `urn:uuid:${run}-read`]);
      const scores = await target.records.search('Observation', { subject: target.patients[0], date: 'ge2026-03-04' });
      assert.ok(scores.some((o) => (o['derivedFrom'] as Array<{ reference: string }>)[0]!.reference.startsWith('QuestionnaireResponse/')));
      const none = await target.records.search('Observation', { subject: target.patients[0], date: 'lt2026-03-04' });
      assert.deepEqual(none, []);
    });

    it('updates a response (amended) and reads the change back', async () => {
      const created = await target.records.create(phq9Response(target.patients[0], '2026-03-06T09:30:00.000Z', 1, `${run}-amend`));
      const amended = await target.records.update({ ...created, status: 'amended' as const });
      assert.equal(amended.status, 'amended');
      const read = await target.records.read<QuestionnaireResponse>('QuestionnaireResponse', created.id!);
      assert.equal(read.status, 'amended');
      assert.deepEqual(read.item, created.item);
    });
  });
}

recordsContract('Attune reference server (SQLite)', referenceServer);
recordsContract('Medplum FHIR router (in-memory repository)', medplum);
