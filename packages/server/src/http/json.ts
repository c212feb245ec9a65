import { AttuneError, toAttuneError } from '@attune/core';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...headers },
  });
}

const statusByCode: Partial<Record<AttuneError['code'], number>> = {
  'auth/unauthenticated': 401,
  'auth/forbidden': 403,
  'visit/not-found': 404,
  'records/not-found': 404,
  'route/not-found': 404,
  'visit/ended': 409,
  'records/conflict': 409,
  'input/invalid': 400,
  'records/invalid': 400,
  'config/invalid': 500,
  'service/unavailable': 503,
};

/** `{ code, message }` with the error's status; anything unexpected becomes a bare 500 without its message. */
export function errorResponse(error: unknown): Response {
  const attune = toAttuneError(error);
  const status = attune.status ?? statusByCode[attune.code] ?? 500;
  return jsonResponse(status, attune.toJSON());
}

const MAX_BODY_BYTES = 1_000_000;

/** Reads a JSON object body; a missing, oversized or malformed one is a 400 naming the problem, never echoing it. */
export async function readJsonObject(request: Request, { optional = false } = {}): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AttuneError('input/invalid', 'The request body is too large.', { status: 413 });
  if (text.trim() === '') {
    if (optional) return {};
    throw new AttuneError('input/invalid', 'The request needs a JSON body.', { status: 400 });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AttuneError('input/invalid', 'The request body is not valid JSON.', { status: 400 });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AttuneError('input/invalid', 'The request body must be a JSON object.', { status: 400 });
  }
  return value as Record<string, unknown>;
}

export function requiredString(body: Record<string, unknown>, field: string, maxLength = 200): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AttuneError('input/invalid', `"${field}" must be a non-empty string.`, { status: 400 });
  }
  if (value.length > maxLength) {
    throw new AttuneError('input/invalid', `"${field}" is longer than ${maxLength} characters.`, { status: 400 });
  }
  return value;
}

export function optionalString(body: Record<string, unknown>, field: string, maxLength = 500): string | undefined {
  return body[field] === undefined || body[field] === null ? undefined : requiredString(body, field, maxLength);
}
