import { AttuneError } from '../errors.js';
import type { MediaTrack } from '../media/media-room.js';
import { createVisitHarness, harnessDelays, type VisitHarness } from './visit-harness.js';

/**
 * Named moments of a visit, each reached by driving a real visit actor through the fakes the way
 * the server and the room would. Element tests and stories share them, so every story is a state
 * the machine really reaches.
 */
export const visitScenes = {
  ready: { role: 'patient' },
  knocking: { role: 'patient' },
  waiting: { role: 'patient' },
  waitingWithMessages: { role: 'patient' },
  waitingClinicianRunningLate: { role: 'patient' },
  reconnectingWhileWaiting: { role: 'patient' },
  inactivityWarningWhileWaiting: { role: 'patient' },
  denied: { role: 'patient' },
  rescheduled: { role: 'patient' },
  endedWhileWaiting: { role: 'patient' },
  leftWhileWaiting: { role: 'patient' },
  loggedOff: { role: 'patient' },
  failed: { role: 'patient' },
  disconnected: { role: 'patient' },
  notStarted: { role: 'clinician' },
  connecting: { role: 'clinician' },
  inCall: { role: 'patient' },
  inCallWithClinician: { role: 'patient' },
  clinicianInCall: { role: 'clinician' },
  groupCall: { role: 'clinician' },
  microphoneAndCameraOff: { role: 'patient' },
  screenSharing: { role: 'clinician' },
  audioOnly: { role: 'patient' },
  poorConnectionNoticed: { role: 'patient' },
  audioOnlyAutomatic: { role: 'patient' },
  audioOnlyRecovered: { role: 'patient' },
  reconnecting: { role: 'patient' },
  reconnected: { role: 'patient' },
  inactivityWarningInCall: { role: 'patient' },
  ending: { role: 'clinician' },
  endedByClinician: { role: 'patient' },
  endedForEveryone: { role: 'clinician' },
  leftCall: { role: 'patient' },
  callDisconnected: { role: 'patient' },
} as const;

export type VisitScene = keyof typeof visitScenes;

export interface SceneOptions {
  /** Gives remote tracks a real picture (a browser passes a canvas stream); fakes attach nothing otherwise. */
  decorateTrack?: (track: MediaTrack) => MediaTrack;
}

async function joined(harness: VisitHarness): Promise<void> {
  harness.actor.send({ type: 'JOIN' });
  harness.resolve('joinVisit');
  await harness.settle();
  harness.resolve('connectRoom');
  await harness.settle();
}

async function admitted(harness: VisitHarness, options: SceneOptions): Promise<void> {
  await joined(harness);
  if (harness.actor.getSnapshot().context.role === 'patient') {
    harness.room.grant({ canPublish: true, canSubscribe: true });
    await harness.settle();
  }
  harness.resolve('publishLocalMedia');
  await harness.settle();
  harness.room.emit({ type: 'connection-quality-changed', quality: 'excellent' });
  addRemote(harness, harness.actor.getSnapshot().context.role === 'patient' ? 'clinician-1' : 'patient-1', options);
}

function addRemote(harness: VisitHarness, identity: string, options: SceneOptions): void {
  const track = harness.room.addRemoteVideo(identity);
  if (!options.decorateTrack) return;
  const decorated = options.decorateTrack(track);
  const others = harness.actor.getSnapshot().context.tracks.filter((candidate) => candidate.id !== track.id);
  harness.room.emit({ type: 'tracks-changed', tracks: [...others, decorated] });
}

