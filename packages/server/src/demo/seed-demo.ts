import { visitRoomName } from '../store/sql-store.js';
import type { Store, User } from '../store/store.js';

export const demoUsers: User[] = [
  { id: 'patient-1', role: 'patient', patientId: 'demo-patient-1' },
  { id: 'patient-2', role: 'patient', patientId: 'demo-patient-2' },
  { id: 'clinician-1', role: 'clinician' },
];

function todayAt(hour: number): string {
  const date = new Date();
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

/** The demo clinic: two patients with one clinician. Re-seeding resets the two visits so the demo can run again. */
export async function seedDemo(store: Store, { roomPrefix = 'attune' }: { roomPrefix?: string } = {}): Promise<void> {
  for (const user of demoUsers) await store.saveUser(user);
  const visits = [
    { id: 'demo-visit-1', patientUserId: 'patient-1', patientId: 'demo-patient-1', label: 'Alex R. — 10:00 follow-up', startsAt: todayAt(10) },
    { id: 'demo-visit-2', patientUserId: 'patient-2', patientId: 'demo-patient-2', label: 'Sam K. — 10:30 intake', startsAt: todayAt(10.5) },
  ];
  for (const visit of visits) {
    await store.saveAppointment({ ...visit, clinicianUserId: 'clinician-1', room: visitRoomName(visit.id, roomPrefix) });
    await store.clearParticipants(visit.id);
  }
}
