import { randomBytes } from 'node:crypto';
import { AttuneError, type ConnectionTestJoin, type QueueEntry, type QueueStatus, type VisitJoin } from '@attune/core';
import type { Caller } from '../auth/host-token.js';
import type { ServerContext } from '../context.js';
import { optionalString, requiredString } from '../http/json.js';
import type { Appointment } from '../store/store.js';
import { newIdentity } from './livekit-access.js';
import { announceQueueChange, notifyDesk, queuePlaces } from './queue-announcements.js';
import { queueForClinician } from './queue.js';
import { callLivekit, callLivekitIgnoringGone } from './livekit-errors.js';
import { refuseIfEnded, requireAppointment, requireRole } from './visit-access.js';

const deviceCheckResults: ReadonlyArray<QueueEntry['deviceCheck']> = ['passed', 'audio-only', 'failed', 'unknown'];

/** POST /visits/{id}/join: a short-lived token for this visit's room and the visit's E2EE key. */
export async function joinVisit(ctx: ServerContext, caller: Caller, appointmentId: string): Promise<VisitJoin> {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'join');
  const role = await requireRole(ctx, appointment, caller, 'join', 'patient', 'clinician');
  refuseIfEnded(appointment);

  const e2eeKey = await ctx.store.ensureVisitKey(appointment.id, randomBytes(32).toString('base64'));
  const known = await ctx.store.participantForUser(appointment.id, caller.userId);
  // The same identity on every join, so a reload replaces the stale connection instead of doubling it.
  const identity = known?.identity ?? newIdentity(role === 'patient' ? 'p' : 'c');
  const admitted = role === 'clinician' || known?.state === 'admitted';
  const state = admitted ? 'admitted' : known?.state === 'held' ? 'held' : 'waiting';
  await ctx.store.recordArrival({
    appointmentId: appointment.id,
    identity,
    userId: caller.userId,
    role,
    state,
    arrivedAt: known?.arrivedAt ?? new Date().toISOString(),
  });
  if (role === 'clinician' && appointment.status === 'scheduled') {
    await ctx.store.setAppointmentStatus(appointment.id, 'in-progress');
  }
  const { token, expiresAt } = await ctx.livekit.visitToken(appointment.room, identity, role, admitted);
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: role, action: 'join', target: appointment.id, outcome: 'ok' });
  return { appointmentId: appointment.id, role, livekitUrl: ctx.livekit.publicUrl, token, e2eeKey, identity, room: appointment.room, expiresAt };
}

async function waitingPatient(ctx: ServerContext, appointment: Appointment, identity: string) {
  const participant = await ctx.store.participant(appointment.id, identity);
  if (!participant || participant.role !== 'patient') {
    throw new AttuneError('visit/not-found', 'No such patient in this visit.', { status: 404 });
  }
  return participant;
}

/** POST /visits/{id}/admit: the clinician lets a waiting patient into the call. */
export async function admitPatient(ctx: ServerContext, caller: Caller, appointmentId: string, body: Record<string, unknown>) {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'admit');
  await requireRole(ctx, appointment, caller, 'admit', 'clinician');
  refuseIfEnded(appointment);
  const identity = requiredString(body, 'identity');
  await waitingPatient(ctx, appointment, identity);
  try {
    await callLivekit(() => ctx.livekit.admit(appointment.room, identity));
  } catch (error) {
    if (error instanceof AttuneError) throw error;
    await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'admit', target: appointment.id, outcome: 'not-found' });
    throw new AttuneError('visit/not-found', 'The patient is no longer in the waiting room.', { status: 404 });
  }
  await ctx.store.setParticipantState(appointment.id, identity, 'admitted');
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'admit', target: appointment.id, outcome: 'ok' });
  announceQueueChange(ctx, appointment);
}

/** POST /visits/{id}/deny: tells the patient why (if given), then removes them from the room. */
export async function denyPatient(ctx: ServerContext, caller: Caller, appointmentId: string, body: Record<string, unknown>) {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'deny');
  await requireRole(ctx, appointment, caller, 'deny', 'clinician');
  const identity = requiredString(body, 'identity');
  const reason = optionalString(body, 'reason', 500);
  await waitingPatient(ctx, appointment, identity);
  if (await callLivekit(() => ctx.livekit.isPresent(appointment.room, identity))) {
    await callLivekit(() => ctx.livekit.send(appointment.room, { type: 'denied', ...(reason ? { reason } : {}) }, [identity]));
    await callLivekitIgnoringGone(() => ctx.livekit.rooms.removeParticipant(appointment.room, identity));
  }
  await ctx.store.setParticipantState(appointment.id, identity, 'denied');
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'deny', target: appointment.id, outcome: 'ok' });
  announceQueueChange(ctx, appointment);
}

