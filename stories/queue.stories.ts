import { AttuneError, queueMachine, type ClinicianStatus, type DeskConnector, type DeskHandlers, type QueueEntry, type VisitApi } from '@attune/core';
import '@attune/elements/queue.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { createActor, waitFor } from 'xstate';

// Each story runs the real queue machine against a scripted visit API and desk room, walked to
// the state it is named after.

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

function patient(identity: string, label: string, waited: number, options: Partial<QueueEntry> = {}): QueueEntry {
  return {
    appointmentId: `appt-${identity}`,
    identity,
    label,
    arrivedAt: minutesAgo(waited),
    state: 'waiting',
    deviceCheck: 'passed',
    intake: 'completed',
    riskFlags: [],
    ...options,
  };
}

const waiting: QueueEntry[] = [
  patient('p1', 'Jordan Ellis · 10:00 intake', 14, { intake: 'in-progress' }),
  patient('p2', 'Sam Rivera · 10:15 follow-up', 6, {
    riskFlags: [{ code: 'phq9-item9', label: 'PHQ-9 item 9', raisedAt: minutesAgo(20) }],
  }),
  patient('p3', 'Robin Okafor · 10:30 therapy', 2, { deviceCheck: 'audio-only', intake: 'none' }),
  patient('p4', 'Alex Chen · 10:30 medication review', 0, { deviceCheck: 'unknown', holdMessage: 'Running about 10 minutes late, thank you for waiting.' }),
];

interface Script {
  answers: Array<QueueEntry[] | 'hang' | 'fail'>;
  actions?: 'hang' | 'fail';
  /** A backend that keeps the clinician's status (without it the queue shows no status control). */
  status?: { current: ClinicianStatus | null; read?: 'hang'; write?: 'hang' | 'fail' };
}

function scriptedApi(script: Script): VisitApi {
  let current: QueueEntry[] = [];
  const act = async () => {
    if (script.actions === 'hang') return new Promise<void>(() => {});
    if (script.actions === 'fail') throw new AttuneError('network/failed', 'The server did not answer.');
  };
  return {
    queue: async () => {
      const next = script.answers[0];
      if (next === 'hang') return new Promise<QueueEntry[]>(() => {});
      if (next === 'fail') throw new AttuneError('network/failed', 'The server did not answer.');
      if (next) current = next;
      return current;
    },
    admit: act,
    deny: act,
    holdMessage: act,
    joinDesk: async () => ({ livekitUrl: 'ws://desk.invalid', token: 'story', room: 'desk', identity: 'desk', expiresAt: 0 }),
    join: async () => {
      throw new AttuneError('internal', 'Not used by the queue.');
    },
    end: async () => {},
    ...(script.status ? statusApi(script.status) : {}),
  };
}

function statusApi(status: NonNullable<Script['status']>): Pick<VisitApi, 'clinicianStatus' | 'setClinicianStatus'> {
  return {
    clinicianStatus: () => (status.read === 'hang' ? new Promise<ClinicianStatus | null>(() => {}) : Promise.resolve(status.current)),
    setClinicianStatus: async (next) => {
      if (status.write === 'hang') return new Promise<void>(() => {});
      if (status.write === 'fail') throw new AttuneError('network/failed', 'The server did not answer.');
      status.current = next;
    },
  };
}

/** A desk room the story controls, so a knock can arrive on cue. */
function storyDesk() {
  const desk: { handlers?: DeskHandlers; connector: DeskConnector } = {
    connector: async (_join, handlers) => {
      desk.handlers = handlers;
      return { close: () => {} };
    },
  };
  return desk;
}

type QueueActor = ReturnType<typeof createActor<typeof queueMachine>>;

function shown(script: Script, walk?: (actor: QueueActor, desk: ReturnType<typeof storyDesk>, script: Script) => Promise<void>) {
  const desk = storyDesk();
  const actor = createActor(queueMachine, { input: { api: scriptedApi(script), desk: desk.connector } });
  actor.start();
  if (walk) void walk(actor, desk, script);
  return html`<attune-queue .actor=${actor}></attune-queue>`;
}

/** Live, linked to the desk room, and done with the catch-up fetch that linking starts. */
const whenLive = async (actor: QueueActor) => {
  await waitFor(actor, (snapshot) => snapshot.matches({ desk: { linking: 'connected' } }));
  await waitFor(actor, (snapshot) => snapshot.matches({ list: 'live' }));
};
const firstKey = `${waiting[1]!.appointmentId}/${waiting[1]!.identity}`;

