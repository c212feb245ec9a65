// The clinician's desk for the benchmark: `<attune-session visit-role="clinician">` in the call with
// the fake camera, and `<attune-queue>` whose Admit button starts the clock.
import { createHttpVisitApi } from '@attune/core';
import '@attune/elements/queue.js';
import '@attune/elements/session.js';
import { epochNow } from './first-frame.js';

const settings = new URLSearchParams(location.search);
const hostToken = settings.get('token') ?? '';
const api = createHttpVisitApi({ baseUrl: settings.get('server') ?? '', getHostToken: () => hostToken });

const session = document.createElement('attune-session');
session.visitRole = 'clinician';
session.appointmentId = settings.get('appointment') ?? undefined;
session.api = api;
session.worker = new Worker(new URL('./e2ee-worker.js', location.href), { type: 'module' });
const queue = document.createElement('attune-queue');
queue.api = api;
document.querySelector('main')?.append(queue, session);

let admitClickedAt: number | null = null;
// Capture on window runs before the queue's own handler: the moment the click reaches the page.
window.addEventListener(
  'click',
  (event) => {
    const button = event.composedPath().find((node): node is HTMLButtonElement => node instanceof HTMLButtonElement);
    if (button?.getAttribute('aria-label')?.startsWith('Admit ')) admitClickedAt = epochNow();
  },
  { capture: true },
);

const shownScreen = () => session.shadowRoot?.querySelector('attune-video-call') ?? null;
window.attuneClinician = {
  view: () =>
    `${session.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-screen') ?? null}:${shownScreen()?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-state') ?? null}`,
  admitClickedAt: () => admitClickedAt,
};
