import { assign, fromCallback, fromPromise, raise, setup, spawnChild } from 'xstate';
import { AttuneError, toAttuneError, type AttuneErrorCode } from '../errors.js';
import type { ClinicianStatus, QueueEntry, VisitApi } from '../ports.js';
import { clinicianStatusFrom, isLateMinutes } from '../visit-api/clinician-status.js';
import type { DeskConnector } from './desk-port.js';
import { entryKey, sortQueue } from './queue-order.js';

export type EntryAction = 'admit' | 'hold' | 'deny';

export interface QueueInput {
  api: VisitApi;
  /** Joins the desk room for live updates; without it (or without `api.joinDesk`) the queue polls. */
  desk?: DeskConnector;
  /** How often to poll when the desk room is out of reach. */
  pollIntervalMs?: number;
  /** How often wait times move on. */
  clockIntervalMs?: number;
  /** How long to poll before trying the desk room again. */
  deskRetryMs?: number;
  now?: () => number;
}

/** A form open on one entry: the hold message being written, or the denial awaiting confirmation. */
export interface EntryForm {
  kind: 'hold' | 'deny';
  key: string;
}

export interface QueueContext {
  api: VisitApi;
  desk: DeskConnector | undefined;
  pollIntervalMs: number;
  clockIntervalMs: number;
  deskRetryMs: number;
  now: () => number;
  /** Sorted: risk flags first, then arrival. */
  entries: QueueEntry[];
  /** The clock's last reading, ms since epoch; wait times are measured from it. */
  currentTime: number;
  error: AttuneError | undefined;
  /** The last refresh failed; the list shown may be stale. */
  refreshFailed: boolean;
  pending: Record<string, EntryAction>;
  entryErrors: Record<string, AttuneErrorCode>;
  form: EntryForm | undefined;
  /** Patients who arrived since the last refresh, counted so each arrival is announced once. */
  arrivals: { count: number; entries: QueueEntry[] };
  /** The last admission that succeeded, counted so the element fires attune-admitted once. */
  admissions: { count: number; entry: QueueEntry | undefined };
  /** The last time the clinician asked to go back into a patient's visit (after a reload, say), counted so each ask is reported once. */
  returns: { count: number; entry: QueueEntry | undefined };
  /** What patients waiting for this clinician are told (running 10 minutes late, or their own words), or null. */
  clinicianStatus: ClinicianStatus | null;
  /** The status being saved, or null to clear. */
  statusDraft: ClinicianStatus | null;
  /** The last status change failed with this code. */
  statusError: AttuneErrorCode | undefined;
}

export type QueueEvent =
  | { type: 'RETRY' }
  | { type: 'QUEUE_CHANGED' }
  | { type: 'TICK' }
  | { type: 'DESK_CONNECTED' }
  | { type: 'DESK_LOST' }
  | { type: 'ADMIT'; key: string }
  /** The clinician goes back into the visit of a patient already admitted (their page reloaded, or the tab was closed). */
  | { type: 'RETURN_TO_VISIT'; key: string }
  | { type: 'OPEN_HOLD_FORM'; key: string }
  | { type: 'SEND_HOLD_MESSAGE'; message: string }
  | { type: 'OPEN_DENY_CONFIRMATION'; key: string }
  | { type: 'CONFIRM_DENY' }
  | { type: 'CLOSE_FORM' }
  /** A status for every waiting patient (running late, or the clinician's own words), or null to clear it. */
  | { type: 'SET_CLINICIAN_STATUS'; status: ClinicianStatus | null }
  | { type: 'ENTRY_ACTION_DONE'; key: string; action: EntryAction }
  | { type: 'ENTRY_ACTION_FAILED'; key: string; action: EntryAction; code: AttuneErrorCode };

export const holdMessageMaxLength = 500;
/** The reference server's limit (docs/backend-contract): short enough for a phone's waiting room. */
export const clinicianStatusMaxLength = 200;

interface EntryActionInput {
  api: VisitApi;
  entry: QueueEntry;
  action: EntryAction;
  message?: string;
}

function perform({ api, entry, action, message }: EntryActionInput): Promise<void> {
  switch (action) {
    case 'admit':
      return api.admit(entry.appointmentId, entry.identity);
    case 'hold':
      return api.holdMessage(entry.appointmentId, entry.identity, message ?? '');
    case 'deny':
      return api.deny(entry.appointmentId, entry.identity);
  }
}

