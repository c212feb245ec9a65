// The clinician desk: the live queue, and the visit of whoever the clinician admits (or goes back to after a reload).
import '@attune/elements/queue.js';
import '@attune/elements/session.js';
import { clinicConfig, demoVisitApi, e2eeWorker } from './demo-login.js';

const config = await clinicConfig();
const api = demoVisitApi(config, 'clinician-1');
const queue = document.querySelector('attune-queue')!;
queue.api = api;

const visitSlot = document.getElementById('visit-slot')!;
const hint = document.getElementById('visit-hint')!;

/**
 * Opens a patient's visit and joins it at once: when the clinician admits them, and when the clinician
 * goes back into a visit under way (their page reloaded, or the tab was closed, with the patient still in the call).
 */
function openVisit(appointmentId: string): void {
  const shown = visitSlot.querySelector('attune-session');
  // Already in (or joining, or rejoining) this visit: the session's own screens carry on.
  if (shown?.getAttribute('appointment-id') === appointmentId && shown.visit?.getSnapshot().status === 'active') return;
  const session = document.createElement('attune-session');
  session.setAttribute('visit-role', 'clinician');
  session.setAttribute('appointment-id', appointmentId);
  session.worker = e2eeWorker();
  session.api = api;
  visitSlot.replaceChildren(session);
  // Admitting, or asking to go back in, is the clinician's decision to be in the visit: join at once rather than ask for a second click.
  session.visit?.send({ type: 'JOIN' });
  hint.hidden = true;
  // The clinician is in this visit now: its queue entry need not offer a way back.
  queue.openVisit = appointmentId;
}

queue.addEventListener('attune-admitted', (event) => openVisit(event.detail.appointmentId));
queue.addEventListener('attune-return-to-visit', (event) => openVisit(event.detail.appointmentId));

document.addEventListener('attune-call-ended', () => {
  hint.hidden = false;
  // Left, or ended: a patient still in the call can be returned to from the queue.
  queue.openVisit = undefined;
});