/** A visit actor standing in `scene`, with the harness that drove it there. */
export async function visitInScene(scene: VisitScene, options: SceneOptions = {}): Promise<VisitHarness> {
  const harness = createVisitHarness({ role: visitScenes[scene].role });
  switch (scene) {
    case 'ready':
    case 'notStarted':
      break;
    case 'knocking':
      harness.actor.send({ type: 'JOIN' });
      break;
    case 'connecting':
      harness.actor.send({ type: 'JOIN' });
      harness.resolve('joinVisit');
      await harness.settle();
      break;
    case 'waiting':
      await joined(harness);
      for (let second = 0; second < 185; second++) harness.clock.fire(harnessDelays.tickMs);
      break;
    case 'waitingWithMessages':
      await joined(harness);
      for (let second = 0; second < 425; second++) harness.clock.fire(harnessDelays.tickMs);
      harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianStatus: 'Running about 10 minutes late' });
      harness.room.receiveFromServer({ type: 'hold-message', message: 'Thank you for waiting. I will be with you shortly.' });
      break;
    case 'waitingClinicianRunningLate':
      await joined(harness);
      for (let second = 0; second < 125; second++) harness.clock.fire(harnessDelays.tickMs);
      // A preset arrives as minutes; the waiting room words it in the patient's language.
      harness.room.receiveFromServer({ type: 'queue-status', position: 3, waitingCount: 3, clinicianStatus: null, clinicianLateMinutes: 10 });
      break;
    case 'reconnectingWhileWaiting':
      await joined(harness);
      harness.room.emit({ type: 'reconnecting' });
      break;
    case 'inactivityWarningWhileWaiting':
      await joined(harness);
      harness.clock.fire(harnessDelays.inactivityWarningMs);
      break;
    case 'denied':
      await joined(harness);
      harness.room.receiveFromServer({ type: 'denied' });
      break;
    case 'rescheduled':
      await joined(harness);
      harness.room.receiveFromServer({ type: 'denied', reason: 'rescheduled' });
      break;
    case 'endedWhileWaiting':
      await joined(harness);
      harness.room.receiveFromServer({ type: 'visit-ended' });
      break;
    case 'leftWhileWaiting':
      await joined(harness);
      harness.actor.send({ type: 'LEAVE' });
      break;
    case 'loggedOff':
      await joined(harness);
      harness.clock.fire(harnessDelays.inactivityWarningMs);
      harness.clock.fire(harnessDelays.inactivityGraceMs);
      break;
    case 'failed':
      harness.actor.send({ type: 'JOIN' });
      harness.reject('joinVisit', new AttuneError('network/offline', 'The visit service cannot be reached. Check the connection.'));
      break;
    case 'disconnected':
      await joined(harness);
      harness.room.emit({ type: 'disconnected', reason: 'network' });
      break;
    case 'inCall':
      await joined(harness);
      harness.room.grant({ canPublish: true, canSubscribe: true });
      await harness.settle();
      harness.resolve('publishLocalMedia');
      break;
    case 'inCallWithClinician':
    case 'clinicianInCall':
      await admitted(harness, options);
      break;
    case 'groupCall':
      await admitted(harness, options);
      addRemote(harness, 'patient-2', options);
      addRemote(harness, 'support-person', options);
      harness.room.emit({
        type: 'participants-changed',
        participants: ['patient-1', 'patient-2', 'support-person'].map((identity) => ({ identity, attributes: {}, isSpeaking: identity === 'patient-2' })),
      });
      break;
    case 'microphoneAndCameraOff':
      await admitted(harness, options);
      harness.actor.send({ type: 'TOGGLE_MICROPHONE' });
      harness.actor.send({ type: 'TOGGLE_CAMERA' });
      break;
    case 'screenSharing':
      await admitted(harness, options);
      harness.actor.send({ type: 'TOGGLE_SCREEN_SHARE' });
      harness.resolve('startScreenShare');
      break;
    case 'audioOnly':
      await admitted(harness, options);
      harness.actor.send({ type: 'USE_AUDIO_ONLY' });
      break;
    case 'poorConnectionNoticed':
      await admitted(harness, options);
      harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
      break;
    case 'audioOnlyAutomatic':
      await admitted(harness, options);
      harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
      harness.clock.fire(harnessDelays.poorConnectionGraceMs);
      break;
    case 'audioOnlyRecovered':
      await admitted(harness, options);
      harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
      harness.clock.fire(harnessDelays.poorConnectionGraceMs);
      harness.room.emit({ type: 'connection-quality-changed', quality: 'good' });
      break;
    case 'reconnecting':
      await admitted(harness, options);
      harness.room.emit({ type: 'reconnecting' });
      break;
    case 'reconnected':
      await admitted(harness, options);
      harness.room.emit({ type: 'reconnecting' });
      harness.room.emit({ type: 'reconnected' });
      break;
    case 'inactivityWarningInCall':
      // Alone in the call: with someone to talk to, nobody is asked whether they are still there.
      await joined(harness);
      harness.room.grant({ canPublish: true, canSubscribe: true });
      await harness.settle();
      harness.resolve('publishLocalMedia');
      await harness.settle();
      harness.clock.fire(harnessDelays.inactivityWarningMs);
      break;
    case 'ending':
      await admitted(harness, options);
      harness.actor.send({ type: 'END_FOR_EVERYONE' });
      break;
    case 'endedByClinician':
      await admitted(harness, options);
      harness.room.emit({ type: 'disconnected', reason: 'room-closed' });
      break;
    case 'endedForEveryone':
      await admitted(harness, options);
      harness.actor.send({ type: 'END_FOR_EVERYONE' });
      harness.resolve('endVisit');
      break;
    case 'leftCall':
      await admitted(harness, options);
      harness.actor.send({ type: 'LEAVE' });
      break;
    case 'callDisconnected':
      await admitted(harness, options);
      harness.room.emit({ type: 'disconnected', reason: 'network' });
      break;
  }
  await harness.settle();
  return harness;
}
