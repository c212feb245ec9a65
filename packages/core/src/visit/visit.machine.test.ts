import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { createActor, type AnyMachineSnapshot, type EventObject, type StateValue } from 'xstate';
import { AttuneError } from '../errors.js';
import { createFakeMediaRoom } from '../media/fake-media-room.js';
import type { VisitRole } from '../ports.js';
import { createFakeVisitApi } from './fake-visit-api.js';
import { createVisitHarness, harnessDelays, type VisitHarness } from './visit-harness.js';
import { linkState } from './visit-phase.js';
import { visitMachine, type VisitEvent } from './visit.machine.js';

const join = { appointmentId: 'appt-1', role: 'patient', livekitUrl: 'ws://x', token: 't', e2eeKey: 'k', identity: 'p', room: 'r', expiresAt: 0 };
const deviceError = new AttuneError('media/device-busy', 'busy');

/** Every event the model may try, with the payload variants the guards tell apart. */
const payloadEvents: Array<EventObject & Record<string, unknown>> = [
  { type: 'JOIN' },
  { type: 'RETRY' },
  { type: 'REJOIN' },
  { type: 'LEAVE' },
  { type: 'END_FOR_EVERYONE' },
  { type: 'TOGGLE_MICROPHONE' },
  { type: 'TOGGLE_CAMERA' },
  { type: 'TOGGLE_SCREEN_SHARE' },
  { type: 'SWITCH_DEVICE', kind: 'videoinput', deviceId: 'camera-2' },
  { type: 'USE_AUDIO_ONLY' },
  { type: 'USE_VIDEO' },
  { type: 'ACTIVITY' },
  { type: 'DISMISS_ERROR' },
  { type: 'room.permissions-changed', permissions: { canPublish: true, canSubscribe: true, canPublishData: true } },
  { type: 'room.permissions-changed', permissions: { canPublish: false, canSubscribe: false, canPublishData: true } },
  { type: 'room.data-received', message: { payload: { type: 'hold-message', message: 'Running 5 minutes late' }, fromServer: true } },
  { type: 'room.data-received', message: { payload: { type: 'queue-status', position: 2 }, fromServer: true } },
  { type: 'room.data-received', message: { payload: { type: 'denied', reason: 'rescheduled' }, fromServer: true } },
  { type: 'room.data-received', message: { payload: { type: 'visit-ended' }, fromServer: true } },
  { type: 'room.data-received', message: { payload: { type: 'denied' }, fromServer: false, senderIdentity: 'someone' } },
  { type: 'room.disconnected', reason: 'room-closed' },
  { type: 'room.disconnected', reason: 'removed' },
  { type: 'room.disconnected', reason: 'network' },
  { type: 'room.reconnecting' },
  { type: 'room.reconnected' },
  { type: 'room.connection-quality-changed', quality: 'poor' },
  { type: 'room.connection-quality-changed', quality: 'good' },
  { type: 'room.media-flow-changed', flow: 'flowing' },
  { type: 'room.media-flow-changed', flow: 'struggling' },
  { type: 'xstate.done.actor.joinVisit', output: join },
  { type: 'xstate.error.actor.joinVisit', error: new AttuneError('network/failed', 'x') },
  { type: 'xstate.done.actor.connectRoom', output: { canPublish: false, canSubscribe: false, canPublishData: true } },
  { type: 'xstate.done.actor.connectRoom', output: { canPublish: true, canSubscribe: true, canPublishData: true } },
  { type: 'xstate.error.actor.connectRoom', error: new AttuneError('media/connect-failed', 'x') },
  { type: 'xstate.done.actor.publishLocalMedia', output: { audio: true, video: true, error: null } },
  { type: 'xstate.done.actor.publishLocalMedia', output: { audio: true, video: false, error: deviceError } },
  { type: 'xstate.done.actor.publishLocalMedia', output: { audio: false, video: false, error: deviceError } },
  { type: 'xstate.done.actor.startScreenShare' },
  { type: 'xstate.error.actor.startScreenShare', error: new AttuneError('media/permission-denied', 'x') },
  { type: 'xstate.done.actor.endVisit' },
  { type: 'xstate.error.actor.endVisit', error: new AttuneError('network/failed', 'x') },
];

