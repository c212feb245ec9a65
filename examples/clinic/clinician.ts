// The clinician desk: the live queue, and the visit of whoever the clinician admits.
import '@attune/elements/queue.js';
import '@attune/elements/session.js';
import { clinicConfig, demoVisitApi, e2eeWorker } from './demo-login.js';

const config = await clinicConfig();
const api = demoVisitApi(config, 'clinician-1');
const queue = document.querySelector('attune-queue')!;
queue.api = api;

const visitSlot = document.getElementById('visit-slot')!;
const hint = document.getElementById('visit-hint')!;

queue.addEventListener('attune-admitted', (event) => {
  const { appointmentId } = event.detail;
  if (visitSlot.querySelector(`attune-session[appointment-id="${CSS.escape(appointmentId)}"]`)) return;
  visitSlot.replaceChildren();
  const session = document.createElement('attune-session');
  session.setAttribute('visit-role', 'clinician');
  session.setAttribute('appointment-id', appointmentId);
  session.worker = e2eeWorker();
  session.api = api;
  visitSlot.append(session);
  // Admitting is the clinician's decision to start the visit: join at once rather than ask for a second click.
  session.visit?.send({ type: 'JOIN' });
  hint.hidden = true;
});

document.addEventListener('attune-call-ended', () => {
  hint.hidden = false;
});
