// The practice's own few lines for the clinician's page: open a patient's visit in the page's clinician
// session and join it, when the clinician admits them from the queue and when the clinician goes back
// into a visit under way (the page reloaded, or the tab was closed, with the patient still in the call).
function openVisit(appointmentId) {
  let session = document.querySelector('attune-session[visit-role="clinician"]');
  if (!session) return;
  // Another visit, or one this page has finished with: a fresh session for this visit, configured like the page's own.
  if (session.getAttribute('appointment-id') !== appointmentId || session.visit?.getSnapshot().status !== 'active') {
    const fresh = session.cloneNode(false);
    fresh.setAttribute('appointment-id', appointmentId);
    fresh.getHostToken = session.getHostToken;
    session.replaceWith(fresh);
    session = fresh;
  }
  // Joining a visit already under way is ignored: the session's own screens carry on.
  session.visit?.send({ type: 'JOIN' });
  // The clinician is in this visit now: its queue entry need not offer a way back.
  queue?.setAttribute('open-visit', appointmentId);
}

const queue = document.querySelector('attune-queue');
// Left, or ended: a patient still in the call can be returned to from the queue.
document.addEventListener('attune-call-ended', () => queue?.removeAttribute('open-visit'));
queue?.addEventListener('attune-admitted', (event) => openVisit(event.detail.appointmentId));
queue?.addEventListener('attune-return-to-visit', (event) => openVisit(event.detail.appointmentId));
