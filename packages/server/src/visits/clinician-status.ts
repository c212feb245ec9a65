import { AttuneError, isLateMinutes, lateMinutesMax, type ClinicianStatus } from '@attune/core';
import type { Caller } from '../auth/host-token.js';
import type { ServerContext } from '../context.js';
import { requiredString } from '../http/json.js';
import { announceQueueStatus } from './queue-announcements.js';

/** Long enough for "Back from an urgent call, thank you for your patience", short enough for a phone's waiting room. */
export const clinicianStatusMaxLength = 200;

/**
 * What `GET` and `POST /clinician/status` answer: the clinician's own words, or a "running late" in
 * minutes that each patient's waiting room words in the patient's language; never both.
 */
export interface ClinicianStatusAnswer {
  message: string | null;
  lateMinutes: number | null;
  updatedAt: string | null;
}

async function requireClinician(ctx: ServerContext, caller: Caller): Promise<void> {
  if (caller.role === 'clinician') return;
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: caller.role, action: 'clinician-status', outcome: 'denied' });
  throw new AttuneError('auth/forbidden', 'Only clinicians have a status.', { status: 403 });
}

/**
 * The status a `POST /clinician/status` body asks for: `{ lateMinutes }` (whole minutes, 1 to 120),
 * `{ message }` (the clinician's words), or `{ message: null }` to clear. Both at once is refused:
 * a patient would otherwise read one and miss the other.
 */
function requestedClinicianStatus(body: Record<string, unknown>): ClinicianStatus | null {
  const lateMinutes = body.lateMinutes ?? null;
  if (lateMinutes !== null) {
    if (!isLateMinutes(lateMinutes)) {
      throw new AttuneError('input/invalid', `"lateMinutes" must be a whole number of minutes from 1 to ${lateMinutesMax}.`, { status: 400 });
    }
    if (body.message !== undefined && body.message !== null) {
      throw new AttuneError('input/invalid', 'Send either "lateMinutes" or "message", not both.', { status: 400 });
    }
    return { lateMinutes };
  }
  return body.message === null ? null : { message: requiredString(body, 'message', clinicianStatusMaxLength).trim() };
}

/** GET /clinician/status: the clinician's own status, so the queue shows what patients are being told. */
export async function readClinicianStatus(ctx: ServerContext, caller: Caller): Promise<ClinicianStatusAnswer> {
  await requireClinician(ctx, caller);
  const status = await ctx.store.clinicianStatus(caller.userId);
  return { message: status?.message ?? null, lateMinutes: status?.lateMinutes ?? null, updatedAt: status?.updatedAt ?? null };
}

/** POST /clinician/status: sets (or, with `{ message: null }`, clears) what every patient waiting for this clinician sees. */
export async function updateClinicianStatus(
  ctx: ServerContext,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<ClinicianStatusAnswer> {
  await requireClinician(ctx, caller);
  await ctx.store.setClinicianStatus(caller.userId, requestedClinicianStatus(body));
  // The audit says that the status changed, never what it says.
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'clinician-status', outcome: 'ok' });
  announceQueueStatus(ctx, caller.userId).catch(() => {
    // LiveKit briefly away: the status is stored, and the next queue change carries it.
  });
  return readClinicianStatus(ctx, caller);
}
