import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { createActor, waitFor, type AnyStateMachine, type InspectionEvent } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { AttuneError } from '../errors.js';
import type { ClinicianStatus, DeskJoin, QueueEntry, VisitApi, VisitJoin } from '../ports.js';
import type { DeskConnector, DeskHandlers } from './desk-port.js';
import { sortQueue } from './queue-order.js';
import { connectQueue } from './queue.connect.js';
import { queueMachine, type QueueInput } from './queue.machine.js';

const start = Date.parse('2026-03-02T09:00:00Z');
const minutes = (n: number) => new Date(start + n * 60_000).toISOString();

function entry(identity: string, arrivedMinute: number, options: Partial<QueueEntry> = {}): QueueEntry {
  return {
    appointmentId: `appt-${identity}`,
    identity,
    label: `Patient ${identity}`,
    arrivedAt: minutes(arrivedMinute),
    state: 'waiting',
    deviceCheck: 'passed',
    intake: 'completed',
    riskFlags: [],
    ...options,
  };
}

const phq9Flag = { code: 'phq9-item9', label: 'PHQ-9 item 9', raisedAt: minutes(0) };

/** A visit API whose queue answers are scripted and whose calls are recorded. */
class FakeVisitApi implements VisitApi {
  answers: Array<QueueEntry[] | Error | unknown> = [];
  current: QueueEntry[] = [];
  calls: string[] = [];
  failNext: Partial<Record<'admit' | 'hold' | 'deny', Error>> = {};
  /** Resolvers for calls held open, so a test can look at the pending state. */
  held: Array<() => void> = [];
  holdCalls = false;
  joinDesk?: () => Promise<DeskJoin>;

  constructor(options: { desk?: boolean } = {}) {
    if (options.desk !== false) {
      this.joinDesk = async () => ({ livekitUrl: 'ws://desk', token: 't', room: 'desk-1', identity: 'desk-clinician', expiresAt: 0 });
    }
  }

  async queue(): Promise<QueueEntry[]> {
    this.calls.push('queue');
    const next = this.answers.shift();
    if (next instanceof Error) throw next;
    if (next !== undefined) this.current = next as QueueEntry[];
    return this.current;
  }
  private async act(name: 'admit' | 'hold' | 'deny', call: string) {
    this.calls.push(call);
    if (this.holdCalls) await new Promise<void>((resolve) => this.held.push(resolve));
    const failure = this.failNext[name];
    delete this.failNext[name];
    if (failure) throw failure;
  }
  admit(appointmentId: string, identity: string) {
    return this.act('admit', `admit ${appointmentId} ${identity}`);
  }
  deny(appointmentId: string, identity: string) {
    return this.act('deny', `deny ${appointmentId} ${identity}`);
  }
  holdMessage(appointmentId: string, identity: string, message: string) {
    return this.act('hold', `hold ${appointmentId} ${identity} ${message}`);
  }
  async join(): Promise<VisitJoin> {
    throw new Error('not used by the queue');
  }
  async end() {}
}

/** A backend that also keeps the clinician's status; its reads and writes can fail or be held open. */
class StatusVisitApi extends FakeVisitApi {
  status: ClinicianStatus | string | null = null;
  statusWrites: Array<ClinicianStatus | null> = [];
  failRead: Error | undefined;
  failWrite: Error | undefined;
  holdWrites = false;
  heldWrites: Array<() => void> = [];

  // A string is what a VisitApi written before "running late" became minutes answers.
  async clinicianStatus(): Promise<ClinicianStatus | null> {
    if (this.failRead) throw this.failRead;
    return this.status as ClinicianStatus | null;
  }
  async setClinicianStatus(status: ClinicianStatus | null): Promise<void> {
    this.statusWrites.push(status);
    if (this.holdWrites) await new Promise<void>((resolve) => this.heldWrites.push(resolve));
    const failure = this.failWrite;
    this.failWrite = undefined;
    if (failure) throw failure;
    this.status = status;
  }
}

/** A desk room the test drives: announce a change, drop the link, or refuse to connect. */
class FakeDesk {
  handlers: DeskHandlers | undefined;
  closed = 0;
  refuse = false;
  connector: DeskConnector = async (_join, handlers) => {
    if (this.refuse) throw new AttuneError('media/connect-failed', 'refused');
    this.handlers = handlers;
    return { close: () => void (this.closed += 1) };
  };
}

