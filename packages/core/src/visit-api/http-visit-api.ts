import { AttuneError, type AttuneErrorCode } from '../errors.js';
import type { ClinicianStatus, ConnectionTestJoin, DeskJoin, QueueEntry, QueueStatus, VisitApi, VisitJoin } from '../ports.js';
import { clinicianStatusFrom } from './clinician-status.js';

export interface HttpVisitApiOptions {
  /** The reference server (or any backend implementing docs/backend-contract), e.g. `https://clinic.example/attune`. */
  baseUrl: string;
  /** The host app's session token for the signed-in user; called before every request so it can refresh. */
  getHostToken: () => string | Promise<string>;
  /** Defaults to the global fetch; pass one to add headers, retries or tracing. */
  fetch?: typeof fetch;
}

export interface HttpVisitApi extends VisitApi {
  /** Records the patient's pre-call device check, which the clinician sees in the queue. */
  deviceCheck(appointmentId: string, result: QueueEntry['deviceCheck']): Promise<void>;
  connectionTest(appointmentId: string): Promise<ConnectionTestJoin>;
  queueStatus(appointmentId: string): Promise<QueueStatus>;
  joinDesk(): Promise<DeskJoin>;
  clinicianStatus(): Promise<ClinicianStatus | null>;
  setClinicianStatus(status: ClinicianStatus | null): Promise<void>;
}

const knownCodes = new Set<AttuneErrorCode>([
  'config/invalid',
  'auth/unauthenticated',
  'auth/forbidden',
  'visit/not-found',
  'visit/ended',
  'visit/token-expired',
  'records/not-found',
  'records/conflict',
  'records/invalid',
  'input/invalid',
  'route/not-found',
  'service/unavailable',
  'internal',
]);

function codeForStatus(status: number): AttuneErrorCode {
  if (status === 401) return 'auth/unauthenticated';
  if (status === 403) return 'auth/forbidden';
  if (status === 404) return 'route/not-found';
  if (status === 409) return 'visit/ended';
  if (status === 400 || status === 413 || status === 422) return 'input/invalid';
  if (status === 502 || status === 503 || status === 504) return 'service/unavailable';
  return 'network/failed';
}

/** Turns the server's `{ code, message }` into an AttuneError; an unknown body keeps only the status's meaning. */
async function errorFrom(response: Response): Promise<AttuneError> {
  let body: { code?: unknown; message?: unknown } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const code =
    typeof body?.code === 'string' && knownCodes.has(body.code as AttuneErrorCode)
      ? (body.code as AttuneErrorCode)
      : codeForStatus(response.status);
  const message = typeof body?.message === 'string' ? body.message : `The visit service answered ${response.status}.`;
  return new AttuneError(code, message, { status: response.status });
}

/** The default VisitApi: the reference server's visit API over fetch. */
export function createHttpVisitApi(options: HttpVisitApiOptions): HttpVisitApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = await options.getHostToken();
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new AttuneError('network/offline', 'The visit service cannot be reached. Check the connection.', { cause });
    }
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (cause) {
      throw new AttuneError('network/failed', 'The visit service sent an answer that could not be read.', {
        status: response.status,
        cause,
      });
    }
  }

  const visit = (appointmentId: string, action: string) => `/visits/${encodeURIComponent(appointmentId)}/${action}`;

  return {
    async join(appointmentId) {
      const join = await call<VisitJoin>('POST', visit(appointmentId, 'join'));
      if (!join || typeof join.token !== 'string' || typeof join.livekitUrl !== 'string' || typeof join.e2eeKey !== 'string') {
        throw new AttuneError('network/failed', 'The visit service sent an incomplete join answer.');
      }
      return join;
    },
    admit: (appointmentId, identity) => call('POST', visit(appointmentId, 'admit'), { identity }),
    deny: (appointmentId, identity, reason) =>
      call('POST', visit(appointmentId, 'deny'), reason === undefined ? { identity } : { identity, reason }),
    holdMessage: (appointmentId, identity, message) => call('POST', visit(appointmentId, 'hold-message'), { identity, message }),
    end: (appointmentId) => call('POST', visit(appointmentId, 'end')),
    deviceCheck: (appointmentId, result) => call('POST', visit(appointmentId, 'device-check'), { result }),
    async connectionTest(appointmentId) {
      const probe = await call<ConnectionTestJoin>('POST', visit(appointmentId, 'connection-test'));
      if (!probe || typeof probe.token !== 'string' || typeof probe.livekitUrl !== 'string') {
        throw new AttuneError('network/failed', 'The visit service sent an incomplete connection test answer.');
      }
      return probe;
    },
    queueStatus: async (appointmentId) => (await call<QueueStatus>('GET', visit(appointmentId, 'queue-status')))!,
    async queue() {
      const entries = await call<QueueEntry[]>('GET', '/queue');
      if (!Array.isArray(entries)) throw new AttuneError('network/failed', 'The visit service sent a malformed queue.');
      return entries;
    },
    joinDesk: () => call<DeskJoin>('POST', '/desk/join'),
    async clinicianStatus() {
      const status = await call<{ message?: unknown; lateMinutes?: unknown }>('GET', '/clinician/status');
      return clinicianStatusFrom(status?.message, status?.lateMinutes);
    },
    async setClinicianStatus(status) {
      // A "running late" goes as minutes alone, so each patient's waiting room words it in their language.
      await call('POST', '/clinician/status', status?.lateMinutes !== undefined ? { lateMinutes: status.lateMinutes } : { message: status?.message ?? null });
    },
  };
}
