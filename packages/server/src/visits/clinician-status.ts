import { AttuneError } from '@attune/core';
import type { Caller } from '../auth/host-token.js';
import type { ServerContext } from '../context.js';
import { requiredString } from '../http/json.js';
import { announceQueueStatus } from './queue-announcements.js';

/** Long enough for "Running about 15 minutes late, thank you for your patience", short enough for a phone's waiting room. */
export const clinicianStatusMaxLength = 200;

/** What `GET` and `POST /clinician/status` answer. */
export interface ClinicianStatusAnswer {
  message: string | null;
  updatedAt: string | null;
}

async function requireClinician(ctx: ServerContext, caller: Caller): Promise<void> {
  if (caller.role === 'clinician') return;
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: caller.role, action: 'clinician-status', outcome: 'denied' });
  throw new AttuneError('auth/forbidden', 'Only clinicians have a status.', { status: 403 });
}

/** GET /clinician/status: the clinician's own status, so the queue shows what patients are being told. */
export async function readClinicianStatus(ctx: ServerContext, caller: Caller): Promise<ClinicianStatusAnswer> {
  await requireClinician(ctx, caller);
  const status = await ctx.store.clinicianStatus(caller.userId);
  return { message: status?.message ?? null, updatedAt: status?.updatedAt ?? null };
}

/** POST /clinician/status `{ message }`: sets (or, with null, clears) what every patient waiting for this clinician sees. */
export async function updateClinicianStatus(
  ctx: ServerContext,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<ClinicianStatusAnswer> {
  await requireClinician(ctx, caller);
  const message = body.message === null ? null : requiredString(body, 'message', clinicianStatusMaxLength).trim();
  await ctx.store.setClinicianStatus(caller.userId, message);
  // The audit says that the status changed, never what it says.
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'clinician-status', outcome: 'ok' });
  announceQueueStatus(ctx, caller.userId).catch(() => {
    // LiveKit briefly away: the status is stored, and the next queue change carries it.
  });
  return readClinicianStatus(ctx, caller);
}