const visitedStates = new Set<string>();
const takenTransitions = new Set<string>();
function recordCoverage(event: InspectionEvent) {
  if (event.type === '@xstate.snapshot' || event.type === '@xstate.microstep') {
    for (const node of (event.snapshot as unknown as { _nodes?: Array<{ id: string }> })._nodes ?? []) visitedStates.add(node.id);
  }
  if (event.type !== '@xstate.microstep') return;
  for (const transition of (event as unknown as { _transitions: Array<{ source: { id: string }; eventType: string }> })._transitions) {
    takenTransitions.add(`${transition.source.id} ${transition.eventType}`);
    // Transient states (an `always` choice) never appear in a snapshot, only as a transition's source.
    visitedStates.add(transition.source.id);
  }
}

function startQueue(api: FakeVisitApi, input: Partial<QueueInput> = {}) {
  let now = start + 20 * 60_000;
  const actor = createActor(queueMachine, {
    input: { api, pollIntervalMs: 3_600_000, clockIntervalMs: 3_600_000, now: () => now, ...input },
    inspect: recordCoverage,
  });
  actor.start();
  return {
    actor,
    view: () => connectQueue(actor.getSnapshot(), actor.send),
    setNow: (minute: number) => (now = start + minute * 60_000),
  };
}

const live = (actor: ReturnType<typeof startQueue>['actor']) => waitFor(actor, (s) => s.matches({ list: 'live' }));

