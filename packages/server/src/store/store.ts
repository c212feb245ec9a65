import type { ClinicianStatus, FhirResource, QueueEntry, RiskFlag, VisitRole } from '@attune/core';

/**
 * Everything the reference server keeps. Two implementations (SQLite for one instance, PostgreSQL
 * for several) share one schema and one set of queries; only the driver differs.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending numbered migrations; safe to call again and from several instances at once. */
  migrate(): Promise<number[]>;
  appliedMigrations(): Promise<number[]>;
  close(): Promise<void>;

  saveUser(user: User): Promise<void>;
  getUser(id: string): Promise<User | undefined>;

  /** Creates or resets an appointment (status back to scheduled, readiness back to unknown). */
  saveAppointment(appointment: NewAppointment): Promise<Appointment>;
  getAppointment(id: string): Promise<Appointment | undefined>;
  /** The appointment a LiveKit room belongs to (webhooks name rooms, not appointments). */
  appointmentByRoom(room: string): Promise<Appointment | undefined>;
  /** The clinician's appointments that have not ended. */
  openAppointmentsForClinician(clinicianUserId: string): Promise<Appointment[]>;
  /** Whether the clinician has any appointment with this FHIR Patient: the rule for reading their records. */
  clinicianHasPatient(clinicianUserId: string, patientId: string): Promise<boolean>;
  /** Stores `candidate` as the visit key unless one exists; returns the key that holds. */
  ensureVisitKey(appointmentId: string, candidate: string): Promise<string>;
  setAppointmentStatus(appointmentId: string, status: AppointmentStatus): Promise<void>;
  setDeviceCheck(appointmentId: string, result: DeviceCheckResult): Promise<void>;
  setIntakeStatus(appointmentId: string, status: IntakeStatus): Promise<void>;
  /** Moves intake forward (none → in-progress → completed, never back) on the patient's open appointments. */
  advanceIntakeForPatient(patientId: string, status: Exclude<IntakeStatus, 'none'>): Promise<void>;

  /** The one participant identity a user has in a visit, so a reload replaces the stale connection. */
  participantForUser(appointmentId: string, userId: string): Promise<VisitParticipant | undefined>;
  participant(appointmentId: string, identity: string): Promise<VisitParticipant | undefined>;
  recordArrival(arrival: Omit<VisitParticipant, 'holdMessage' | 'updatedAt'>): Promise<VisitParticipant>;
  setParticipantState(appointmentId: string, identity: string, state: ParticipantState, holdMessage?: string): Promise<void>;
  clearParticipants(appointmentId: string): Promise<void>;

  /** Raises a risk flag on one appointment or on every appointment of a patient. Idempotent per source. */
  addRiskFlag(target: RiskFlagTarget, flag: RiskFlag & { source?: string }): Promise<void>;
  riskFlagsForAppointment(appointmentId: string): Promise<RiskFlag[]>;

  /** What the clinician tells everyone waiting for them (running 10 minutes late, or their own words), if anything. */
  clinicianStatus(clinicianUserId: string): Promise<StoredClinicianStatus | undefined>;
  /** Sets the clinician's status, or clears it with null. */
  setClinicianStatus(clinicianUserId: string, status: ClinicianStatus | null): Promise<void>;

  appendAudit(entry: NewAuditEntry): Promise<void>;
  auditEntries(filter?: { target?: string; action?: AuditAction; limit?: number }): Promise<AuditEntry[]>;

  /** Writes a FHIR resource (new id or next version); sets meta.versionId and meta.lastUpdated. */
  writeFhirResource<T extends FhirResource>(resource: T & { id: string }, index: FhirIndex): Promise<T>;
  readFhirResource<T extends FhirResource>(resourceType: string, id: string): Promise<T | undefined>;
  findFhirByIdentifier<T extends FhirResource>(resourceType: string, system: string, value: string): Promise<T | undefined>;
  searchFhir<T extends FhirResource>(resourceType: string, query: FhirQuery): Promise<T[]>;
}

export interface User {
  id: string;
  role: VisitRole;
  /** FHIR Patient id, for patients. */
  patientId?: string | undefined;
}

export type AppointmentStatus = 'scheduled' | 'in-progress' | 'ended';
export type DeviceCheckResult = QueueEntry['deviceCheck'];
export type IntakeStatus = QueueEntry['intake'];
export type ParticipantState = 'waiting' | 'admitted' | 'held' | 'denied';

export interface NewAppointment {
  id: string;
  patientUserId: string;
  clinicianUserId: string;
  /** FHIR Patient id of the appointment's patient. */
  patientId?: string | undefined;
  /** The clinician's own label for the slot; may hold a name, so it never goes into logs. */
  label: string;
  startsAt: string;
  /** LiveKit room name; defaults to `attune-visit-<id>`. */
  room?: string | undefined;
}

export interface Appointment extends NewAppointment {
  status: AppointmentStatus;
  room: string;
  e2eeKey?: string | undefined;
  deviceCheck: DeviceCheckResult;
  intake: IntakeStatus;
  createdAt: string;
}

export interface VisitParticipant {
  appointmentId: string;
  identity: string;
  userId: string;
  role: VisitRole;
  state: ParticipantState;
  holdMessage?: string | undefined;
  arrivedAt: string;
  updatedAt: string;
}

/** A clinician's status as stored: a "running late" in minutes or their own words, never both. */
export type StoredClinicianStatus = ClinicianStatus & { updatedAt: string };

export type RiskFlagTarget = { appointmentId: string } | { patientId: string };

export type AuditAction =
  | 'login'
  | 'join'
  | 'admit'
  | 'deny'
  | 'hold-message'
  | 'end'
  | 'device-check'
  | 'connection-test'
  | 'queue-status'
  | 'desk-join'
  | 'clinician-status'
  | 'queue-read'
  | 'record-create'
  | 'record-read'
  | 'record-update'
  | 'record-search';

export type AuditOutcome = 'ok' | 'denied' | 'not-found' | 'failed';

/** An audit line: who did what to which id, and how it went. Never content, answers or names. */
export interface NewAuditEntry {
  actorUserId?: string | undefined;
  actorRole?: VisitRole | undefined;
  action: AuditAction;
  /** Appointment id or `ResourceType/id`. */
  target?: string | undefined;
  outcome: AuditOutcome;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
  at: string;
}

export interface FhirIndex {
  /** `Patient/<id>` the resource is about. */
  subject?: string | undefined;
  /** ISO instant the resource is dated by (authored, effective, sent), normalised to UTC. */
  date?: string | undefined;
  identifiers?: Array<{ system: string; value: string }>;
}

export interface FhirQuery {
  subject?: string;
  /** Inclusive/exclusive UTC bounds on the indexed date. */
  dateFrom?: { value: string; inclusive: boolean };
  dateTo?: { value: string; inclusive: boolean };
  limit?: number;
}
