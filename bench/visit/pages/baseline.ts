// The bare livekit-client patient: E2EE on with the visit's key (as Attune does it), the library's
// default Room options, one <video> per remote video track. No Attune code at all.
import { ExternalE2EEKeyProvider, Room, RoomEvent, Track } from 'livekit-client';
import type { BaselineProbe, FirstFrame, Milestones } from './api.js';
import { epochNow, mainThreadBusy, receiverStats, transportMilestones, watchRemoteVideo } from './first-frame.js';

// Made at page load, as the Attune pages make theirs: not part of either path.
const worker = new Worker(new URL('./e2ee-worker.js', location.href), { type: 'module' });
let room: Room | undefined;
let firstFrame: FirstFrame | null = null;
const milestones: Milestones = {};
watchRemoteVideo(
  () => (milestones.remoteVideoElement ??= epochNow()),
  (frame) => (firstFrame = frame),
);

const probe: BaselineProbe = {
  async connect({ url, token, e2eeKey }) {
    const startedAt = epochNow();
    const keyProvider = new ExternalE2EEKeyProvider();
    await keyProvider.setKey(e2eeKey);
    room = new Room({ encryption: { keyProvider, worker } });
    room.on(RoomEvent.ParticipantPermissionsChanged, (_previous, participant) => {
      if (participant === room?.localParticipant) milestones.permissionsChanged ??= epochNow();
    });
    room.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind !== Track.Kind.Video) return;
      milestones.trackSubscribed ??= epochNow();
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      document.querySelector('main')?.append(video);
      track.attach(video);
    });
    await room.setE2EEEnabled(true);
    await room.connect(url, token);
    milestones.connected = epochNow();
    return startedAt;
  },
  firstRemoteFrame: () => firstFrame,
  milestones: () => ({ ...transportMilestones, ...milestones }),
  receiverStats,
  mainThreadBusy,
  async disconnect() {
    await room?.disconnect();
  },
};
window.baseline = probe;
