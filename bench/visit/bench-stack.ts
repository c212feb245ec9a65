// The e2e visit stack (the real reference server on a SQLite file, dev mode, demo users, in front of a
// real livekit-server), plus the store's doors the benchmark needs: every run gets an appointment (and
// so a LiveKit room) of its own, which the HTTP API has no door for.
import { startVisitStack, type VisitStack } from '../../e2e/support/visit-stack.js';

export interface BenchStack extends VisitStack {
  /** A fresh appointment of `patient-1` with `clinician-1`, in a room nobody has used; returns the room's name. */
  newAppointment(id: string): Promise<string>;
  /** The visit's E2EE key, once someone has joined it. */
  visitKey(appointmentId: string): Promise<string>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const stack = await startVisitStack();
  return {
    ...stack,
    async newAppointment(id) {
      const appointment = await stack.store.saveAppointment({
        id,
        patientUserId: 'patient-1',
        patientId: 'demo-patient-1',
        clinicianUserId: 'clinician-1',
        label: `Benchmark ${id}`,
        startsAt: new Date().toISOString(),
      });
      return appointment.room;
    },
    async visitKey(appointmentId) {
      const key = (await stack.store.getAppointment(appointmentId))?.e2eeKey;
      if (!key) throw new Error(`${appointmentId} has no E2EE key yet: nobody has joined it`);
      return key;
    },
  };
}