/** POST /visits/{id}/hold-message: a short note to a waiting patient ("running ten minutes late"). */
export async function sendHoldMessage(ctx: ServerContext, caller: Caller, appointmentId: string, body: Record<string, unknown>) {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'hold-message');
  await requireRole(ctx, appointment, caller, 'hold-message', 'clinician');
  refuseIfEnded(appointment);
  const identity = requiredString(body, 'identity');
  const message = requiredString(body, 'message', 500);
  await waitingPatient(ctx, appointment, identity);
  if (!(await callLivekit(() => ctx.livekit.isPresent(appointment.room, identity)))) {
    throw new AttuneError('visit/not-found', 'The patient is no longer in the waiting room.', { status: 404 });
  }
  await callLivekit(() => ctx.livekit.send(appointment.room, { type: 'hold-message', message }, [identity]));
  await ctx.store.setParticipantState(appointment.id, identity, 'held', message);
  await ctx.store.appendAudit({
    actorUserId: caller.userId,
    actorRole: 'clinician',
    action: 'hold-message',
    target: appointment.id,
    outcome: 'ok',
  });
}

/** POST /visits/{id}/end: tells everyone, closes the room; later joins get 409 visit/ended. */
export async function endVisit(ctx: ServerContext, caller: Caller, appointmentId: string) {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'end');
  await requireRole(ctx, appointment, caller, 'end', 'clinician');
  await ctx.store.setAppointmentStatus(appointment.id, 'ended');
  if (await callLivekit(() => ctx.livekit.isOpen(appointment.room))) {
    await callLivekitIgnoringGone(() => ctx.livekit.send(appointment.room, { type: 'visit-ended' }));
    await callLivekitIgnoringGone(() => ctx.livekit.rooms.deleteRoom(appointment.room));
  }
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'end', target: appointment.id, outcome: 'ok' });
  announceQueueChange(ctx, appointment);
}

/** POST /visits/{id}/device-check: the patient's pre-call check result, shown in the clinician's queue. */
export async function recordDeviceCheck(ctx: ServerContext, caller: Caller, appointmentId: string, body: Record<string, unknown>) {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'device-check');
  await requireRole(ctx, appointment, caller, 'device-check', 'patient');
  const result = body.result as QueueEntry['deviceCheck'];
  if (!deviceCheckResults.includes(result)) {
    throw new AttuneError('input/invalid', `"result" must be one of ${deviceCheckResults.join(', ')}.`, { status: 400 });
  }
  await ctx.store.setDeviceCheck(appointment.id, result);
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'patient', action: 'device-check', target: appointment.id, outcome: 'ok' });
  notifyDesk(ctx, appointment);
}

/**
 * POST /visits/{id}/connection-test: a token for a throwaway probe room, so the device check can see
 * whether media flows over UDP or only TCP without the patient ever showing in a queue.
 */
export async function startConnectionTest(ctx: ServerContext, caller: Caller, appointmentId: string): Promise<ConnectionTestJoin> {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'connection-test');
  const role = await requireRole(ctx, appointment, caller, 'connection-test', 'patient', 'clinician');
  refuseIfEnded(appointment);
  const { token, expiresAt } = await ctx.livekit.probeToken(ctx.livekit.probeRoom(), newIdentity('t'));
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: role, action: 'connection-test', target: appointment.id, outcome: 'ok' });
  return { livekitUrl: ctx.livekit.publicUrl, token, expiresAt };
}

/**
 * GET /visits/{id}/queue-status: the waiting patient's place in line and the clinician's status, the
 * same as the `queue-status` message. The patient asks once on arrival, since a message the server
 * sends before their data channel is open is lost.
 */
export async function readQueueStatus(ctx: ServerContext, caller: Caller, appointmentId: string): Promise<QueueStatus> {
  const appointment = await requireAppointment(ctx, caller, appointmentId, 'queue-status');
  await requireRole(ctx, appointment, caller, 'queue-status', 'patient');
  const [entries, status] = await Promise.all([queueForClinician(ctx, appointment.clinicianUserId), ctx.store.clinicianStatus(appointment.clinicianUserId)]);
  const place = queuePlaces(entries).find((entry) => entry.appointmentId === appointment.id);
  return {
    position: place?.position ?? null,
    waitingCount: place?.waitingCount ?? null,
    clinicianStatus: status?.message ?? null,
    clinicianLateMinutes: status?.lateMinutes ?? null,
  };
}
