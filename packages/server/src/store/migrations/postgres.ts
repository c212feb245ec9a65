import type { Migration } from './migration.js';

/** PostgreSQL schema, one numbered step at a time. Never edit a released step: add the next one. */
export const postgresMigrations: Migration[] = [
  {
    version: 1,
    name: 'visits, audit log and FHIR resources',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('patient', 'clinician')),
        patient_id TEXT
      );
      CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        patient_user_id TEXT NOT NULL,
        clinician_user_id TEXT NOT NULL,
        patient_id TEXT,
        label TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'in-progress', 'ended')),
        room TEXT NOT NULL UNIQUE,
        e2ee_key TEXT,
        device_check TEXT NOT NULL DEFAULT 'unknown',
        intake TEXT NOT NULL DEFAULT 'none',
        created_at TEXT NOT NULL
      );
      CREATE INDEX appointments_by_clinician ON appointments (clinician_user_id, status);
      CREATE INDEX appointments_by_patient ON appointments (patient_id);
      CREATE TABLE visit_participants (
        appointment_id TEXT NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
        identity TEXT NOT NULL,
        user_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('patient', 'clinician')),
        state TEXT NOT NULL CHECK (state IN ('waiting', 'admitted', 'held', 'denied')),
        hold_message TEXT,
        arrived_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (appointment_id, identity)
      );
      CREATE UNIQUE INDEX visit_participants_one_per_user ON visit_participants (appointment_id, user_id);
      CREATE TABLE risk_flags (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        appointment_id TEXT,
        patient_id TEXT,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        CHECK (appointment_id IS NOT NULL OR patient_id IS NOT NULL)
      );
      CREATE UNIQUE INDEX risk_flags_once ON risk_flags (COALESCE(appointment_id, ''), COALESCE(patient_id, ''), code, source);
      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at TEXT NOT NULL,
        actor_user_id TEXT,
        actor_role TEXT,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL
      );
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END
      $$;
      CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
      CREATE TABLE fhir_resources (
        resource_type TEXT NOT NULL,
        id TEXT NOT NULL,
        version_id INTEGER NOT NULL,
        subject TEXT,
        date TEXT,
        json TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        PRIMARY KEY (resource_type, id)
      );
      CREATE INDEX fhir_resources_by_subject ON fhir_resources (resource_type, subject, date);
      CREATE TABLE fhir_identifiers (
        resource_type TEXT NOT NULL,
        system TEXT NOT NULL,
        value TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (resource_type, system, value)
      );
    `,
  },
  {
    version: 2,
    name: "clinicians' status for waiting patients",
    sql: `
      CREATE TABLE clinician_status (
        clinician_user_id TEXT PRIMARY KEY,
        message TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: "clinicians' running late as minutes, worded in each patient's language",
    sql: `
      ALTER TABLE clinician_status ALTER COLUMN message DROP NOT NULL;
      ALTER TABLE clinician_status ADD COLUMN late_minutes INTEGER;
      ALTER TABLE clinician_status ADD CONSTRAINT clinician_status_words_or_minutes CHECK ((message IS NULL) <> (late_minutes IS NULL));
      ALTER TABLE clinician_status ADD CONSTRAINT clinician_status_late_minutes_range CHECK (late_minutes BETWEEN 1 AND 120);
    `,
  },
];
