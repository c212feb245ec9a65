import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inactivityWarning, visitPhase, type VisitPhase } from './visit-phase.js';
import { visitInScene, visitScenes, type VisitScene } from './visit-scenes.js';

const expectedPhase: Record<VisitScene, VisitPhase> = {
  ready: 'idle',
  knocking: 'joining',
  waiting: 'waiting',
  waitingWithMessages: 'waiting',
  waitingClinicianRunningLate: 'waiting',
  reconnectingWhileWaiting: 'waiting',
  inactivityWarningWhileWaiting: 'waiting',
  denied: 'denied',
  rescheduled: 'denied',
  endedWhileWaiting: 'ended',
  leftWhileWaiting: 'left',
  loggedOff: 'loggedOff',
  failed: 'failed',
  disconnected: 'disconnected',
  notStarted: 'idle',
  connecting: 'connecting',
  inCall: 'inCall',
  inCallWithClinician: 'inCall',
  clinicianInCall: 'inCall',
  groupCall: 'inCall',
  microphoneAndCameraOff: 'inCall',
  screenSharing: 'inCall',
  audioOnly: 'inCall',
  poorConnectionNoticed: 'inCall',
  audioOnlyAutomatic: 'inCall',
  audioOnlyRecovered: 'inCall',
  reconnecting: 'inCall',
  reconnected: 'inCall',
  inactivityWarningInCall: 'inCall',
  ending: 'ending',
  endedByClinician: 'ended',
  endedForEveryone: 'ended',
  leftCall: 'left',
  callDisconnected: 'disconnected',
};

describe('visit scenes (shared by element tests and stories)', () => {
  for (const scene of Object.keys(visitScenes) as VisitScene[]) {
    it(`drives a real visit to "${scene}"`, async () => {
      const harness = await visitInScene(scene);
      assert.equal(visitPhase(harness.actor.getSnapshot()), expectedPhase[scene]);
      const warned = inactivityWarning(harness.actor.getSnapshot());
      assert.equal(warned, scene === 'inactivityWarningInCall' || scene === 'inactivityWarningWhileWaiting', 'the inactivity warning shows only where named');
    });
  }
});
