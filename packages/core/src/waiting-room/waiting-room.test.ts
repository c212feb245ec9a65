import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVisitHarness } from '../visit/visit-harness.js';
import { connectWaitingRoom } from './waiting-room.connect.js';

function view(harness: ReturnType<typeof createVisitHarness>) {
  return connectWaitingRoom(harness.actor.getSnapshot(), harness.actor.send);
}

describe('waiting room view model', () => {
  it('names each step of the wait from ready to admitted', async () => {
    const harness = createVisitHarness({ role: 'patient' });
    assert.equal(view(harness).view, 'ready');
    assert.equal(view(harness).canKnock, true);
    view(harness).knock();
    assert.equal(view(harness).view, 'knocking');
    assert.equal(view(harness).busy, true);
    harness.resolve('joinVisit');
    await harness.settle();
    harness.resolve('connectRoom');
    await harness.settle();
    assert.equal(view(harness).view, 'waiting');
    harness.room.grant({ canPublish: true });
    await harness.settle();
    assert.equal(view(harness).view, 'admitted');
  });

  it('tells the patient how long they waited, their place and the clinician’s messages', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    view(harness).knock();
    await harness.settle();
    for (let second = 0; second < 125; second++) harness.clock.fire(1000);
    harness.room.receiveFromServer({ type: 'queue-status', position: 3, clinicianStatus: 'Running 10 minutes late' });
    harness.room.receiveFromServer({ type: 'hold-message', message: 'Almost ready for you' });
    const model = view(harness);
    assert.equal(model.waitedSeconds, 125);
    assert.equal(model.waitedMinutes, 2);
    assert.equal(model.queuePosition, 3);
    assert.deepEqual(model.clinicianStatus, { message: 'Running 10 minutes late' });
    assert.equal(model.latestHoldMessage, 'Almost ready for you');
    harness.room.receiveFromServer({ type: 'queue-status', position: 3, clinicianStatus: null, clinicianLateMinutes: 10 });
    assert.deepEqual(view(harness).clinicianStatus, { lateMinutes: 10 }, 'running late as minutes, for the element to word in the patient’s language');
  });

  it('keeps the wait while reconnecting and says so', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    view(harness).knock();
    await harness.settle();
    harness.room.emit({ type: 'reconnecting' });
    assert.equal(view(harness).view, 'waiting');
    assert.equal(view(harness).reconnecting, true);
    harness.room.emit({ type: 'reconnected' });
    assert.equal(view(harness).reconnected, true);
  });

  it('reads a rescheduled denial apart from a plain one', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    view(harness).knock();
    await harness.settle();
    harness.room.receiveFromServer({ type: 'denied', reason: 'rescheduled' });
    assert.equal(view(harness).view, 'denied');
    assert.equal(view(harness).rescheduled, true);
  });

  it('lets the patient leave while waiting', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    view(harness).knock();
    await harness.settle();
    view(harness).leave();
    assert.equal(view(harness).view, 'left');
    await harness.settle();
    assert.equal(harness.room.connected, false);
  });
});
