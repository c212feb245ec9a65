// The patient's side as a practice page would have it: `<attune-session>` for one appointment,
// device check skipped, knocking from the waiting room. Measures the first remote video frame.
import { createLivekitMediaRoom, type MediaRoom } from '@attune/core';
import '@attune/elements/session.js';
import type { FirstFrame, Milestones } from './api.js';
import { epochNow, mainThreadBusy, receiverStats, transportMilestones, watchRemoteVideo } from './first-frame.js';

const settings = new URLSearchParams(location.search);
const hostToken = settings.get('token') ?? '';
const session = document.createElement('attune-session');
session.appointmentId = settings.get('appointment') ?? undefined;
session.serverUrl = settings.get('server') ?? undefined;
session.getHostToken = () => hostToken;
session.skipDeviceCheck = true;
// Attune's own media room, watched from outside: when the machine's events arrive, for reading where the time goes.
session.createMediaRoom = () => watchedMediaRoom(createLivekitMediaRoom());
session.worker = new Worker(new URL('./e2ee-worker.js', location.href), { type: 'module' });
document.querySelector('main')?.append(session);

const shownScreen = () => session.shadowRoot?.querySelector('attune-video-call, attune-waiting-room, attune-device-check') ?? null;
const view = () =>
  `${session.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-screen') ?? null}:${shownScreen()?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-state') ?? null}`;

let firstFrame: FirstFrame | null = null;
const milestones: Milestones = {};

function watchedMediaRoom(room: MediaRoom): MediaRoom {
  return {
    ...room,
    get permissions() {
      return room.permissions;
    },
    connect: (...args) => room.connect(...args),
    async publishLocalMedia(options) {
      milestones.publishStarted ??= epochNow();
      await room.publishLocalMedia(options);
      milestones.publishDone ??= epochNow();
    },
    subscribe(listener) {
      return room.subscribe((event) => {
        if (event.type === 'permissions-changed' && event.permissions.canSubscribe) milestones.permissionsChanged ??= epochNow();
        if (event.type === 'tracks-changed' && event.tracks.some((track) => !track.local && track.kind === 'video')) milestones.trackSubscribed ??= epochNow();
        listener(event);
      });
    },
  };
}
watchRemoteVideo(
  () => (milestones.remoteVideoElement ??= epochNow()),
  (frame) => (firstFrame = frame),
);
// The call screen, for reading where the time went: looked for once per animation frame until it shows.
const lookForCall = () => {
  if (view().startsWith('call:')) milestones.callShown = epochNow();
  else requestAnimationFrame(lookForCall);
};
requestAnimationFrame(lookForCall);

window.attunePatient = { view, firstRemoteFrame: () => firstFrame, milestones: () => ({ ...transportMilestones, ...milestones }), receiverStats, mainThreadBusy };
