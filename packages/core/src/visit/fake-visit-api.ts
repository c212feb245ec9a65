import { AttuneError } from '../errors.js';
import type { QueueEntry, QueueStatus, VisitApi, VisitJoin, VisitRole } from '../ports.js';

/**
 * An in-memory VisitApi for machine, element and story tests: answers `join` with a made-up
 * token and records what was asked. The reference server's HTTP client replaces it everywhere else.
 */
export interface FakeVisitApi extends VisitApi {
  readonly calls: Array<{ method: keyof VisitApi; appointmentId?: string }>;
  /** The next `join` (or `end`) rejects with this error once. */
  failNext(method: 'join' | 'end', error: AttuneError): void;
  /** What `queueStatus` answers from now on (by default: nothing known yet). */
  answerQueueStatus(status: QueueStatus): void;
}

export function createFakeVisitApi(role: VisitRole = 'patient'): FakeVisitApi {
  const calls: FakeVisitApi['calls'] = [];
  const failures = new Map<'join' | 'end', AttuneError>();
  let joins = 0;
  let queueStatus: QueueStatus = { position: null, waitingCount: null, clinicianStatus: null };

  const failIfAsked = (method: 'join' | 'end'): void => {
    const error = failures.get(method);
    if (!error) return;
    failures.delete(method);
    throw error;
  };

  return {
    calls,
    failNext(method, error) {
      failures.set(method, error);
    },
    answerQueueStatus(status) {
      queueStatus = status;
    },
    async queueStatus(appointmentId: string): Promise<QueueStatus> {
      calls.push({ method: 'queueStatus', appointmentId });
      return queueStatus;
    },
    async join(appointmentId: string): Promise<VisitJoin> {
      calls.push({ method: 'join', appointmentId });
      failIfAsked('join');
      joins += 1;
      return {
        appointmentId,
        role,
        livekitUrl: 'ws://fake.invalid',
        token: `token-${joins}`,
        e2eeKey: 'ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM=',
        identity: `${role}-${joins}`,
        room: `visit-${appointmentId}`,
        expiresAt: Math.floor(Date.now() / 1000) + 600,
      };
    },
    async admit(appointmentId: string) {
      calls.push({ method: 'admit', appointmentId });
    },
    async deny(appointmentId: string) {
      calls.push({ method: 'deny', appointmentId });
    },
    async holdMessage(appointmentId: string) {
      calls.push({ method: 'holdMessage', appointmentId });
    },
    async end(appointmentId: string) {
      calls.push({ method: 'end', appointmentId });
      failIfAsked('end');
    },
    async queue(): Promise<QueueEntry[]> {
      calls.push({ method: 'queue' });
      return [];
    },
  };
}