describe('queue machine', () => {
  it('lists waiting patients with anyone at risk first, then by arrival', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 1), entry('b', 5, { riskFlags: [phq9Flag] }), entry('c', 0)]];
    const { actor, view } = startQueue(api);
    assert.equal(view().view, 'loading');
    assert.equal(view().busy, true);
    await live(actor);
    assert.deepEqual(
      view().entries.map((e) => e.identity),
      ['b', 'c', 'a'],
    );
    assert.equal(view().entries[0]?.hasRiskFlag, true);
    assert.equal(view().riskCount, 1);
    assert.equal(view().arrivals.count, 0, 'patients already waiting on first load are not announced as arrivals');
    actor.stop();
  });

  it('shows an error with a retry when the queue cannot be loaded', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [new AttuneError('network/offline', 'offline'), [entry('a', 1)]];
    const { actor, view } = startQueue(api);
    await waitFor(actor, (s) => s.matches({ list: 'error' }));
    assert.equal(view().view, 'error');
    assert.equal(view().errorCode, 'network/offline');
    view().retry();
    await live(actor);
    assert.equal(view().entries.length, 1);
    actor.stop();
  });

  it('refuses a malformed queue answer with a clear error instead of a broken list', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[{ identity: 'x' }]];
    const { actor, view } = startQueue(api);
    await waitFor(actor, (s) => s.matches({ list: 'error' }));
    assert.equal(view().errorCode, 'input/invalid');
    actor.stop();
  });

  it('stays live through the desk room: a knock is fetched and announced without polling', async () => {
    const api = new FakeVisitApi();
    const desk = new FakeDesk();
    api.answers = [[entry('a', 1)]];
    const { actor, view } = startQueue(api, { desk: desk.connector });
    await waitFor(actor, (s) => s.matches({ desk: { linking: 'connected' } }));
    await live(actor);
    assert.equal(view().freshness, 'live');
    api.answers = [[entry('a', 1), entry('n', 19)]];
    desk.handlers?.onQueueChanged();
    assert.equal(view().view, 'refreshing');
    await live(actor);
    assert.equal(view().arrivals.count, 1);
    assert.deepEqual(
      view().arrivals.entries.map((e) => e.identity),
      ['n'],
    );
    assert.deepEqual(
      view().entries.map((e) => e.identity),
      ['a', 'n'],
    );
    actor.stop();
    assert.equal(desk.closed, 1, 'stopping the queue leaves the desk room');
  });

  it('fetches again when a change arrives during a fetch', async () => {
    const api = new FakeVisitApi();
    const desk = new FakeDesk();
    const { actor } = startQueue(api, { desk: desk.connector });
    await waitFor(actor, (s) => s.matches({ desk: { linking: 'connected' } }));
    await live(actor);
    const before = api.calls.length;
    desk.handlers?.onQueueChanged();
    desk.handlers?.onQueueChanged();
    await live(actor);
    assert.equal(api.calls.length - before, 2);
    actor.stop();
  });

  it('falls back to polling when the desk room cannot be joined', async () => {
    const api = new FakeVisitApi();
    const desk = new FakeDesk();
    desk.refuse = true;
    api.answers = [[entry('a', 1)]];
    const { actor, view } = startQueue(api, { desk: desk.connector, pollIntervalMs: 5 });
    await waitFor(actor, (s) => s.matches({ desk: 'polling' }));
    assert.equal(view().freshness, 'polling');
    api.answers = [[entry('a', 1), entry('p', 2)]];
    await waitFor(actor, (s) => s.context.entries.length === 2);
    actor.stop();
  });

  it('polls when the backend offers no desk room', async () => {
    const api = new FakeVisitApi({ desk: false });
    const { actor, view } = startQueue(api, { desk: new FakeDesk().connector });
    assert.equal(view().freshness, 'polling');
    actor.stop();
  });

  it('starts polling when the desk link drops, and leaves the room', async () => {
    const api = new FakeVisitApi();
    const desk = new FakeDesk();
    const { actor, view } = startQueue(api, { desk: desk.connector });
    await waitFor(actor, (s) => s.matches({ desk: { linking: 'connected' } }));
    assert.equal(view().freshness, 'live');
    desk.handlers?.onLost();
    assert.equal(view().freshness, 'polling');
    assert.equal(desk.closed, 1);
    actor.stop();
  });

  it('tries the desk room again after a while of polling, and goes live when it answers', async () => {
    const api = new FakeVisitApi();
    const desk = new FakeDesk();
    desk.refuse = true;
    const { actor, view } = startQueue(api, { desk: desk.connector, deskRetryMs: 20 });
    await waitFor(actor, (s) => s.matches({ desk: 'polling' }));
    desk.refuse = false;
    await waitFor(actor, (s) => s.matches({ desk: { linking: 'connected' } }));
    assert.equal(view().freshness, 'live');
    actor.stop();
  });

  it('keeps the list it has when a refresh fails, and says so', async () => {
    const api = new FakeVisitApi();
    const desk = new FakeDesk();
    api.answers = [[entry('a', 1, { riskFlags: [phq9Flag] })]];
    const { actor, view } = startQueue(api, { desk: desk.connector });
    await waitFor(actor, (s) => s.matches({ desk: { linking: 'connected' } }));
    await live(actor);
    api.answers = [new AttuneError('network/failed', 'down')];
    desk.handlers?.onQueueChanged();
    await waitFor(actor, (s) => s.context.refreshFailed);
    assert.equal(view().entries[0]?.hasRiskFlag, true, 'a risk flag never disappears because a refresh failed');
    desk.handlers?.onQueueChanged();
    await waitFor(actor, (s) => !s.context.refreshFailed && s.matches({ list: 'live' }));
    actor.stop();
  });

  it('moves wait times on with the clock', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 2)]];
    const { actor, view, setNow } = startQueue(api, { clockIntervalMs: 5 });
    await live(actor);
    assert.equal(view().entries[0]?.waitMinutes, 18);
    setNow(32);
    await waitFor(actor, (s) => connectQueue(s, actor.send).entries[0]?.waitMinutes === 30);
    actor.stop();
  });

  it('admits a patient with their identity, disables a second click, and reports the admission', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 1)]];
    api.holdCalls = true;
    const { actor, view } = startQueue(api);
    await live(actor);
    view().entries[0]!.admit();
    assert.equal(view().entries[0]?.pending, 'admit');
    view().entries[0]!.admit();
    view().entries[0]!.openHoldForm();
    assert.equal(view().entries[0]?.holdFormOpen, false, 'no other action on an entry being admitted');
    assert.deepEqual(
      api.calls.filter((c) => c.startsWith('admit')),
      ['admit appt-a a'],
    );
    api.answers = [[]];
    api.held.shift()?.();
    await waitFor(actor, (s) => s.context.admissions.count === 1 && s.matches({ list: 'live' }) && s.context.entries.length === 0);
    assert.equal(view().admissions.entry?.identity, 'a');
    actor.stop();
  });

  it('marks an entry whose admission failed, and lets the clinician try again', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 1)]];
    api.failNext.admit = new AttuneError('auth/forbidden', 'no');
    const { actor, view } = startQueue(api);
    await live(actor);
    view().entries[0]!.admit();
    await waitFor(actor, (s) => s.context.entryErrors['appt-a/a'] !== undefined);
    assert.equal(view().entries[0]?.failedAction, 'auth/forbidden');
    assert.equal(view().entries[0]?.pending, undefined);
    view().entries[0]!.admit();
    await waitFor(actor, (s) => s.context.admissions.count === 1);
    assert.equal(view().entries[0]?.failedAction, undefined);
    actor.stop();
  });

  it('sends a hold message from its form, ignoring an empty one', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 1), entry('b', 2)]];
    const { actor, view } = startQueue(api);
    await live(actor);
    view().entries[1]!.openHoldForm();
    assert.equal(view().entries[1]?.holdFormOpen, true);
    assert.equal(view().entries[0]?.holdFormOpen, false);
    view().entries[1]!.sendHoldMessage('   ');
    assert.equal(view().entries[1]?.holdFormOpen, true, 'an empty message is not sent');
    view().entries[1]!.sendHoldMessage('x'.repeat(501));
    assert.equal(view().entries[1]?.holdFormOpen, true, 'an overlong message is not sent');
    view().entries[1]!.closeForm();
    assert.equal(view().entries[1]?.holdFormOpen, false);
    view().entries[1]!.openHoldForm();
    view().entries[1]!.sendHoldMessage(' Running 10 minutes late ');
    assert.equal(view().entries[1]?.holdFormOpen, false);
    await waitFor(actor, (s) => Object.keys(s.context.pending).length === 0);
    assert.ok(api.calls.includes('hold appt-b b Running 10 minutes late'));
    actor.stop();
  });

  it('denies only after confirmation', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 1)]];
    const { actor, view } = startQueue(api);
    await live(actor);
    view().entries[0]!.confirmDeny();
    assert.equal(
      api.calls.some((c) => c.startsWith('deny')),
      false,
      'no denial without the confirmation open',
    );
    view().entries[0]!.openDenyConfirmation();
    assert.equal(view().entries[0]?.denyConfirmationOpen, true);
    view().entries[0]!.closeForm();
    assert.equal(view().entries[0]?.denyConfirmationOpen, false);
    view().entries[0]!.openDenyConfirmation();
    view().entries[0]!.confirmDeny();
    await waitFor(actor, (s) => Object.keys(s.context.pending).length === 0);
    assert.ok(api.calls.includes('deny appt-a a'));
    actor.stop();
  });

  it('offers nothing more for a patient already in the visit', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 1, { state: 'admitted' }), entry('b', 2, { state: 'held', holdMessage: 'Five more minutes' })]];
    const { actor, view } = startQueue(api);
    await live(actor);
    const [inVisit, held] = view().entries;
    assert.equal(inVisit?.actionable, false);
    assert.equal(held?.actionable, true);
    assert.equal(held?.holdMessage, 'Five more minutes');
    assert.equal(view().waitingCount, 1);
    inVisit!.admit();
    inVisit!.openHoldForm();
    inVisit!.openDenyConfirmation();
    assert.deepEqual(view().entries[0]?.pending, undefined);
    assert.equal(actor.getSnapshot().context.form, undefined);
    assert.deepEqual(
      api.calls.filter((call) => call !== 'queue'),
      [],
    );
    actor.stop();
  });

  it('lets the clinician go back into a visit already under way, and only into one, without calling the server', async () => {
    const api = new FakeVisitApi({ desk: false });
    api.answers = [[entry('a', 1, { state: 'admitted' }), entry('b', 2)]];
    const { actor, view } = startQueue(api);
    await live(actor);
    const [inVisit, waiting] = view().entries;
    assert.equal(inVisit?.canReturnToVisit, true);
    assert.equal(waiting?.canReturnToVisit, false);
    waiting!.returnToVisit();
    assert.deepEqual(view().returns, { count: 0, entry: undefined }, 'a waiting patient has no visit to go back to');
    inVisit!.returnToVisit();
    assert.equal(view().returns.count, 1);
    assert.equal(view().returns.entry?.identity, 'a');
    assert.equal(view().returns.entry?.appointmentId, 'appt-a');
    // A second click (the visit did not open, say) asks again.
    view().entries[0]!.returnToVisit();
    assert.equal(view().returns.count, 2);
    assert.deepEqual(
      api.calls.filter((call) => call !== 'queue'),
      [],
      'the visit’s clinician may always join it again: nothing to ask the server',
    );
    actor.stop();
  });

  it('closes an open form when its patient leaves the queue', async () => {
    const api = new FakeVisitApi();
    const desk = new FakeDesk();
    api.answers = [[entry('a', 1)]];
    const { actor, view } = startQueue(api, { desk: desk.connector });
    await waitFor(actor, (s) => s.matches({ desk: { linking: 'connected' } }));
    await live(actor);
    view().entries[0]!.openHoldForm();
    api.answers = [[]];
    desk.handlers?.onQueueChanged();
    await waitFor(actor, (s) => s.matches({ list: 'live' }) && s.context.entries.length === 0);
    assert.equal(actor.getSnapshot().context.form, undefined);
    actor.stop();
  });

  it('offers no status control when the backend has no clinician status', async () => {
    const { actor, view } = startQueue(new FakeVisitApi({ desk: false }));
    await live(actor);
    assert.equal(view().clinicianStatus.view, 'unavailable');
    assert.equal(view().clinicianStatus.canChange, false);
    actor.stop();
  });

  it("shows the clinician's current status, sets a running-late one as minutes, and clears it", async () => {
    const api = new StatusVisitApi({ desk: false });
    api.status = { message: 'With another patient' };
    const { actor, view } = startQueue(api);
    assert.equal(view().clinicianStatus.view, 'loading');
    await waitFor(actor, (s) => s.matches({ status: 'ready' }));
    assert.deepEqual(view().clinicianStatus.current, { message: 'With another patient' });
    assert.deepEqual(view().clinicianStatus.lateMinutesPresets, [5, 10, 15]);
    assert.equal(view().clinicianStatus.maxLength, 200);

    api.holdWrites = true;
    view().clinicianStatus.setLateMinutes(10);
    assert.equal(view().clinicianStatus.view, 'saving');
    assert.equal(view().clinicianStatus.canChange, false, 'one change at a time');
    view().clinicianStatus.set('Something else');
    api.heldWrites.shift()!();
    await waitFor(actor, (s) => s.matches({ status: 'ready' }));
    assert.deepEqual(api.statusWrites, [{ lateMinutes: 10 }], 'minutes, not words; a second change while saving is ignored');
    assert.deepEqual(view().clinicianStatus.current, { lateMinutes: 10 });

    api.holdWrites = false;
    view().clinicianStatus.clear();
    await waitFor(actor, (s) => s.matches({ status: 'ready' }) && s.context.clinicianStatus === null);
    assert.deepEqual(api.statusWrites, [{ lateMinutes: 10 }, null]);
    actor.stop();
  });

  it("sends the clinician's own words trimmed, as written", async () => {
    const api = new StatusVisitApi({ desk: false });
    const { actor, view } = startQueue(api);
    await waitFor(actor, (s) => s.matches({ status: 'ready' }));
    view().clinicianStatus.set('  Back from an urgent call ');
    await waitFor(actor, (s) => s.matches({ status: 'ready' }) && s.context.clinicianStatus !== null);
    assert.deepEqual(api.statusWrites, [{ message: 'Back from an urgent call' }]);
    assert.deepEqual(view().clinicianStatus.current, { message: 'Back from an urgent call' });
    actor.stop();
  });

  it('reads a running late from the backend, and words alone from a VisitApi written before minutes', async () => {
    for (const [answer, expected] of [
      [{ lateMinutes: 15 }, { lateMinutes: 15 }],
      ['With another patient', { message: 'With another patient' }],
      [{ lateMinutes: 500 }, null],
    ] as const) {
      const api = new StatusVisitApi({ desk: false });
      api.status = answer as ClinicianStatus | string;
      const { actor, view } = startQueue(api);
      await waitFor(actor, (s) => s.matches({ status: 'ready' }));
      assert.deepEqual(view().clinicianStatus.current, expected, JSON.stringify(answer));
      actor.stop();
    }
  });

  it('ignores an empty or overlong status, or minutes out of 1–120, without calling the backend', async () => {
    const api = new StatusVisitApi({ desk: false });
    const { actor, view } = startQueue(api);
    await waitFor(actor, (s) => s.matches({ status: 'ready' }));
    view().clinicianStatus.set('   ');
    view().clinicianStatus.set('x'.repeat(201));
    view().clinicianStatus.setLateMinutes(0);
    view().clinicianStatus.setLateMinutes(121);
    view().clinicianStatus.setLateMinutes(7.5);
    assert.equal(view().clinicianStatus.view, 'ready');
    assert.deepEqual(api.statusWrites, []);
    actor.stop();
  });

  it('keeps the old status and says so when a change fails; an unreadable status still lets the clinician set one', async () => {
    const api = new StatusVisitApi({ desk: false });
    api.failRead = new AttuneError('network/offline', 'offline');
    const { actor, view } = startQueue(api);
    await waitFor(actor, (s) => s.matches({ status: 'ready' }));
    assert.equal(view().clinicianStatus.current, null);
    api.failWrite = new AttuneError('service/unavailable', 'down');
    view().clinicianStatus.setLateMinutes(5);
    await waitFor(actor, (s) => s.matches({ status: 'ready' }) && s.context.statusError !== undefined);
    assert.equal(view().clinicianStatus.failed, 'service/unavailable');
    assert.equal(view().clinicianStatus.current, null);
    view().clinicianStatus.setLateMinutes(5);
    await waitFor(actor, (s) => s.context.clinicianStatus?.lateMinutes === 5);
    assert.equal(view().clinicianStatus.failed, undefined, 'a success clears the failure');
    actor.stop();
  });

  it('keeps risk first whatever sequence of queue answers and actions arrives', async () => {
    const flaggedEntry = fc.record({
      identity: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      minute: fc.integer({ min: 0, max: 120 }),
      flagged: fc.boolean(),
    });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('answer' as const), entries: fc.uniqueArray(flaggedEntry, { selector: (e) => e.identity, maxLength: 5 }) }),
      fc.record({ kind: fc.constant('admit' as const), index: fc.nat(4) }),
      fc.record({ kind: fc.constant('fail' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 8 }), async (steps) => {
        const api = new FakeVisitApi();
        const desk = new FakeDesk();
        const { actor } = startQueue(api, { desk: desk.connector });
        await waitFor(actor, (s) => s.matches({ desk: { linking: 'connected' } }) && s.matches({ list: 'live' }));
        for (const next of steps) {
          if (next.kind === 'answer') {
            api.answers = [next.entries.map((e) => entry(e.identity, e.minute, e.flagged ? { riskFlags: [phq9Flag] } : {}))];
            desk.handlers?.onQueueChanged();
          } else if (next.kind === 'fail') {
            api.answers = [new AttuneError('network/failed', 'down')];
            desk.handlers?.onQueueChanged();
          } else {
            const target = connectQueue(actor.getSnapshot(), actor.send).entries[next.index];
            target?.admit();
          }
          await waitFor(actor, (s) => s.matches({ list: 'live' }) && Object.keys(s.context.pending).length === 0);
          const shown = actor.getSnapshot().context.entries;
          const firstUnflagged = shown.findIndex((e) => e.riskFlags.length === 0);
          const lastFlagged = shown.findLastIndex((e) => e.riskFlags.length > 0);
          assert.ok(firstUnflagged === -1 || lastFlagged < firstUnflagged, 'every flagged patient is above every unflagged one');
        }
        actor.stop();
      }),
      { numRuns: 60 },
    );
  });

  after(() => {
    const nodes = getStateNodes(queueMachine as AnyStateMachine);
    assert.deepEqual(
      nodes.map((node) => node.id).filter((id) => !visitedStates.has(id)),
      [],
      'every state is reached by some test',
    );
    const declared = nodes.flatMap((node) => [...node.transitions.keys()].map((eventType) => `${node.id} ${eventType}`));
    assert.deepEqual(
      declared.filter((transition) => !takenTransitions.has(transition)),
      [],
      'every transition is taken by some test',
    );
  });
});