const findEntry = (context: QueueContext, key: string) => context.entries.find((entry) => entryKey(entry) === key);

/** A backend of the vendor's own may answer anything: check the shape before a risk flag could go missing. */
function isQueueAnswer(answer: unknown): answer is QueueEntry[] {
  return (
    Array.isArray(answer) &&
    answer.every(
      (entry: Partial<QueueEntry> | null) =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.appointmentId === 'string' &&
        typeof entry.identity === 'string' &&
        typeof entry.label === 'string' &&
        typeof entry.arrivedAt === 'string' &&
        !Number.isNaN(Date.parse(entry.arrivedAt)) &&
        Array.isArray(entry.riskFlags),
    )
  );
}

/**
 * The clinician's queue: loads who is waiting, stays live through the desk room (falling back to
 * polling), keeps wait times moving, and runs admit / hold message / deny per entry without
 * blocking the rest of the list.
 */
export const queueMachine = setup({
  types: {
    context: {} as QueueContext,
    events: {} as QueueEvent,
    input: {} as QueueInput,
  },
  actors: {
    fetchQueue: fromPromise<QueueEntry[], { api: VisitApi }>(async ({ input }) => {
      const answer: unknown = await input.api.queue();
      if (!isQueueAnswer(answer)) throw new AttuneError('input/invalid', 'The queue answer was not understood.');
      return answer;
    }),
    deskLink: fromCallback<QueueEvent, { api: VisitApi; desk: DeskConnector }>(({ input, sendBack }) => {
      let closed = false;
      let connection: { close(): void } | undefined;
      const lose = () => {
        if (!closed) sendBack({ type: 'DESK_LOST' });
      };
      (async () => {
        const join = await input.api.joinDesk!();
        const opened = await input.desk(join, { onQueueChanged: () => !closed && sendBack({ type: 'QUEUE_CHANGED' }), onLost: lose });
        if (closed) return opened.close();
        connection = opened;
        sendBack({ type: 'DESK_CONNECTED' });
      })().catch(lose);
      return () => {
        closed = true;
        connection?.close();
      };
    }),
    fetchClinicianStatus: fromPromise<ClinicianStatus | null, { api: VisitApi }>(async ({ input }) => {
      const status: unknown = (await input.api.clinicianStatus?.()) ?? null;
      // A VisitApi written before "running late" became minutes answers the words alone.
      if (typeof status === 'string') return clinicianStatusFrom(status, undefined);
      const fields = (status ?? {}) as { message?: unknown; lateMinutes?: unknown };
      return clinicianStatusFrom(fields.message, fields.lateMinutes);
    }),
    saveClinicianStatus: fromPromise<void, { api: VisitApi; status: ClinicianStatus | null }>(({ input }) => input.api.setClinicianStatus!(input.status)),
    ticker: fromCallback<QueueEvent, { intervalMs: number; event: QueueEvent }>(({ input, sendBack }) => {
      const timer = setInterval(() => sendBack(input.event), input.intervalMs);
      return () => clearInterval(timer);
    }),
    entryAction: fromCallback<QueueEvent, EntryActionInput>(({ input, sendBack }) => {
      const key = entryKey(input.entry);
      perform(input).then(
        () => sendBack({ type: 'ENTRY_ACTION_DONE', key, action: input.action }),
        (error: unknown) => sendBack({ type: 'ENTRY_ACTION_FAILED', key, action: input.action, code: toAttuneError(error, 'network/failed').code }),
      );
    }),
  },
  delays: {
    deskRetry: ({ context }) => context.deskRetryMs,
  },
  guards: {
    canLinkDesk: ({ context }) => context.desk !== undefined && typeof context.api.joinDesk === 'function',
    // An admitted patient is in the visit already: nothing more to do for them from the queue.
    entryIsFree: ({ context, event }) => {
      const key = (event as { key: string }).key;
      const entry = findEntry(context, key);
      return entry !== undefined && entry.state !== 'admitted' && context.pending[key] === undefined;
    },
    entryIsInVisit: ({ context, event }) => findEntry(context, (event as { key: string }).key)?.state === 'admitted',
    holdFormOpen: ({ context, event }) => {
      const message = (event as { message: string }).message.trim();
      return context.form?.kind === 'hold' && message.length > 0 && message.length <= holdMessageMaxLength;
    },
    denyConfirmationOpen: ({ context }) => context.form?.kind === 'deny',
    canSetStatus: ({ context }) => typeof context.api.setClinicianStatus === 'function',
    statusIsValid: ({ event }) => {
      const status = (event as { status: ClinicianStatus | null }).status;
      if (status === null) return true;
      if (status.lateMinutes !== undefined) return isLateMinutes(status.lateMinutes);
      const trimmed = status.message.trim();
      return trimmed.length > 0 && trimmed.length <= clinicianStatusMaxLength;
    },
  },
  actions: {
    takeEntries: assign(({ context, event }) => {
      const fetched = sortQueue((event as unknown as { output: QueueEntry[] }).output);
      return { entries: fetched, error: undefined, refreshFailed: false, currentTime: context.now(), ...closeFormOfGone(context, fetched) };
    }),
    announceArrivals: assign({
      arrivals: ({ context, event }) => {
        const known = new Set(context.entries.map(entryKey));
        const fetched = (event as unknown as { output: QueueEntry[] }).output;
        const arrived = sortQueue(fetched.filter((entry) => entry.state === 'waiting' && !known.has(entryKey(entry))));
        return arrived.length === 0 ? context.arrivals : { count: context.arrivals.count + 1, entries: arrived };
      },
    }),
  },
}).createMachine({
  id: 'queue',
  type: 'parallel',
  context: ({ input }) => {
    const now = input.now ?? Date.now;
    return {
      api: input.api,
      desk: input.desk,
      pollIntervalMs: input.pollIntervalMs ?? 15_000,
      clockIntervalMs: input.clockIntervalMs ?? 15_000,
      deskRetryMs: input.deskRetryMs ?? 60_000,
      now,
      entries: [],
      currentTime: now(),
      error: undefined,
      refreshFailed: false,
      pending: {},
      entryErrors: {},
      form: undefined,
      arrivals: { count: 0, entries: [] },
      admissions: { count: 0, entry: undefined },
      returns: { count: 0, entry: undefined },
      clinicianStatus: null,
      statusDraft: null,
      statusError: undefined,
    };
  },
  invoke: {
    src: 'ticker',
    input: ({ context }) => ({ intervalMs: context.clockIntervalMs, event: { type: 'TICK' } as const }),
  },
  on: {
    TICK: { actions: assign({ currentTime: ({ context }) => context.now() }) },
    ADMIT: {
      guard: 'entryIsFree',
      actions: [
        assign({ pending: ({ context, event }) => ({ ...context.pending, [event.key]: 'admit' as const }), form: undefined }),
        spawnChild('entryAction', {
          input: ({ context, event }) => ({ api: context.api, entry: findEntry(context, (event as { key: string }).key)!, action: 'admit' as const }),
        }),
      ],
    },
    // No server call: the visit's clinician may always join it again; the host opens the visit.
    RETURN_TO_VISIT: {
      guard: 'entryIsInVisit',
      actions: assign({
        returns: ({ context, event }) => ({ count: context.returns.count + 1, entry: findEntry(context, event.key) }),
      }),
    },
    OPEN_HOLD_FORM: { guard: 'entryIsFree', actions: assign({ form: ({ event }) => ({ kind: 'hold' as const, key: event.key }) }) },
    SEND_HOLD_MESSAGE: {
      guard: 'holdFormOpen',
      actions: [
        spawnChild('entryAction', {
          input: ({ context, event }) => ({
            api: context.api,
            entry: findEntry(context, context.form!.key)!,
            action: 'hold' as const,
            message: (event as { message: string }).message.trim(),
          }),
        }),
        assign({ pending: ({ context }) => ({ ...context.pending, [context.form!.key]: 'hold' as const }), form: undefined }),
      ],
    },
    OPEN_DENY_CONFIRMATION: { guard: 'entryIsFree', actions: assign({ form: ({ event }) => ({ kind: 'deny' as const, key: event.key }) }) },
    CONFIRM_DENY: {
      guard: 'denyConfirmationOpen',
      actions: [
        spawnChild('entryAction', {
          input: ({ context }) => ({ api: context.api, entry: findEntry(context, context.form!.key)!, action: 'deny' as const }),
        }),
        assign({ pending: ({ context }) => ({ ...context.pending, [context.form!.key]: 'deny' as const }), form: undefined }),
      ],
    },
    CLOSE_FORM: { actions: assign({ form: undefined }) },
    ENTRY_ACTION_DONE: {
      actions: [
        assign(({ context, event }) => {
          const { [event.key]: _done, ...pending } = context.pending;
          const { [event.key]: _error, ...entryErrors } = context.entryErrors;
          const admitted = event.action === 'admit' ? findEntry(context, event.key) : undefined;
          return {
            pending,
            entryErrors,
            admissions: admitted ? { count: context.admissions.count + 1, entry: admitted } : context.admissions,
          };
        }),
        // The server's answer is the truth about who is still waiting.
        raise({ type: 'QUEUE_CHANGED' }),
      ],
    },
    ENTRY_ACTION_FAILED: {
      actions: assign(({ context, event }) => {
        const { [event.key]: _failed, ...pending } = context.pending;
        return { pending, entryErrors: { ...context.entryErrors, [event.key]: event.code } };
      }),
    },
  },
  states: {
    list: {
      initial: 'loading',
      states: {
        loading: {
          invoke: {
            src: 'fetchQueue',
            input: ({ context }) => ({ api: context.api }),
            onDone: { target: 'live', actions: 'takeEntries' },
            onError: {
              target: 'error',
              actions: assign({ error: ({ event }) => toAttuneError(event.error, 'network/failed') }),
            },
          },
        },
        live: {
          on: { QUEUE_CHANGED: 'refreshing' },
        },
        refreshing: {
          invoke: {
            src: 'fetchQueue',
            input: ({ context }) => ({ api: context.api }),
            onDone: { target: 'live', actions: ['announceArrivals', 'takeEntries'] },
            // Keep showing what we had: hiding the list would hide a risk flag.
            onError: { target: 'live', actions: assign({ refreshFailed: true }) },
          },
          // A change during a fetch may not be in its answer: fetch again.
          on: { QUEUE_CHANGED: { target: 'refreshing', reenter: true } },
        },
        error: {
          on: { RETRY: 'loading' },
        },
      },
    },
    status: {
      initial: 'choosing',
      states: {
        choosing: {
          always: [{ target: 'loading', guard: 'canSetStatus' }, { target: 'unavailable' }],
        },
        // A backend without the clinician's status: the queue offers no status control.
        unavailable: {},
        loading: {
          invoke: {
            src: 'fetchClinicianStatus',
            input: ({ context }) => ({ api: context.api }),
            onDone: { target: 'ready', actions: assign({ clinicianStatus: ({ event }) => event.output }) },
            // Not knowing the current status must not keep the clinician from setting one.
            onError: { target: 'ready' },
          },
        },
        ready: {
          on: {
            SET_CLINICIAN_STATUS: {
              guard: 'statusIsValid',
              target: 'saving',
              actions: assign({
                statusDraft: ({ event }) => (event.status?.message !== undefined ? { message: event.status.message.trim() } : event.status),
                statusError: undefined,
              }),
            },
          },
        },
        saving: {
          invoke: {
            src: 'saveClinicianStatus',
            input: ({ context }) => ({ api: context.api, status: context.statusDraft }),
            onDone: { target: 'ready', actions: assign({ clinicianStatus: ({ context }) => context.statusDraft }) },
            onError: {
              target: 'ready',
              actions: assign({ statusError: ({ event }) => toAttuneError(event.error, 'network/failed').code }),
            },
          },
        },
      },
    },
    desk: {
      initial: 'choosing',
      states: {
        choosing: {
          always: [{ target: 'linking', guard: 'canLinkDesk' }, { target: 'polling' }],
        },
        linking: {
          invoke: { src: 'deskLink', input: ({ context }) => ({ api: context.api, desk: context.desk! }) },
          initial: 'connecting',
          states: {
            connecting: {
              on: { DESK_CONNECTED: 'connected' },
            },
            connected: {
              // Changes between the first load and the link would otherwise be missed.
              entry: raise({ type: 'QUEUE_CHANGED' }),
            },
          },
          on: { DESK_LOST: 'polling' },
        },
        polling: {
          invoke: {
            src: 'ticker',
            input: ({ context }) => ({ intervalMs: context.pollIntervalMs, event: { type: 'QUEUE_CHANGED' } as const }),
          },
          // A dropped desk link is often a passing network fault: try for live updates again now and then.
          after: { deskRetry: { target: 'linking', guard: 'canLinkDesk' } },
        },
      },
    },
  },
});

function closeFormOfGone(context: QueueContext, fetched: QueueEntry[]): Partial<QueueContext> {
  const form = context.form;
  if (form && !fetched.some((entry) => entryKey(entry) === form.key)) return { form: undefined };
  return {};
}
