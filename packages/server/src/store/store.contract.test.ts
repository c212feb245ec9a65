import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres } from '../../../../scripts/services/postgres.mjs';
import { postgresMigrations } from './migrations/postgres.js';
import { sqliteMigrations } from './migrations/sqlite.js';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

interface Backend {
  name: string;
  open(): Promise<Store>;
  /** Runs raw SQL beside the store, to try what the store itself never does. */
  raw(sql: string): Promise<void>;
  dispose(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'attune-store-'));
  const file = join(dir, 'attune.db');
  return {
    name: 'SQLite file',
    open: () => SqliteStore.open(file),
    async raw(sql) {
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A database of its own inside the shared test cluster (or a cluster of its own), so migrations start from nothing.
async function postgresBackend(): Promise<Backend> {
  const shared = process.env.ATTUNE_TEST_POSTGRES_URL;
  const cluster = shared ? undefined : await startPostgres();
  const adminUrl = shared ?? cluster!.url;
  const database = `attune_store_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    name: 'PostgreSQL',
    open: () => PostgresStore.open(url.toString(), { max: 4 }),
    async raw(sql) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    async dispose() {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      await cluster?.stop();
    },
  };
}

const versionOf = (resource: object) => (resource as { meta?: { versionId?: string } }).meta?.versionId;

const backends: Array<() => Backend | Promise<Backend>> = [sqliteBackend, postgresBackend];

for (const makeBackend of backends) {
  describe(`store contract (${makeBackend === sqliteBackend ? 'SQLite file' : 'PostgreSQL'})`, () => {
    let backend: Backend;
    let store: Store;

    before(async () => {
      backend = await makeBackend();
      store = await backend.open();
    });
    after(async () => {
      await store?.close();
      await backend?.dispose();
    });

    it('applies its numbered migrations at open and not again on a second migrate or open', async () => {
      const applied = await store.appliedMigrations();
      assert.deepEqual(applied, [1, 2, 3]);
      assert.deepEqual(await store.migrate(), []);
      const second = await backend.open();
      try {
        assert.deepEqual(await second.appliedMigrations(), [1, 2, 3]);
      } finally {
        await second.close();
      }
    });

    it('keeps appointments with their room, a visit key created once, and readiness', async () => {
      const id = `appt-${randomUUID()}`;
      const saved = await store.saveAppointment({
        id,
        patientUserId: 'patient-a',
        clinicianUserId: 'clinician-a',
        patientId: 'pat-a',
        label: '10:00 follow-up',
        startsAt: '2026-11-23T10:00:00.000Z',
      });
      assert.equal(saved.status, 'scheduled');
      assert.equal(saved.room, `attune-visit-${id}`);
      assert.equal(saved.e2eeKey, undefined);

      const key = await store.ensureVisitKey(id, 'first-key');
      assert.equal(key, 'first-key');
      assert.equal(await store.ensureVisitKey(id, 'second-key'), 'first-key', 'the first key holds');

      await store.setDeviceCheck(id, 'audio-only');
      await store.setIntakeStatus(id, 'completed');
      const read = await store.getAppointment(id);
      assert.equal(read?.deviceCheck, 'audio-only');
      assert.equal(read?.intake, 'completed');

      await store.advanceIntakeForPatient('pat-a', 'in-progress');
      assert.equal((await store.getAppointment(id))?.intake, 'completed', 'intake never moves back');
      assert.equal((await store.appointmentByRoom(`attune-visit-${id}`))?.id, id);

      assert.ok((await store.openAppointmentsForClinician('clinician-a')).some((a) => a.id === id));
      assert.equal(await store.clinicianHasPatient('clinician-a', 'pat-a'), true);
      assert.equal(await store.clinicianHasPatient('clinician-a', 'pat-other'), false);

      await store.setAppointmentStatus(id, 'ended');
      assert.ok(!(await store.openAppointmentsForClinician('clinician-a')).some((a) => a.id === id));
      assert.equal(await store.getAppointment('no-such-appointment'), undefined);
    });

    it('remembers one identity per user in a visit and its admission state', async () => {
      const id = `appt-${randomUUID()}`;
      await store.saveAppointment({ id, patientUserId: 'p', clinicianUserId: 'c', label: 'x', startsAt: '2026-11-23T11:00:00Z' });
      await store.recordArrival({
        appointmentId: id,
        identity: 'p-abc',
        userId: 'p',
        role: 'patient',
        state: 'waiting',
        arrivedAt: '2026-11-23T10:59:00.000Z',
      });
      assert.equal((await store.participantForUser(id, 'p'))?.identity, 'p-abc');
      await store.setParticipantState(id, 'p-abc', 'held', 'Running five minutes late');
      assert.equal((await store.participant(id, 'p-abc'))?.holdMessage, 'Running five minutes late');
      await store.setParticipantState(id, 'p-abc', 'admitted');
      const admitted = await store.participant(id, 'p-abc');
      assert.equal(admitted?.state, 'admitted');
      assert.equal(admitted?.holdMessage, undefined);
      await store.clearParticipants(id);
      assert.equal(await store.participantForUser(id, 'p'), undefined);
    });

    it('raises risk flags on an appointment or on every appointment of a patient, once per source', async () => {
      const id = `appt-${randomUUID()}`;
      const patientId = `pat-${randomUUID()}`;
      await store.saveAppointment({ id, patientUserId: 'p', clinicianUserId: 'c', patientId, label: 'x', startsAt: '2026-11-23T12:00:00Z' });
      await store.addRiskFlag({ patientId }, { code: 'phq9-item9', label: 'PHQ-9 item 9', raisedAt: '2026-11-22T09:00:00Z', source: 'QuestionnaireResponse/1' });
      await store.addRiskFlag({ patientId }, { code: 'phq9-item9', label: 'PHQ-9 item 9', raisedAt: '2026-11-22T09:00:00Z', source: 'QuestionnaireResponse/1' });
      await store.addRiskFlag({ appointmentId: id }, { code: 'cssrs-positive', label: 'C-SSRS positive', raisedAt: '2026-11-22T10:00:00Z' });
      const flags = await store.riskFlagsForAppointment(id);
      assert.deepEqual(
        flags.map((f) => f.code),
        ['phq9-item9', 'cssrs-positive'],
      );
    });

    it("keeps one status per clinician, replaced when set again and gone when cleared", async () => {
      const clinician = `clinician-${randomUUID()}`;
      assert.equal(await store.clinicianStatus(clinician), undefined);
      await store.setClinicianStatus(clinician, { message: 'Back from an urgent call' });
      await store.setClinicianStatus(clinician, { message: 'With another patient' });
      const status = await store.clinicianStatus(clinician);
      assert.equal(status?.message, 'With another patient');
      assert.equal(status?.lateMinutes, undefined);
      assert.match(status?.updatedAt ?? '', /^\d{4}-\d\d-\d\dT/);
      await store.setClinicianStatus(clinician, { lateMinutes: 10 });
      const late = await store.clinicianStatus(clinician);
      assert.deepEqual({ ...late, updatedAt: undefined }, { lateMinutes: 10, updatedAt: undefined }, 'running late replaces the words');
      await store.setClinicianStatus(clinician, { message: 'Back now' });
      assert.deepEqual({ ...(await store.clinicianStatus(clinician)), updatedAt: undefined }, { message: 'Back now', updatedAt: undefined });
      assert.equal(await store.clinicianStatus(`other-${clinician}`), undefined, 'one clinician’s status is not another’s');
      await store.setClinicianStatus(clinician, null);
      assert.equal(await store.clinicianStatus(clinician), undefined);
    });

    it('refuses a stored status with both words and minutes, neither, or minutes out of range', async () => {
      for (const [message, minutes] of [["'Late'", '10'], ['NULL', 'NULL'], ['NULL', '0'], ['NULL', '121']]) {
        await assert.rejects(
          backend.raw(`INSERT INTO clinician_status (clinician_user_id, message, late_minutes, updated_at) VALUES ('c-${randomUUID()}', ${message}, ${minutes}, '2026-11-23T10:00:00Z')`),
          /constraint/i,
          `${message}, ${minutes}`,
        );
      }
    });

    it('appends audit entries and refuses to change or delete them', async () => {
      const target = `appt-${randomUUID()}`;
      await store.appendAudit({ actorUserId: 'clinician-1', actorRole: 'clinician', action: 'admit', target, outcome: 'ok' });
      const [entry] = await store.auditEntries({ target });
      assert.equal(entry?.action, 'admit');
      assert.equal(entry?.outcome, 'ok');
      assert.match(entry?.at ?? '', /^\d{4}-\d\d-\d\dT/);

      await assert.rejects(backend.raw(`UPDATE audit_log SET outcome = 'denied' WHERE target = '${target}'`), /append-only/);
      await assert.rejects(backend.raw(`DELETE FROM audit_log WHERE target = '${target}'`), /append-only/);
      assert.equal((await store.auditEntries({ target })).length, 1);
    });

    it('writes, versions, reads and searches FHIR resources by subject and date', async () => {
      const subject = `Patient/${randomUUID()}`;
      const system = 'urn:attune:client-id';
      const first = await store.writeFhirResource(
        { resourceType: 'Observation', id: 'obs-1-' + subject.slice(8), status: 'final', subject: { reference: subject } },
        { subject, date: '2026-11-01T08:00:00.000Z', identifiers: [{ system, value: `a-${subject}` }] },
      );
      assert.equal(versionOf(first), '1');
      await store.writeFhirResource(
        { resourceType: 'Observation', id: 'obs-2-' + subject.slice(8), status: 'final', subject: { reference: subject } },
        { subject, date: '2026-11-15T08:00:00.000Z' },
      );
      const updated = await store.writeFhirResource({ ...first, id: first.id!, status: 'amended' }, { subject, date: '2026-11-01T08:00:00.000Z' });
      assert.equal(versionOf(updated), '2');

      const read = await store.readFhirResource<{ resourceType: 'Observation'; status: string }>('Observation', first.id!);
      assert.equal(read?.status, 'amended');
      assert.deepEqual(read, updated, 'equal on read-back');
      assert.equal((await store.findFhirByIdentifier('Observation', system, `a-${subject}`))?.id, first.id);
      assert.equal(await store.findFhirByIdentifier('Observation', system, 'nope'), undefined);

      const all = await store.searchFhir('Observation', { subject });
      assert.deepEqual(all.map((r) => r.id), [first.id, 'obs-2-' + subject.slice(8)]);
      const late = await store.searchFhir('Observation', { subject, dateFrom: { value: '2026-11-10T00:00:00.000Z', inclusive: true } });
      assert.deepEqual(late.map((r) => r.id), ['obs-2-' + subject.slice(8)]);
      const early = await store.searchFhir('Observation', { subject, dateTo: { value: '2026-11-01T08:00:00.000Z', inclusive: false } });
      assert.deepEqual(early, []);
      assert.deepEqual(await store.searchFhir('QuestionnaireResponse', { subject }), []);
    });
  });
}

for (const makeBackend of backends) {
  describe(`store upgrade (${makeBackend === sqliteBackend ? 'SQLite file' : 'PostgreSQL'})`, () => {
    let backend: Backend;
    before(async () => {
      backend = await makeBackend();
    });
    after(async () => {
      await backend?.dispose();
    });

    it("keeps a clinician's words written before running late became minutes", async () => {
      // A database as a server before migration 3 left it, with a status in it.
      const earlier = (makeBackend === sqliteBackend ? sqliteMigrations : postgresMigrations).filter((migration) => migration.version <= 2);
      await backend.raw(
        [
          'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);',
          ...earlier.map((migration) => `${migration.sql}\nINSERT INTO schema_migrations VALUES (${migration.version}, 'earlier', '2026-11-01T00:00:00Z');`),
          "INSERT INTO clinician_status (clinician_user_id, message, updated_at) VALUES ('clinician-before', 'With another patient', '2026-11-20T09:00:00Z');",
        ].join('\n'),
      );
      const store = await backend.open();
      try {
        assert.deepEqual(await store.appliedMigrations(), [1, 2, 3]);
        assert.deepEqual(await store.clinicianStatus('clinician-before'), { message: 'With another patient', updatedAt: '2026-11-20T09:00:00Z' });
        await store.setClinicianStatus('clinician-before', { lateMinutes: 15 });
        assert.equal((await store.clinicianStatus('clinician-before'))?.lateMinutes, 15);
      } finally {
        await store.close();
      }
    });
  });
}