const meta: Meta = {
  title: 'Visit/Queue',
  component: 'attune-queue',
};
export default meta;
type Story = StoryObj;

export const Loading: Story = { render: () => shown({ answers: ['hang'] }) };

export const Live: Story = { render: () => shown({ answers: [waiting] }) };

export const Empty: Story = { render: () => shown({ answers: [[]] }) };

export const Refreshing: Story = {
  render: () =>
    shown({ answers: [waiting] }, async (actor, desk, script) => {
      await whenLive(actor);
      script.answers = ['hang'];
      desk.handlers?.onQueueChanged();
    }),
};

export const NewArrival: Story = {
  render: () =>
    shown({ answers: [waiting.slice(0, 3)] }, async (actor, desk, script) => {
      await whenLive(actor);
      script.answers = [waiting];
      desk.handlers?.onQueueChanged();
    }),
};

export const RefreshFailed: Story = {
  render: () =>
    shown({ answers: [waiting] }, async (actor, desk, script) => {
      await whenLive(actor);
      script.answers = ['fail'];
      desk.handlers?.onQueueChanged();
    }),
};

export const Polling: Story = {
  render: () => {
    const actor = createActor(queueMachine, { input: { api: { ...scriptedApi({ answers: [waiting] }), joinDesk: undefined } } });
    actor.start();
    return html`<attune-queue .actor=${actor}></attune-queue>`;
  },
};

export const ConnectingToDesk: Story = {
  render: () => {
    const actor = createActor(queueMachine, {
      input: { api: scriptedApi({ answers: [waiting] }), desk: () => new Promise(() => {}) },
    });
    actor.start();
    return html`<attune-queue .actor=${actor}></attune-queue>`;
  },
};

export const LoadError: Story = { render: () => shown({ answers: ['fail'] }) };

export const Admitting: Story = {
  render: () =>
    shown({ answers: [waiting], actions: 'hang' }, async (actor) => {
      await whenLive(actor);
      actor.send({ type: 'ADMIT', key: firstKey });
    }),
};

export const ActionFailed: Story = {
  render: () =>
    shown({ answers: [waiting], actions: 'fail' }, async (actor) => {
      await whenLive(actor);
      actor.send({ type: 'ADMIT', key: firstKey });
    }),
};

/** After the clinician's page reloaded mid-visit: the patient is still in the call, and the clinician can go back in. */
export const PatientInTheVisit: Story = {
  render: () => shown({ answers: [[patient('p0', 'Casey Moreno · 09:30 therapy', 31, { state: 'admitted' }), ...waiting.slice(0, 2)]] }),
};

export const HoldMessageForm: Story = {
  render: () =>
    shown({ answers: [waiting] }, async (actor) => {
      await whenLive(actor);
      actor.send({ type: 'OPEN_HOLD_FORM', key: firstKey });
    }),
};

export const DenyConfirmation: Story = {
  render: () =>
    shown({ answers: [waiting] }, async (actor) => {
      await whenLive(actor);
      actor.send({ type: 'OPEN_DENY_CONFIRMATION', key: firstKey });
    }),
};

const whenStatusReady = (actor: QueueActor) => waitFor(actor, (snapshot) => snapshot.matches({ status: 'ready' }));

export const StatusLoading: Story = { render: () => shown({ answers: [waiting], status: { current: null, read: 'hang' } }) };

export const StatusNone: Story = { render: () => shown({ answers: [waiting], status: { current: null } }) };

export const StatusRunningLate: Story = { render: () => shown({ answers: [waiting], status: { current: { lateMinutes: 10 } } }) };

export const StatusOwnWords: Story = { render: () => shown({ answers: [waiting], status: { current: { message: 'Back from an urgent call, thank you for waiting' } } }) };

export const StatusSaving: Story = {
  render: () =>
    shown({ answers: [waiting], status: { current: null, write: 'hang' } }, async (actor) => {
      await whenStatusReady(actor);
      actor.send({ type: 'SET_CLINICIAN_STATUS', status: { lateMinutes: 15 } });
    }),
};

export const StatusFailed: Story = {
  render: () =>
    shown({ answers: [waiting], status: { current: { lateMinutes: 5 }, write: 'fail' } }, async (actor) => {
      await whenStatusReady(actor);
      actor.send({ type: 'SET_CLINICIAN_STATUS', status: null });
    }),
};

/** Neither a visit API nor `server-url` with a token function: the page is told, nothing is fetched. */
export const NotConfigured: Story = { render: () => html`<attune-queue></attune-queue>` };
