import { AttuneError, type QueueEntry } from '@attune/core';
import type { ParticipantInfo } from 'livekit-server-sdk';
import type { Caller } from '../auth/host-token.js';
import type { ServerContext } from '../context.js';
import type { Appointment } from '../store/store.js';
import { ROLE_ATTRIBUTE, STATE_ATTRIBUTE } from './livekit-access.js';
import { callLivekit, isLivekitNotFound } from './livekit-errors.js';

function arrivalOf(participant: ParticipantInfo): string {
  const ms = Number(participant.joinedAtMs) || Number(participant.joinedAt) * 1000;
  return new Date(ms || Date.now()).toISOString();
}

async function entriesFor(ctx: ServerContext, appointment: Appointment, participants: ParticipantInfo[]): Promise<QueueEntry[]> {
  const patients = participants.filter((p) => p.attributes[ROLE_ATTRIBUTE] === 'patient');
  if (patients.length === 0) return [];
  const riskFlags = await ctx.store.riskFlagsForAppointment(appointment.id);
  const entries: QueueEntry[] = [];
  for (const participant of patients) {
    const known = await ctx.store.participant(appointment.id, participant.identity);
    // Only identities this server issued: a token minted elsewhere for the room does not enter the queue.
    if (!known) continue;
    const admitted = participant.attributes[STATE_ATTRIBUTE] === 'admitted';
    entries.push({
      appointmentId: appointment.id,
      identity: participant.identity,
      label: appointment.label,
      arrivedAt: arrivalOf(participant),
      state: admitted ? 'admitted' : known.state === 'held' ? 'held' : 'waiting',
      deviceCheck: appointment.deviceCheck,
      intake: appointment.intake,
      riskFlags,
      ...(known.state === 'held' && known.holdMessage ? { holdMessage: known.holdMessage } : {}),
    });
  }
  return entries;
}

/** Risk first (never buried under arrivals), then who has waited longest. */
export function queueOrder(a: QueueEntry, b: QueueEntry): number {
  const risk = Number(b.riskFlags.length > 0) - Number(a.riskFlags.length > 0);
  return risk !== 0 ? risk : a.arrivedAt.localeCompare(b.arrivedAt);
}

/**
 * Everyone in the clinician's visit rooms right now, as LiveKit sees them, in queue order. No audit:
 * the server also reads it to tell each waiting patient their place.
 */
export async function queueForClinician(ctx: ServerContext, clinicianUserId: string): Promise<QueueEntry[]> {
  const appointments = await ctx.store.openAppointmentsForClinician(clinicianUserId);
  const byRoom = new Map(appointments.map((a) => [a.room, a]));
  const rooms = byRoom.size === 0 ? [] : await callLivekit(() => ctx.livekit.rooms.listRooms([...byRoom.keys()]));
  const entries: QueueEntry[] = [];
  for (const room of rooms) {
    const appointment = byRoom.get(room.name);
    if (!appointment) continue;
    let participants: ParticipantInfo[];
    try {
      participants = await callLivekit(() => ctx.livekit.rooms.listParticipants(room.name));
    } catch (error) {
      if (isLivekitNotFound(error)) continue; // the room closed between the two calls
      throw error;
    }
    entries.push(...(await entriesFor(ctx, appointment, participants)));
  }
  return entries.sort(queueOrder);
}

/** GET /queue: the patients in the clinician's visit rooms right now, as LiveKit sees them. */
export async function clinicianQueue(ctx: ServerContext, caller: Caller): Promise<QueueEntry[]> {
  if (caller.role !== 'clinician') {
    await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: caller.role, action: 'queue-read', outcome: 'denied' });
    throw new AttuneError('auth/forbidden', 'Only clinicians have a queue.', { status: 403 });
  }
  const entries = await queueForClinician(ctx, caller.userId);
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'queue-read', outcome: 'ok' });
  return entries;
}
