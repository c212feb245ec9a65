import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVisitHarness, harnessDelays } from '../visit/visit-harness.js';
import { connectVideoCall } from './video-call.connect.js';

async function callAs(role: 'patient' | 'clinician') {
  const harness = createVisitHarness({ role, automatic: true });
  harness.actor.send({ type: 'JOIN' });
  await harness.settle();
  if (role === 'patient') {
    harness.room.grant({ canPublish: true, canSubscribe: true });
    await harness.settle();
  }
  return { harness, view: () => connectVideoCall(harness.actor.getSnapshot(), harness.actor.send) };
}

describe('video call view model', () => {
  it('shows the clinician as soon as the patient is admitted, with the toggles locked until their own media is published', async () => {
    const harness = createVisitHarness({ role: 'patient' });
    harness.actor.send({ type: 'JOIN' });
    harness.resolve('joinVisit');
    await harness.settle();
    harness.resolve('connectRoom');
    await harness.settle();
    harness.room.grant({ canPublish: true, canSubscribe: true });
    harness.room.addRemoteVideo('clinician-1');
    await harness.settle();
    assert.equal(harness.isPending('publishLocalMedia'), true, 'the patient’s own media is still being published');
    const publishing = connectVideoCall(harness.actor.getSnapshot(), harness.actor.send);
    assert.equal(publishing.view, 'inCall');
    assert.equal(publishing.remoteTiles[0]?.video?.participantIdentity, 'clinician-1');
    assert.equal(publishing.mediaControlsEnabled, false);
    harness.resolve('publishLocalMedia');
    await harness.settle();
    assert.equal(connectVideoCall(harness.actor.getSnapshot(), harness.actor.send).mediaControlsEnabled, true);
  });

  it('shows the call with microphone and camera on, the self view and the encryption state', async () => {
    const { view } = await callAs('patient');
    const model = view();
    assert.equal(model.view, 'inCall');
    assert.equal(model.microphoneOn, true);
    assert.equal(model.cameraOn, true);
    assert.equal(model.selfTile.video?.local, true);
    assert.equal(model.encrypted, true);
    assert.equal(model.waitingForOthers, true);
    assert.equal(model.canEndForEveryone, false);
  });

  it('puts one other person on the stage and a group in the grid', async () => {
    const { harness, view } = await callAs('clinician');
    harness.room.addRemoteVideo('patient-a');
    assert.equal(view().layout, 'stage');
    assert.equal(view().remoteTiles[0]?.video?.participantIdentity, 'patient-a');
    harness.room.emit({
      type: 'participants-changed',
      participants: ['patient-a', 'patient-b', 'support-person'].map((identity) => ({ identity, attributes: {}, isSpeaking: identity === 'patient-b' })),
    });
    assert.equal(view().layout, 'grid');
    assert.equal(view().remoteTiles.length, 3);
    assert.equal(view().remoteTiles.find((tile) => tile.identity === 'patient-b')?.isSpeaking, true);
  });

  it('leaves a patient still in the lobby out of the call', async () => {
    const { harness, view } = await callAs('clinician');
    harness.room.emit({ type: 'participants-changed', participants: [{ identity: 'patient-a', attributes: { 'attune.state': 'waiting' }, isSpeaking: false }] });
    assert.equal(view().remoteTiles.length, 0);
    harness.room.emit({ type: 'participants-changed', participants: [{ identity: 'patient-a', attributes: { 'attune.state': 'admitted' }, isSpeaking: false }] });
    assert.equal(view().remoteTiles.length, 1);
  });

  it('toggles microphone and camera through the room', async () => {
    const { harness, view } = await callAs('patient');
    view().toggleMicrophone();
    view().toggleCamera();
    await harness.settle();
    assert.equal(view().microphoneOn, false);
    assert.equal(view().cameraOn, false);
    assert.equal(harness.room.microphoneEnabled, false);
    assert.equal(harness.room.cameraEnabled, false);
  });

  it('offers the way back to video once a poor connection recovers', async () => {
    const { harness, view } = await callAs('patient');
    harness.room.emit({ type: 'connection-quality-changed', quality: 'poor' });
    assert.equal(view().audioOnly, false, 'one poor report is not yet a poor connection');
    harness.clock.fire(harnessDelays.poorConnectionGraceMs);
    assert.equal(view().audioOnly, true);
    assert.equal(view().audioOnlyAutomatic, true);
    assert.equal(view().connectionRecovered, false);
    assert.equal(view().cameraToggleEnabled, false);
    assert.equal(view().qualityBars, 1);
    harness.room.emit({ type: 'connection-quality-changed', quality: 'excellent' });
    assert.equal(view().connectionRecovered, true);
    view().useVideo();
    assert.equal(view().audioOnly, false);
  });

  it('gives only the clinician "end for everyone" and shows who ended the visit', async () => {
    const { harness, view } = await callAs('clinician');
    assert.equal(view().canEndForEveryone, true);
    view().endForEveryone();
    assert.equal(view().view, 'ending');
    await harness.settle();
    assert.equal(view().view, 'ended');
    assert.equal(view().endedBy, 'self');
  });

  it('shows the patient that the clinician ended the visit when the room closes', async () => {
    const { harness, view } = await callAs('patient');
    harness.room.emit({ type: 'disconnected', reason: 'room-closed' });
    assert.equal(view().view, 'ended');
    assert.equal(view().endedBy, 'clinician');
  });
});