/** The model's events for a snapshot: the payload variants above, plus every delayed event the state owns. */
function eventsFor(snapshot: AnyMachineSnapshot): EventObject[] {
  const own = new Set<string>(snapshot._nodes.flatMap((node) => node.ownEvents));
  const delayed = [...own].filter((type) => type.startsWith('xstate.after.')).map((type) => ({ type }));
  return [...payloadEvents.filter((event) => own.has(event.type)), ...delayed];
}

/** Only what guards read is part of a model state; times and track lists are not. */
function serializeModelState(snapshot: AnyMachineSnapshot): string {
  const { canPublish, publishedAudio, publishedVideo, wasInCall } = snapshot.context as Record<string, unknown>;
  return JSON.stringify({ value: snapshot.value, canPublish, publishedAudio, publishedVideo, wasInCall, status: snapshot.status });
}

const delayMs: Record<string, number> = {
  '1000': harnessDelays.tickMs,
  inactivityWarning: harnessDelays.inactivityWarningMs,
  inactivityGrace: harnessDelays.inactivityGraceMs,
  reconnectedNotice: harnessDelays.reconnectedNoticeMs,
  videoRecovery: harnessDelays.videoRecoveryMs,
  poorConnectionGrace: harnessDelays.poorConnectionGraceMs,
};

/** Plays one model event on the real actor through the fakes, the way production would see it. */
async function play(harness: VisitHarness, event: EventObject): Promise<void> {
  const { type } = event;
  if (type.startsWith('xstate.after.')) {
    const delayName = type.slice('xstate.after.'.length).split('.')[0]!;
    harness.clock.fire(delayMs[delayName]!);
  } else if (type === 'xstate.done.actor.connectRoom') {
    const output = (event as unknown as { output: { canPublish: boolean } }).output;
    // A patient rejoining after admission: the server's token already grants publishing.
    if (output.canPublish && !harness.room.permissions.canPublish) harness.room.grant(output);
    harness.resolve('connectRoom');
  } else if (type === 'xstate.done.actor.publishLocalMedia') {
    const { audio, video } = (event as unknown as { output: { audio: boolean; video: boolean } }).output;
    if (audio && video) harness.resolve('publishLocalMedia');
    else {
      harness.reject('publishLocalMedia', deviceError);
      await harness.settle();
      if (audio) harness.resolve('publishLocalMedia');
      else harness.reject('publishLocalMedia', deviceError);
    }
  } else if (type.startsWith('xstate.done.actor.')) {
    harness.resolve(type.slice('xstate.done.actor.'.length) as never);
  } else if (type.startsWith('xstate.error.actor.')) {
    harness.reject(type.slice('xstate.error.actor.'.length) as never);
  } else if (type === 'room.permissions-changed') {
    harness.room.grant((event as unknown as { permissions: { canPublish: boolean } }).permissions);
  } else if (type.startsWith('room.')) {
    harness.emit({ ...(event as object), type: type.slice('room.'.length) } as never);
  } else {
    harness.actor.send(event as VisitEvent);
  }
  await harness.settle();
}

function traversalInput(role: VisitRole) {
  return {
    appointmentId: 'appt-1',
    role,
    api: createFakeVisitApi(role),
    createMediaRoom: () => createFakeMediaRoom(),
    ...harnessDelays,
  };
}

