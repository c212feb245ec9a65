import type { QueueEntry } from '@attune/core';
import type { ServerContext } from '../context.js';
import type { Appointment } from '../store/store.js';
import { queueForClinician } from './queue.js';

/** A waiting patient's place in their clinician's queue: 1 is next. */
export interface QueuePlace {
  appointmentId: string;
  identity: string;
  position: number;
  waitingCount: number;
}

/**
 * Each patient not yet in their visit, with their place among them. `entries` come in queue order
 * (risk flags first, then arrival), so a patient's place is the one the clinician reads them in.
 */
export function queuePlaces(entries: readonly QueueEntry[]): QueuePlace[] {
  const waiting = entries.filter((entry) => entry.state !== 'admitted');
  return waiting.map((entry, index) => ({
    appointmentId: entry.appointmentId,
    identity: entry.identity,
    position: index + 1,
    waitingCount: waiting.length,
  }));
}

/**
 * Tells each patient waiting for this clinician, and only that patient, their place and the
 * clinician's status. Everything comes from LiveKit and the store, so any instance can do it.
 */
export async function announceQueueStatus(ctx: ServerContext, clinicianUserId: string): Promise<void> {
  const [entries, status, appointments] = await Promise.all([
    queueForClinician(ctx, clinicianUserId),
    ctx.store.clinicianStatus(clinicianUserId),
    ctx.store.openAppointmentsForClinician(clinicianUserId),
  ]);
  const roomOf = new Map(appointments.map((appointment) => [appointment.id, appointment.room]));
  const clinicianStatus = status?.message ?? null;
  const clinicianLateMinutes = status?.lateMinutes ?? null;
  await Promise.all(
    queuePlaces(entries).map(async ({ appointmentId, identity, position, waitingCount }) => {
      const room = roomOf.get(appointmentId);
      if (!room) return;
      await ctx.livekit
        .send(room, { type: 'queue-status', position, waitingCount, clinicianStatus, clinicianLateMinutes }, [identity])
        // One patient who just left must not keep the others from hearing.
        .catch(() => undefined);
    }),
  );
}

/**
 * Tells the clinician's desk that the queue changed. Never awaited by a route: an admit must not
 * wait on a desk, and a desk nobody has open (LiveKit is slow to refuse those) is not an error.
 */
export function notifyDesk(ctx: ServerContext, appointment: Appointment): void {
  const room = ctx.livekit.deskRoom(appointment.clinicianUserId);
  ctx.livekit.rooms
    .listRooms([room])
    .then((open) => (open.length > 0 ? ctx.livekit.send(room, { type: 'queue-changed', appointmentId: appointment.id }) : undefined))
    .catch(() => {
      // LiveKit briefly away: the queue also refreshes when the clinician acts, and falls back to polling.
    });
}

/** Someone came, went, was admitted or turned away: the desk hears it, and every waiting patient learns their new place. */
export function announceQueueChange(ctx: ServerContext, appointment: Appointment): void {
  notifyDesk(ctx, appointment);
  announceQueueStatus(ctx, appointment.clinicianUserId).catch(() => {
    // LiveKit briefly away: the next change tells every waiting patient again.
  });
}
