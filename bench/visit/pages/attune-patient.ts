// The patient's side as a practice page would have it: `<attune-session>` for one appointment,
// device check skipped, knocking from the waiting room. Measures the first remote video frame.
import '@attune/elements/session.js';
import type { FirstFrame, Milestones } from './api.js';
import { epochNow, receiverStats, watchFirstFrame } from './first-frame.js';

const settings = new URLSearchParams(location.search);
const hostToken = settings.get('token') ?? '';
const session = document.createElement('attune-session');
session.appointmentId = settings.get('appointment') ?? undefined;
session.serverUrl = settings.get('server') ?? undefined;
session.getHostToken = () => hostToken;
session.skipDeviceCheck = true;
session.worker = new Worker(new URL('./e2ee-worker.js', location.href), { type: 'module' });
document.querySelector('main')?.append(session);

const shownScreen = () => session.shadowRoot?.querySelector('attune-video-call, attune-waiting-room, attune-device-check') ?? null;
const view = () =>
  `${session.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-screen') ?? null}:${shownScreen()?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-state') ?? null}`;

let firstFrame: FirstFrame | null = null;
const milestones: Milestones = {};
const watched = new WeakSet<HTMLVideoElement>();

// The remote tiles live two shadow roots down and appear with a render: look once per animation frame.
const look = () => {
  const current = view();
  if (current.startsWith('call:') && milestones.callShown === undefined) milestones.callShown = epochNow();
  const call = session.shadowRoot?.querySelector('attune-video-call');
  for (const video of call?.shadowRoot?.querySelectorAll<HTMLVideoElement>('figure[part="tile"] video') ?? []) {
    if (watched.has(video)) continue;
    watched.add(video);
    milestones.remoteVideoElement ??= epochNow();
    watchFirstFrame(video, (frame) => (firstFrame ??= frame));
  }
  if (!firstFrame) requestAnimationFrame(look);
};
requestAnimationFrame(look);

window.attunePatient = { view, firstRemoteFrame: () => firstFrame, milestones: () => ({ ...milestones }), receiverStats };