describe('queue order', () => {
  const arbitraryEntry = fc.record({
    identity: fc.string({ minLength: 1, maxLength: 4 }),
    minute: fc.integer({ min: 0, max: 600 }),
    flags: fc.nat(2),
  });

  it('puts every risk flag first, then orders by arrival, and loses no one', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 30 }), (raw) => {
        const entries = raw.map((e, index) => entry(`${e.identity}-${index}`, e.minute, { riskFlags: Array(e.flags).fill(phq9Flag) }));
        const sorted = sortQueue(entries);
        assert.equal(sorted.length, entries.length);
        assert.deepEqual(new Set(sorted), new Set(entries));
        for (let index = 1; index < sorted.length; index += 1) {
          const previous = sorted[index - 1]!;
          const current = sorted[index]!;
          const previousRisk = previous.riskFlags.length > 0;
          const currentRisk = current.riskFlags.length > 0;
          assert.ok(previousRisk || !currentRisk, 'no unflagged patient above a flagged one');
          if (previousRisk === currentRisk) assert.ok(Date.parse(previous.arrivedAt) <= Date.parse(current.arrivedAt));
        }
      }),
    );
  });

  it('does not change the order it is given back', () => {
    const entries = [entry('a', 3), entry('b', 1)];
    sortQueue(entries);
    assert.deepEqual(
      entries.map((e) => e.identity),
      ['a', 'b'],
    );
  });
});
