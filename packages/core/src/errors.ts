/**
 * Every failure Attune reports is an AttuneError: a stable `code` a program can branch on and a
 * human message that never carries PHI (no names, no answers, no message text).
 */
export type AttuneErrorCode =
  | 'config/invalid'
  | 'auth/unauthenticated'
  | 'auth/forbidden'
  | 'visit/not-found'
  | 'visit/ended'
  | 'visit/token-expired'
  | 'media/permission-denied'
  | 'media/device-not-found'
  | 'media/device-busy'
  | 'media/connect-failed'
  | 'media/disconnected'
  | 'records/not-found'
  | 'records/conflict'
  | 'records/invalid'
  | 'records/offline'
  | 'questionnaire/malformed'
  | 'questionnaire/unsupported'
  | 'vault/locked'
  | 'vault/corrupt'
  | 'vault/wipe-failed'
  | 'network/offline'
  | 'network/failed'
  | 'input/invalid'
  | 'route/not-found'
  | 'service/unavailable'
  | 'internal';

export class AttuneError extends Error {
  override readonly name = 'AttuneError';
  readonly code: AttuneErrorCode;
  /** HTTP status when the error crossed the wire, for the server and API clients. */
  readonly status: number | undefined;

  constructor(code: AttuneErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }

  toJSON(): { code: AttuneErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isAttuneError(value: unknown): value is AttuneError {
  return value instanceof AttuneError;
}

/** Wraps anything thrown into an AttuneError without copying its message (it may hold PHI). */
export function toAttuneError(value: unknown, fallback: AttuneErrorCode = 'internal'): AttuneError {
  if (value instanceof AttuneError) return value;
  return new AttuneError(fallback, 'Something went wrong.', { cause: value });
}
