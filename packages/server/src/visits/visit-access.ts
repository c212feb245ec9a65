import { AttuneError, type VisitRole } from '@attune/core';
import type { Caller } from '../auth/host-token.js';
import type { ServerContext } from '../context.js';
import type { Appointment, AuditAction } from '../store/store.js';

export async function requireAppointment(ctx: ServerContext, caller: Caller, id: string, action: AuditAction): Promise<Appointment> {
  const appointment = await ctx.store.getAppointment(id);
  if (!appointment) {
    await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: caller.role, action, target: id, outcome: 'not-found' });
    throw new AttuneError('visit/not-found', 'There is no such visit.', { status: 404 });
  }
  return appointment;
}

/** The caller's part in this appointment, or undefined if they have none (or their token claims another role). */
export function roleIn(appointment: Appointment, caller: Caller): VisitRole | undefined {
  if (caller.role === 'patient' && appointment.patientUserId === caller.userId) return 'patient';
  if (caller.role === 'clinician' && appointment.clinicianUserId === caller.userId) return 'clinician';
  return undefined;
}

/** Refuses (and audits) anyone who is not `role` in this appointment. */
export async function requireRole(
  ctx: ServerContext,
  appointment: Appointment,
  caller: Caller,
  action: AuditAction,
  ...allowed: VisitRole[]
): Promise<VisitRole> {
  const role = roleIn(appointment, caller);
  if (!role || !allowed.includes(role)) {
    await ctx.store.appendAudit({
      actorUserId: caller.userId,
      actorRole: caller.role,
      action,
      target: appointment.id,
      outcome: 'denied',
    });
    throw new AttuneError(
      'auth/forbidden',
      allowed.length === 1 && allowed[0] === 'clinician'
        ? "Only this visit's clinician can do that."
        : 'You are not part of this visit.',
      { status: 403 },
    );
  }
  return role;
}

export function refuseIfEnded(appointment: Appointment): void {
  if (appointment.status === 'ended') throw new AttuneError('visit/ended', 'This visit has ended.', { status: 409 });
}
