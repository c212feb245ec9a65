/**
 * The ports Attune's machines talk through. Each has one default adapter in this package; an
 * EHR vendor may hand in its own implementation of any of them.
 */

export type VisitRole = 'patient' | 'clinician';

/** What `POST /visits/{appointment}/join` answers: enough to connect, nothing personal. */
export interface VisitJoin {
  appointmentId: string;
  role: VisitRole;
  /** LiveKit WebSocket URL. */
  livekitUrl: string;
  /** LiveKit access token: at most 10 minutes, one room, non-personal identity. */
  token: string;
  /** The visit's end-to-end encryption key, base64 (32 random bytes). */
  e2eeKey: string;
  /** The participant identity inside the LiveKit token. */
  identity: string;
  room: string;
  /** Seconds since epoch when the token expires. */
  expiresAt: number;
}

export interface QueueEntry {
  appointmentId: string;
  identity: string;
  /** Display label the clinician's own system gave the appointment (may hold the patient's name: UI only, never logs). */
  label: string;
  arrivedAt: string;
  state: 'waiting' | 'admitted' | 'held';
  deviceCheck: 'passed' | 'audio-only' | 'failed' | 'unknown';
  intake: 'none' | 'in-progress' | 'completed';
  riskFlags: RiskFlag[];
  holdMessage?: string;
}

export interface RiskFlag {
  /** e.g. 'phq9-item9', 'epds-item10', 'cssrs-positive', 'phqa-suicide'. */
  code: string;
  /** Short, translated at the UI. */
  label: string;
  raisedAt: string;
}

/**
 * What a clinician tells the patients waiting for them. "Running late" travels as minutes, so each
 * patient's waiting room words it in the patient's own language; the clinician's own words travel
 * as written, since nothing can translate them. Never both; no status at all is `null`.
 */
export type ClinicianStatus = { lateMinutes: number; message?: undefined } | { message: string; lateMinutes?: undefined };

/**
 * A waiting patient's place in line (1 is next) and their clinician's status; null where unknown.
 * As the backend sends it: `clinicianStatus` is the clinician's own words, `clinicianLateMinutes`
 * a "running late" (a backend older than it sends only the words).
 */
export interface QueueStatus {
  position: number | null;
  waitingCount: number | null;
  clinicianStatus: string | null;
  clinicianLateMinutes?: number | null;
}

export interface VisitApi {
  join(appointmentId: string): Promise<VisitJoin>;
  admit(appointmentId: string, identity: string): Promise<void>;
  deny(appointmentId: string, identity: string, reason?: string): Promise<void>;
  holdMessage(appointmentId: string, identity: string, message: string): Promise<void>;
  end(appointmentId: string): Promise<void>;
  queue(): Promise<QueueEntry[]>;
  /**
   * Clinicians only: a data-only token for their own "desk" room, where the server announces
   * `{ type: 'queue-changed' }` so the queue stays live without polling. Optional: without it the
   * queue polls.
   */
  joinDesk?(): Promise<DeskJoin>;
  /** Patients: records the pre-call device check, which the clinician sees in the queue. Optional. */
  deviceCheck?(appointmentId: string, result: QueueEntry['deviceCheck']): Promise<void>;
  /**
   * A token for a throwaway, hidden room on the practice's own LiveKit server, so the device check
   * can tell UDP from TCP-only without anyone appearing in a queue. Optional: without it the device
   * check measures only the round trip.
   */
  connectionTest?(appointmentId: string): Promise<ConnectionTestJoin>;
  /** Patients: their place in line and the clinician's status, asked once on arrival (later changes arrive as messages). Optional. */
  queueStatus?(appointmentId: string): Promise<QueueStatus>;
  /** Clinicians: the status every patient waiting for them sees (running 10 minutes late, or their own words), or null. Optional. */
  clinicianStatus?(): Promise<ClinicianStatus | null>;
  /** Clinicians: sets that status, or clears it with null; waiting patients hear at once. Optional. */
  setClinicianStatus?(status: ClinicianStatus | null): Promise<void>;
}

/** What `POST /desk/join` answers: a token that may only receive data in the clinician's desk room. */
export interface DeskJoin {
  livekitUrl: string;
  token: string;
  room: string;
  identity: string;
  /** Seconds since epoch when the token expires. */
  expiresAt: number;
}

/** What `POST /visits/{appointment}/connection-test` answers: a probe room token, never the visit room's. */
export interface ConnectionTestJoin {
  livekitUrl: string;
  /** May publish, never subscribe; hidden; at most 10 minutes. */
  token: string;
  /** Seconds since epoch when the token expires. */
  expiresAt: number;
}

export type FhirResource = { resourceType: string; id?: string; [key: string]: unknown };

export interface SearchParams {
  [name: string]: string | string[] | undefined;
}

export interface Records {
  create<T extends FhirResource>(resource: T, options?: { ifNoneExist?: string }): Promise<T>;
  read<T extends FhirResource>(resourceType: T['resourceType'], id: string): Promise<T>;
  update<T extends FhirResource>(resource: T): Promise<T>;
  search<T extends FhirResource>(resourceType: T['resourceType'], params: SearchParams): Promise<T[]>;
}

export interface Vault {
  put(store: string, id: string, value: unknown): Promise<void>;
  get<T>(store: string, id: string): Promise<T | undefined>;
  delete(store: string, id: string): Promise<void>;
  list<T>(store: string): Promise<Array<{ id: string; value: T }>>;
  /** Forgets the key: every sealed record becomes unreadable. Log-off and inactivity call this. */
  wipe(): Promise<void>;
}