function stateValueLeaves(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`];
  return Object.entries(value).flatMap(([key, child]) => (child === undefined ? [] : stateValueLeaves(child, `${prefix}${key}.`)));
}

/** The change a transition makes, region by region: the same transition in another region's context has the same signature. */
function transitionSignature(from: StateValue, to: StateValue, event: EventObject): string {
  const before = new Set(stateValueLeaves(from));
  const after = new Set(stateValueLeaves(to));
  const left = [...before].filter((leaf) => !after.has(leaf)).sort();
  const entered = [...after].filter((leaf) => !before.has(leaf)).sort();
  return `${JSON.stringify(event)} : ${left.join(',')} -> ${entered.join(',')}`;
}

async function replay(role: VisitRole, steps: Array<{ event: EventObject; state: AnyMachineSnapshot }>): Promise<VisitHarness> {
  const harness = createVisitHarness({ role });
  for (const step of steps) {
    if (step.event.type === 'xstate.init') continue;
    await play(harness, step.event);
    assert.deepEqual(
      harness.actor.getSnapshot().value,
      step.state.value,
      `after ${step.event.type}: expected ${JSON.stringify(step.state.value)}`,
    );
  }
  return harness;
}

for (const role of ['patient', 'clinician'] as const) {
  describe(`visit machine model (${role})`, () => {
    const traversal = { events: eventsFor, serializeState: serializeModelState, input: traversalInput(role) } as const;
    const paths = getShortestPaths(visitMachine, traversal as never);

    it('reaches every state of the model on the real actor by its shortest path', async () => {
      assert.ok(paths.length > 20, `only ${paths.length} states`);
      for (const path of paths) await replay(role, path.steps as never);
    });

    it('takes every distinct transition of the model on the real actor', async () => {
      const adjacency = getAdjacencyMap(visitMachine, traversal as never);
      const pathTo = new Map(paths.map((path) => [serializeModelState(path.state as AnyMachineSnapshot), path]));
      const seen = new Set<string>();
      let taken = 0;
      for (const [stateKey, { state, transitions }] of Object.entries(adjacency)) {
        const path = pathTo.get(stateKey);
        if (!path) continue;
        for (const { event, state: next } of Object.values(transitions) as Array<{ event: EventObject; state: AnyMachineSnapshot }>) {
          const signature = transitionSignature(state.value, next.value, event);
          if (seen.has(signature)) continue;
          seen.add(signature);
          const harness = await replay(role, path.steps as never);
          await play(harness, event);
          assert.deepEqual(harness.actor.getSnapshot().value, next.value, `${stateKey} --${event.type}-->`);
          taken += 1;
        }
      }
      assert.ok(taken > 40, `only ${taken} transitions`);
    });
  });
}

describe('visit machine', () => {
  async function waitingPatient(): Promise<VisitHarness> {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    harness.actor.send({ type: 'JOIN' });
    await harness.settle();
    return harness;
  }

  /** A waiting patient the server has just admitted (granted publishing and subscribing). */
  async function admittedPatient(): Promise<VisitHarness> {
    const harness = await waitingPatient();
    harness.room.grant({ canPublish: true, canSubscribe: true });
    await harness.settle();
    return harness;
  }

  it('keeps a waiting patient in the lobby, counting the time waited, until the server grants publishing', async () => {
    const harness = await waitingPatient();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: 'waiting' } } }));
    harness.clock.fire(1000);
    harness.clock.fire(1000);
    const context = harness.actor.getSnapshot().context;
    assert.equal(context.lastTick! - context.waitingSince!, 2000);
    assert.equal(harness.room.published.length, 0);
    harness.room.grant({ canPublish: true, canSubscribe: true });
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: 'inCall' } } }));
    assert.deepEqual(harness.room.published, [{ audio: true, video: true }]);
  });

  it('connects with the token and E2EE key the visit API gave', async () => {
    const harness = await waitingPatient();
    assert.deepEqual(harness.room.connectCalls, [{ url: 'ws://fake.invalid', token: 'token-1', e2eeKey: 'ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM=' }]);
  });

  it('shows hold messages from the server and ignores control messages from participants', async () => {
    const harness = await waitingPatient();
    harness.room.receiveFromServer({ type: 'hold-message', message: 'Running ten minutes late' });
    harness.room.receiveFrom('intruder', { type: 'hold-message', message: 'spoofed' });
    harness.room.receiveFrom('intruder', { type: 'denied' });
    harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianStatus: 'With another patient' });
    const { context } = harness.actor.getSnapshot();
    assert.deepEqual(context.holdMessages.map((message) => message.text), ['Running ten minutes late']);
    assert.equal(context.queuePosition, 2);
    assert.deepEqual(context.clinicianStatus, { message: 'With another patient' });
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: 'waiting' } } }));
  });

  it('asks the server for the place in line on arrival, since a message sent before the data channel opened is lost', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    harness.api.answerQueueStatus({ position: 3, waitingCount: 3, clinicianStatus: null, clinicianLateMinutes: 10 });
    harness.actor.send({ type: 'JOIN' });
    await harness.settle();
    const { context } = harness.actor.getSnapshot();
    assert.ok(harness.api.calls.some((call) => call.method === 'queueStatus' && call.appointmentId === 'appt-1'));
    assert.equal(context.queuePosition, 3);
    assert.deepEqual(context.clinicianStatus, { lateMinutes: 10 }, 'running late as minutes, for the waiting room to word');
    harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianStatus: null });
    assert.equal(harness.actor.getSnapshot().context.queuePosition, 2, 'later messages still move the patient up');
  });

  it("forgets the clinician's status when the server clears it, and keeps it when a message leaves it out", async () => {
    const harness = await waitingPatient();
    harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianStatus: 'Running 10 minutes late' });
    harness.room.receiveFromServer({ type: 'queue-status', position: 1 });
    assert.deepEqual(harness.actor.getSnapshot().context.clinicianStatus, { message: 'Running 10 minutes late' });
    harness.room.receiveFromServer({ type: 'queue-status', position: 1, clinicianStatus: null });
    const { context } = harness.actor.getSnapshot();
    assert.equal(context.clinicianStatus, null);
    assert.equal(context.queuePosition, 1);
  });

  it('takes a running late as minutes, replacing words, and reads nothing from minutes out of range', async () => {
    const harness = await waitingPatient();
    harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianStatus: 'With another patient', clinicianLateMinutes: null });
    harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianStatus: null, clinicianLateMinutes: 15 });
    assert.deepEqual(harness.actor.getSnapshot().context.clinicianStatus, { lateMinutes: 15 });
    harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianLateMinutes: 15.5 });
    assert.equal(harness.actor.getSnapshot().context.clinicianStatus, null, 'a malformed status is shown as none');
    harness.room.receiveFromServer({ type: 'queue-status', position: 2, clinicianStatus: null, clinicianLateMinutes: null });
    assert.equal(harness.actor.getSnapshot().context.clinicianStatus, null);
  });

  it('ends in denied with the reason when the server turns the patient away, and disconnects', async () => {
    const harness = await waitingPatient();
    harness.room.receiveFromServer({ type: 'denied', reason: 'rescheduled' });
    await harness.settle();
    const snapshot = harness.actor.getSnapshot();
    assert.equal(snapshot.value, 'denied');
    assert.equal(snapshot.context.denyReason, 'rescheduled');
    assert.equal(snapshot.status, 'done');
    assert.equal(harness.room.connected, false);
  });

  it('rides out a blip: one poor report that turns good within the grace keeps video, both ways', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    await harness.settle();
    // The camera waits out the grace too: paused on the first poor report, nothing would give it back after a blip.
    assert.equal(harness.room.cameraEnabled, true, 'the camera stays on while the grace runs');
    harness.room.emit({ type: 'connection-quality-changed', quality: 'good' });
    assert.equal(harness.clock.pendingDelays().includes(harnessDelays.poorConnectionGraceMs), false, 'a good report cancels the fall back');
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'steady' }, camera: 'on' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, true);
    assert.equal(harness.room.cameraEnabled, true);
    assert.equal(harness.actor.getSnapshot().context.quality, 'good');
  });

  it('falls back to audio only on a connection that stays poor and goes back to video with the camera on', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'poorNoticed' }, camera: 'on' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, true, 'still video while the grace runs');
    assert.equal(harness.room.cameraEnabled, true, 'still sending video while the grace runs');
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    let snapshot = harness.actor.getSnapshot();
    assert.ok(snapshot.matches({ session: { connected: { stage: { inCall: { videoMode: { audioOnly: 'automatic' }, camera: 'pausedForAudioOnly' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, false);
    assert.equal(harness.room.cameraEnabled, false);
    harness.actor.send({ type: 'USE_VIDEO' });
    await harness.settle();
    snapshot = harness.actor.getSnapshot();
    assert.ok(snapshot.matches({ session: { connected: { stage: { inCall: { videoMode: 'video', camera: 'on' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, true);
    assert.equal(harness.room.cameraEnabled, true);
  });

  it('does not fall back to audio only while LiveKit reconnects, and judges the link again once it is back', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'connection-quality-changed', quality: 'lost' });
    harness.room.emit({ type: 'reconnecting' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'poorNoticed' }, camera: 'on' } }, link: 'reconnecting' } } }));
    assert.equal(harness.room.remoteVideoEnabled, true, 'no fall back during the reconnect');
    harness.room.emit({ type: 'reconnected' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'good' });
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'steady' }, camera: 'on' } } } } }));
    // Still poor after the reconnect: the fall back comes one grace later.
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { audioOnly: 'automatic' } } } } } }));
  });

  it("keeps video while LiveKit's rating lingers poor over media that flow again (a blip), and judges again every grace", async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'media-flow-changed', flow: 'flowing' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'poorNoticed' }, camera: 'on' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, true, 'a rating the media do not bear out pauses nothing');
    assert.equal(harness.room.cameraEnabled, true);
    assert.ok(harness.clock.pendingDelays().includes(harnessDelays.poorConnectionGraceMs), 'the link is judged again one grace later');
    harness.room.emit({ type: 'connection-quality-changed', quality: 'good' });
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'steady' } } } } } }));
  });

  it('falls back to audio only once the media struggle too (heavy loss), at the end of a grace while the rating stays poor', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'media-flow-changed', flow: 'flowing' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.equal(harness.room.cameraEnabled, true, 'still video: the media flowed when the grace ran out');
    harness.room.emit({ type: 'media-flow-changed', flow: 'struggling' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { audioOnly: 'automatic' }, camera: 'pausedForAudioOnly' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, false);
    assert.equal(harness.room.cameraEnabled, false);
  });

  it('does not pause video for a link where nothing gets through yet (a cut before the reconnect is reported): audio would not either', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    harness.room.emit({ type: 'media-flow-changed', flow: 'silent' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'poorNoticed' }, camera: 'on' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, true);
  });

  it('does not go back to audio only when the rating lags the camera it gave back (media flowing), after an automatic fall back', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'media-flow-changed', flow: 'struggling' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { audioOnly: 'automatic' } } } } } }));
    harness.room.emit({ type: 'media-flow-changed', flow: 'flowing' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'good' });
    harness.clock.fire(harnessDelays.videoRecoveryMs);
    await harness.settle();
    assert.equal(harness.room.cameraEnabled, true, 'video is back');
    // LiveKit scores the camera's simulcast layers as missing for ~10 s after it comes back: "poor", with the pictures moving.
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: 'video', camera: 'on' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, true);
  });

  it('forgets the media evidence with the room: a rejoined room that gives none lets the rating decide', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'media-flow-changed', flow: 'flowing' });
    await harness.settle();
    assert.equal(harness.actor.getSnapshot().context.mediaFlow, 'flowing');
    harness.room.emit({ type: 'disconnected', reason: 'network' });
    await harness.settle();
    assert.equal(harness.actor.getSnapshot().context.mediaFlow, null);
  });

  it('keeps video while a room that gives evidence has none for the moment (its streams new after a reconnect)', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'media-flow-changed', flow: 'flowing' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    harness.room.emit({ type: 'media-flow-changed', flow: 'unknown' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { video: 'poorNoticed' }, camera: 'on' } } } } }));
    assert.equal(harness.room.remoteVideoEnabled, true);
  });

  it('gives video back by itself once the connection has stayed good after an automatic fall back', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'connection-quality-changed', quality: 'lost' });
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    harness.room.emit({ type: 'connection-quality-changed', quality: 'good' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    assert.deepEqual(harness.clock.pendingDelays().includes(harnessDelays.videoRecoveryMs), false, 'a relapse cancels the way back');
    harness.room.emit({ type: 'connection-quality-changed', quality: 'excellent' });
    harness.clock.fire(harnessDelays.videoRecoveryMs);
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: 'video', camera: 'on' } } } } }));
    assert.equal(harness.room.cameraEnabled, true);
    assert.equal(harness.room.remoteVideoEnabled, true);
  });

  it('keeps audio only that the patient chose, whatever the connection does', async () => {
    const harness = await admittedPatient();
    harness.actor.send({ type: 'USE_AUDIO_ONLY' });
    harness.room.emit({ type: 'connection-quality-changed', quality: 'excellent' });
    assert.equal(harness.clock.pendingDelays().includes(harnessDelays.videoRecoveryMs), false);
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: { inCall: { videoMode: { audioOnly: 'chosen' } } } } } }));
  });

  it('keeps reconnecting across an admission: reconnecting in the waiting room, reconnected in the call', async () => {
    const harness = await waitingPatient();
    harness.room.emit({ type: 'reconnecting' });
    assert.equal(linkState(harness.actor.getSnapshot()), 'reconnecting');
    harness.room.grant({ canPublish: true, canSubscribe: true });
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: 'inCall', link: 'reconnecting' } } }));
    harness.room.emit({ type: 'reconnected' });
    assert.equal(linkState(harness.actor.getSnapshot()), 'reconnected');
    harness.clock.fire(harnessDelays.reconnectedNoticeMs);
    assert.equal(linkState(harness.actor.getSnapshot()), 'stable');
  });

  it('says reconnecting again when the link drops during the "reconnected" notice, and ignores a stray reconnected', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'reconnected' });
    assert.equal(linkState(harness.actor.getSnapshot()), 'stable', 'nothing was reconnecting');
    // The media came back by itself, then dropped again before the notice went away.
    harness.room.emit({ type: 'reconnecting' });
    harness.room.emit({ type: 'reconnected' });
    harness.room.emit({ type: 'reconnecting' });
    assert.equal(linkState(harness.actor.getSnapshot()), 'reconnecting');
    assert.equal(harness.clock.pendingDelays().includes(harnessDelays.reconnectedNoticeMs), false, 'the notice timer went with the notice');
    harness.room.emit({ type: 'reconnected' });
    harness.clock.fire(harnessDelays.reconnectedNoticeMs);
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: 'inCall', link: 'stable' } } }));
  });

  it('goes from reconnecting to disconnected when the room gives up, with the rejoin offered', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'reconnecting' });
    harness.room.emit({ type: 'disconnected', reason: 'network' });
    await harness.settle();
    assert.equal(harness.actor.getSnapshot().value, 'disconnected');
    harness.actor.send({ type: 'REJOIN' });
    await harness.settle();
    assert.equal(linkState(harness.actor.getSnapshot()), 'stable', 'a rejoined call starts with a healthy link');
  });

  it('rejoins with a fresh token after the connection is lost', async () => {
    const harness = await admittedPatient();
    harness.room.emit({ type: 'disconnected', reason: 'network' });
    await harness.settle();
    assert.equal(harness.actor.getSnapshot().value, 'disconnected');
    harness.actor.send({ type: 'REJOIN' });
    await harness.settle();
    assert.equal(harness.rooms.length, 2);
    assert.equal(harness.room.connectCalls[0]?.token, 'token-2');
  });

  it('lets only the clinician end the visit for everyone, through the visit API', async () => {
    const patient = await waitingPatient();
    patient.room.grant({ canPublish: true, canSubscribe: true });
    await patient.settle();
    patient.actor.send({ type: 'END_FOR_EVERYONE' });
    await patient.settle();
    assert.ok(patient.actor.getSnapshot().matches({ session: { connected: { stage: 'inCall' } } }));
    assert.equal(patient.api.calls.filter((call) => call.method === 'end').length, 0);

    const clinician = createVisitHarness({ role: 'clinician', automatic: true });
    clinician.actor.send({ type: 'JOIN' });
    await clinician.settle();
    assert.ok(clinician.actor.getSnapshot().matches({ session: { connected: { stage: 'inCall' } } }));
    clinician.actor.send({ type: 'END_FOR_EVERYONE' });
    await clinician.settle();
    assert.equal(clinician.actor.getSnapshot().value, 'ended');
    assert.equal(clinician.actor.getSnapshot().context.endedBy, 'self');
    assert.deepEqual(clinician.api.calls.filter((call) => call.method === 'end'), [{ method: 'end', appointmentId: 'appt-1' }]);
  });

  it('warns before logging off an inactive visit, and activity keeps it open', async () => {
    const harness = await waitingPatient();
    harness.clock.fire(harnessDelays.inactivityWarningMs);
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { presence: 'warning' } } }));
    harness.actor.send({ type: 'ACTIVITY' });
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { presence: 'active' } } }));
    harness.clock.fire(harnessDelays.inactivityWarningMs);
    harness.clock.fire(harnessDelays.inactivityGraceMs);
    assert.equal(harness.actor.getSnapshot().value, 'loggedOff');
  });

  it('never warns of inactivity while the patient is in a call with the clinician', async () => {
    const harness = await admittedPatient();
    harness.room.addRemoteVideo('clinician-1');
    harness.clock.fire(harnessDelays.inactivityWarningMs);
    harness.clock.fire(harnessDelays.inactivityWarningMs);
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { presence: 'active' } } }));
    harness.room.emit({ type: 'participants-changed', participants: [] });
    harness.clock.fire(harnessDelays.inactivityWarningMs);
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { presence: 'warning' } } }), 'alone again, the count starts');
  });

  it('turns the inactivity log-off off when the warning time is 0', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true, inactivityWarningMs: 0 });
    harness.actor.send({ type: 'JOIN' });
    await harness.settle();
    harness.clock.fire(0);
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { presence: 'active' } } }));
  });

  it('reports a failed join as an error state with a retry', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    harness.api.failNext('join', new AttuneError('auth/forbidden', 'Not your visit.', { status: 403 }));
    harness.actor.send({ type: 'JOIN' });
    await harness.settle();
    assert.equal(harness.actor.getSnapshot().value, 'failed');
    assert.equal(harness.actor.getSnapshot().context.error?.code, 'auth/forbidden');
    harness.actor.send({ type: 'RETRY' });
    await harness.settle();
    assert.ok(harness.actor.getSnapshot().matches({ session: { connected: { stage: 'waiting' } } }));
  });
});

describe('visit machine invariants (fast-check)', () => {
  const userEvents: VisitEvent[] = [
    { type: 'TOGGLE_MICROPHONE' },
    { type: 'TOGGLE_CAMERA' },
    { type: 'TOGGLE_SCREEN_SHARE' },
    { type: 'USE_AUDIO_ONLY' },
    { type: 'USE_VIDEO' },
    { type: 'ACTIVITY' },
    { type: 'END_FOR_EVERYONE' },
    { type: 'REJOIN' },
    { type: 'RETRY' },
    { type: 'LEAVE' },
  ];
  type Step =
    | { kind: 'user'; event: VisitEvent }
    | { kind: 'grant'; canPublish: boolean }
    | { kind: 'spoof' }
    | { kind: 'server'; payload: unknown }
    | { kind: 'room'; event: Parameters<VisitHarness['emit']>[0] };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constantFrom(...userEvents).map((event) => ({ kind: 'user', event }) as Step),
    fc.boolean().map((canPublish) => ({ kind: 'grant', canPublish }) as Step),
    fc.constant({ kind: 'spoof' } as Step),
    fc.constantFrom({ type: 'hold-message', message: 'soon' }, { type: 'denied' }, { type: 'visit-ended' }).map((payload) => ({ kind: 'server', payload }) as Step),
    fc
      .constantFrom<Parameters<VisitHarness['emit']>[0]>(
        { type: 'reconnecting' },
        { type: 'reconnected' },
        { type: 'disconnected', reason: 'network' },
        { type: 'disconnected', reason: 'room-closed' },
        { type: 'connection-quality-changed', quality: 'poor' },
        { type: 'connection-quality-changed', quality: 'excellent' },
      )
      .map((event) => ({ kind: 'room', event }) as Step),
  );

  it('never puts a patient in the call unless the server currently grants publishing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const harness = createVisitHarness({ role: 'patient', automatic: true });
        harness.actor.send({ type: 'JOIN' });
        await harness.settle();
        for (const next of steps) {
          if (next.kind === 'user') harness.actor.send(next.event);
          else if (next.kind === 'grant') harness.rooms.at(-1)?.grant({ canPublish: next.canPublish });
          else if (next.kind === 'spoof') harness.rooms.at(-1)?.receiveFrom('other-patient', { type: 'visit-ended' });
          else if (next.kind === 'server') harness.rooms.at(-1)?.receiveFromServer(next.payload);
          else harness.emit(next.event);
          await harness.settle();
          const snapshot = harness.actor.getSnapshot();
          const inCall = snapshot.matches({ session: { connected: { stage: 'inCall' } } }) || snapshot.matches({ session: { connected: { stage: 'publishing' } } });
          if (inCall) assert.equal(harness.room.permissions.canPublish, true, 'in the call without the grant');
          if (!snapshot.context.canPublish) assert.ok(!inCall);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('stays ended once ended, whatever arrives afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 15 }), async (steps) => {
        const harness = createVisitHarness({ role: 'patient', automatic: true });
        harness.actor.send({ type: 'JOIN' });
        await harness.settle();
        harness.room.receiveFromServer({ type: 'visit-ended' });
        await harness.settle();
        for (const next of steps) {
          if (next.kind === 'user') harness.actor.send(next.event);
          else if (next.kind === 'grant') harness.room.grant({ canPublish: next.canPublish });
          else if (next.kind === 'server') harness.room.receiveFromServer(next.payload);
          else if (next.kind === 'room') harness.emit(next.event);
          await harness.settle();
          assert.equal(harness.actor.getSnapshot().value, 'ended');
          assert.equal(harness.actor.getSnapshot().status, 'done');
        }
        assert.equal(harness.rooms.length, 1, 'no new room after the end');
        assert.equal(harness.room.connected, false);
      }),
      { numRuns: 100 },
    );
  });

  it('never ends a visit because a participant, not the server, said so', async () => {
    const actor = createActor(visitMachine, {
      input: { appointmentId: 'a', role: 'patient', api: createFakeVisitApi(), createMediaRoom: () => createFakeMediaRoom() },
    });
    actor.start();
    actor.send({ type: 'JOIN' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    actor.send({ type: 'room.data-received', message: { payload: { type: 'visit-ended' }, fromServer: false, senderIdentity: 'x' } });
    assert.ok(actor.getSnapshot().matches('session'));
    actor.stop();
  });
});
