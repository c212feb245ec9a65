import type { ClinicianStatus, FhirResource, RiskFlag } from '@attune/core';
import type { Migration } from './migrations/migration.js';
import type { SqlDriver } from './sql-driver.js';
import type {
  Appointment,
  AppointmentStatus,
  AuditAction,
  AuditEntry,
  DeviceCheckResult,
  FhirIndex,
  FhirQuery,
  IntakeStatus,
  NewAppointment,
  NewAuditEntry,
  ParticipantState,
  RiskFlagTarget,
  Store,
  StoredClinicianStatus,
  User,
  VisitParticipant,
} from './store.js';

interface AppointmentRow {
  id: string;
  patient_user_id: string;
  clinician_user_id: string;
  patient_id: string | null;
  label: string;
  starts_at: string;
  status: AppointmentStatus;
  room: string;
  e2ee_key: string | null;
  device_check: DeviceCheckResult;
  intake: IntakeStatus;
  created_at: string;
}

interface ParticipantRow {
  appointment_id: string;
  identity: string;
  user_id: string;
  role: VisitParticipant['role'];
  state: ParticipantState;
  hold_message: string | null;
  arrived_at: string;
  updated_at: string;
}

/** The LiveKit room of a visit: one room per appointment. The prefix keeps deployments sharing a LiveKit apart. */
export function visitRoomName(appointmentId: string, prefix = 'attune'): string {
  return `${prefix}-visit-${appointmentId}`;
}

function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    patientUserId: row.patient_user_id,
    clinicianUserId: row.clinician_user_id,
    patientId: row.patient_id ?? undefined,
    label: row.label,
    startsAt: row.starts_at,
    status: row.status,
    room: row.room,
    e2eeKey: row.e2ee_key ?? undefined,
    deviceCheck: row.device_check,
    intake: row.intake,
    createdAt: row.created_at,
  };
}

function toParticipant(row: ParticipantRow): VisitParticipant {
  return {
    appointmentId: row.appointment_id,
    identity: row.identity,
    userId: row.user_id,
    role: row.role,
    state: row.state,
    holdMessage: row.hold_message ?? undefined,
    arrivedAt: row.arrived_at,
    updatedAt: row.updated_at,
  };
}

const now = () => new Date().toISOString();

/** The queries both stores share; SqliteStore and PostgresStore only bring their driver and schema. */
export abstract class SqlStore implements Store {
  abstract readonly dialect: 'sqlite' | 'postgres';

  protected constructor(
    protected readonly db: SqlDriver,
    private readonly migrations: Migration[],
  ) {}

  async migrate(): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      await tx.lockMigrations();
      await tx.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const applied = new Set(
        (await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => Number(row.version)),
      );
      const newlyApplied: number[] = [];
      for (const migration of [...this.migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(migration.version)) continue;
        await tx.exec(migration.sql);
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          migration.version,
          migration.name,
          now(),
        ]);
        newlyApplied.push(migration.version);
      }
      return newlyApplied;
    });
  }

  async appliedMigrations(): Promise<number[]> {
    const rows = await this.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    return rows.map((row) => Number(row.version));
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async saveUser(user: User): Promise<void> {
    await this.db.run(
      `INSERT INTO users (id, role, patient_id) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET role = excluded.role, patient_id = excluded.patient_id`,
      [user.id, user.role, user.patientId ?? null],
    );
  }

  async getUser(id: string): Promise<User | undefined> {
    const [row] = await this.db.all<{ id: string; role: User['role']; patient_id: string | null }>(
      'SELECT id, role, patient_id FROM users WHERE id = ?',
      [id],
    );
    return row && { id: row.id, role: row.role, patientId: row.patient_id ?? undefined };
  }

  async saveAppointment(appointment: NewAppointment): Promise<Appointment> {
    await this.db.run(
      `INSERT INTO appointments (id, patient_user_id, clinician_user_id, patient_id, label, starts_at, status, room, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?)
       ON CONFLICT (id) DO UPDATE SET patient_user_id = excluded.patient_user_id,
         clinician_user_id = excluded.clinician_user_id, patient_id = excluded.patient_id, label = excluded.label,
         starts_at = excluded.starts_at, room = excluded.room, status = 'scheduled', device_check = 'unknown', intake = 'none'`,
      [
        appointment.id,
        appointment.patientUserId,
        appointment.clinicianUserId,
        appointment.patientId ?? null,
        appointment.label,
        appointment.startsAt,
        appointment.room ?? visitRoomName(appointment.id),
        now(),
      ],
    );
    const saved = await this.getAppointment(appointment.id);
    if (!saved) throw new Error('appointment vanished after it was saved');
    return saved;
  }

  async getAppointment(id: string): Promise<Appointment | undefined> {
    const [row] = await this.db.all<AppointmentRow>('SELECT * FROM appointments WHERE id = ?', [id]);
    return row && toAppointment(row);
  }

  async appointmentByRoom(room: string): Promise<Appointment | undefined> {
    const [row] = await this.db.all<AppointmentRow>('SELECT * FROM appointments WHERE room = ?', [room]);
    return row && toAppointment(row);
  }

  async openAppointmentsForClinician(clinicianUserId: string): Promise<Appointment[]> {
    const rows = await this.db.all<AppointmentRow>(
      `SELECT * FROM appointments WHERE clinician_user_id = ? AND status <> 'ended' ORDER BY starts_at, id`,
      [clinicianUserId],
    );
    return rows.map(toAppointment);
  }

  async clinicianHasPatient(clinicianUserId: string, patientId: string): Promise<boolean> {
    const rows = await this.db.all(
      'SELECT 1 AS found FROM appointments WHERE clinician_user_id = ? AND patient_id = ? LIMIT 1',
      [clinicianUserId, patientId],
    );
    return rows.length > 0;
  }

  async ensureVisitKey(appointmentId: string, candidate: string): Promise<string> {
    await this.db.run('UPDATE appointments SET e2ee_key = ? WHERE id = ? AND e2ee_key IS NULL', [candidate, appointmentId]);
    const [row] = await this.db.all<{ e2ee_key: string | null }>('SELECT e2ee_key FROM appointments WHERE id = ?', [
      appointmentId,
    ]);
    if (!row?.e2ee_key) throw new Error('no such appointment');
    return row.e2ee_key;
  }

  async setAppointmentStatus(appointmentId: string, status: AppointmentStatus): Promise<void> {
    await this.db.run('UPDATE appointments SET status = ? WHERE id = ?', [status, appointmentId]);
  }

  async setDeviceCheck(appointmentId: string, result: DeviceCheckResult): Promise<void> {
    await this.db.run('UPDATE appointments SET device_check = ? WHERE id = ?', [result, appointmentId]);
  }

  async setIntakeStatus(appointmentId: string, status: IntakeStatus): Promise<void> {
    await this.db.run('UPDATE appointments SET intake = ? WHERE id = ?', [status, appointmentId]);
  }

  async advanceIntakeForPatient(patientId: string, status: Exclude<IntakeStatus, 'none'>): Promise<void> {
    await this.db.run(
      `UPDATE appointments SET intake = CASE WHEN ? = 'completed' OR intake = 'none' THEN ? ELSE intake END
       WHERE patient_id = ? AND status <> 'ended'`,
      [status, status, patientId],
    );
  }

  async participantForUser(appointmentId: string, userId: string): Promise<VisitParticipant | undefined> {
    const [row] = await this.db.all<ParticipantRow>(
      'SELECT * FROM visit_participants WHERE appointment_id = ? AND user_id = ?',
      [appointmentId, userId],
    );
    return row && toParticipant(row);
  }

  async participant(appointmentId: string, identity: string): Promise<VisitParticipant | undefined> {
    const [row] = await this.db.all<ParticipantRow>(
      'SELECT * FROM visit_participants WHERE appointment_id = ? AND identity = ?',
      [appointmentId, identity],
    );
    return row && toParticipant(row);
  }

  async recordArrival(arrival: Omit<VisitParticipant, 'holdMessage' | 'updatedAt'>): Promise<VisitParticipant> {
    await this.db.run(
      `INSERT INTO visit_participants (appointment_id, identity, user_id, role, state, arrived_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (appointment_id, identity) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [arrival.appointmentId, arrival.identity, arrival.userId, arrival.role, arrival.state, arrival.arrivedAt, now()],
    );
    const saved = await this.participant(arrival.appointmentId, arrival.identity);
    if (!saved) throw new Error('participant vanished after it was saved');
    return saved;
  }

  async setParticipantState(
    appointmentId: string,
    identity: string,
    state: ParticipantState,
    holdMessage?: string,
  ): Promise<void> {
    await this.db.run(
      'UPDATE visit_participants SET state = ?, hold_message = ?, updated_at = ? WHERE appointment_id = ? AND identity = ?',
      [state, holdMessage ?? null, now(), appointmentId, identity],
    );
  }

  async clearParticipants(appointmentId: string): Promise<void> {
    await this.db.run('DELETE FROM visit_participants WHERE appointment_id = ?', [appointmentId]);
  }

  async addRiskFlag(target: RiskFlagTarget, flag: RiskFlag & { source?: string }): Promise<void> {
    const appointmentId = 'appointmentId' in target ? target.appointmentId : null;
    const patientId = 'patientId' in target ? target.patientId : null;
    await this.db.run(
      `INSERT INTO risk_flags (appointment_id, patient_id, code, label, raised_at, source) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
      [appointmentId, patientId, flag.code, flag.label, flag.raisedAt, flag.source ?? ''],
    );
  }

  async riskFlagsForAppointment(appointmentId: string): Promise<RiskFlag[]> {
    const rows = await this.db.all<{ code: string; label: string; raised_at: string }>(
      `SELECT f.code, f.label, f.raised_at FROM risk_flags f, appointments a
       WHERE a.id = ? AND (f.appointment_id = a.id OR (f.patient_id IS NOT NULL AND f.patient_id = a.patient_id))
       ORDER BY f.raised_at, f.id`,
      [appointmentId],
    );
    return rows.map((row) => ({ code: row.code, label: row.label, raisedAt: row.raised_at }));
  }

  async clinicianStatus(clinicianUserId: string): Promise<StoredClinicianStatus | undefined> {
    const [row] = await this.db.all<{ message: string | null; late_minutes: number | null; updated_at: string }>(
      'SELECT message, late_minutes, updated_at FROM clinician_status WHERE clinician_user_id = ?',
      [clinicianUserId],
    );
    if (!row) return undefined;
    // The table's check keeps exactly one of the two set.
    return row.late_minutes !== null
      ? { lateMinutes: Number(row.late_minutes), updatedAt: row.updated_at }
      : { message: row.message ?? '', updatedAt: row.updated_at };
  }

  async setClinicianStatus(clinicianUserId: string, status: ClinicianStatus | null): Promise<void> {
    if (status === null) {
      await this.db.run('DELETE FROM clinician_status WHERE clinician_user_id = ?', [clinicianUserId]);
      return;
    }
    await this.db.run(
      `INSERT INTO clinician_status (clinician_user_id, message, late_minutes, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (clinician_user_id) DO UPDATE SET message = excluded.message, late_minutes = excluded.late_minutes, updated_at = excluded.updated_at`,
      [clinicianUserId, status.message ?? null, status.lateMinutes ?? null, now()],
    );
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    await this.db.run(
      'INSERT INTO audit_log (at, actor_user_id, actor_role, action, target, outcome) VALUES (?, ?, ?, ?, ?, ?)',
      [now(), entry.actorUserId ?? null, entry.actorRole ?? null, entry.action, entry.target ?? null, entry.outcome],
    );
  }

  async auditEntries(filter: { target?: string; action?: AuditAction; limit?: number } = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.target !== undefined) {
      where.push('target = ?');
      params.push(filter.target);
    }
    if (filter.action !== undefined) {
      where.push('action = ?');
      params.push(filter.action);
    }
    params.push(filter.limit ?? 1000);
    const rows = await this.db.all<{
      id: number | string;
      at: string;
      actor_user_id: string | null;
      actor_role: AuditEntry['actorRole'] | null;
      action: AuditAction;
      target: string | null;
      outcome: AuditEntry['outcome'];
    }>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`, params);
    return rows.map((row) => ({
      id: Number(row.id),
      at: row.at,
      actorUserId: row.actor_user_id ?? undefined,
      actorRole: row.actor_role ?? undefined,
      action: row.action,
      target: row.target ?? undefined,
      outcome: row.outcome,
    }));
  }

  async writeFhirResource<T extends FhirResource>(resource: T & { id: string }, index: FhirIndex): Promise<T> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx.all<{ version_id: number }>(
        'SELECT version_id FROM fhir_resources WHERE resource_type = ? AND id = ?',
        [resource.resourceType, resource.id],
      );
      const versionId = (current ? Number(current.version_id) : 0) + 1;
      const lastUpdated = now();
      const meta = { ...((resource.meta as object | undefined) ?? {}), versionId: String(versionId), lastUpdated };
      const stored = { ...resource, meta } as T;
      const params = [index.subject ?? null, index.date ?? null, JSON.stringify(stored), lastUpdated];
      if (current) {
        await tx.run(
          'UPDATE fhir_resources SET version_id = ?, subject = ?, date = ?, json = ?, last_updated = ? WHERE resource_type = ? AND id = ?',
          [versionId, ...params, resource.resourceType, resource.id],
        );
      } else {
        await tx.run(
          'INSERT INTO fhir_resources (resource_type, id, version_id, subject, date, json, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [resource.resourceType, resource.id, versionId, ...params],
        );
      }
      for (const identifier of index.identifiers ?? []) {
        await tx.run(
          `INSERT INTO fhir_identifiers (resource_type, system, value, id) VALUES (?, ?, ?, ?)
           ON CONFLICT (resource_type, system, value) DO UPDATE SET id = excluded.id`,
          [resource.resourceType, identifier.system, identifier.value, resource.id],
        );
      }
      return stored;
    });
  }

  async readFhirResource<T extends FhirResource>(resourceType: string, id: string): Promise<T | undefined> {
    const [row] = await this.db.all<{ json: string }>('SELECT json FROM fhir_resources WHERE resource_type = ? AND id = ?', [
      resourceType,
      id,
    ]);
    return row && (JSON.parse(row.json) as T);
  }

  async findFhirByIdentifier<T extends FhirResource>(
    resourceType: string,
    system: string,
    value: string,
  ): Promise<T | undefined> {
    const [row] = await this.db.all<{ json: string }>(
      `SELECT r.json FROM fhir_identifiers i JOIN fhir_resources r ON r.resource_type = i.resource_type AND r.id = i.id
       WHERE i.resource_type = ? AND i.system = ? AND i.value = ?`,
      [resourceType, system, value],
    );
    return row && (JSON.parse(row.json) as T);
  }

  async searchFhir<T extends FhirResource>(resourceType: string, query: FhirQuery): Promise<T[]> {
    const where = ['resource_type = ?'];
    const params: unknown[] = [resourceType];
    if (query.subject !== undefined) {
      where.push('subject = ?');
      params.push(query.subject);
    }
    if (query.dateFrom) {
      where.push(`date ${query.dateFrom.inclusive ? '>=' : '>'} ?`);
      params.push(query.dateFrom.value);
    }
    if (query.dateTo) {
      where.push(`date ${query.dateTo.inclusive ? '<=' : '<'} ?`);
      params.push(query.dateTo.value);
    }
    params.push(query.limit ?? 500);
    const rows = await this.db.all<{ json: string }>(
      `SELECT json FROM fhir_resources WHERE ${where.join(' AND ')} ORDER BY date, id LIMIT ?`,
      params,
    );
    return rows.map((row) => JSON.parse(row.json) as T);
  }
}
