import type { SnapshotFrom } from 'xstate';
import type { AttuneErrorCode } from '../errors.js';
import type { ClinicianStatus, QueueEntry, RiskFlag } from '../ports.js';
import { entryKey } from './queue-order.js';
import { clinicianStatusMaxLength, holdMessageMaxLength, type EntryAction, type QueueEvent, type queueMachine } from './queue.machine.js';

export type QueueSnapshot = SnapshotFrom<typeof queueMachine>;

/** The list's state, set as `data-state` on the element. */
export type QueueView = 'loading' | 'live' | 'refreshing' | 'error';

/** How the list stays fresh: the desk room pushes changes, or (when it is out of reach) polling. */
export type QueueFreshness = 'connecting' | 'live' | 'polling';

export interface QueueEntryView {
  key: string;
  appointmentId: string;
  identity: string;
  label: string;
  arrivedAt: Date;
  /** Whole minutes waited by the clock's last tick. */
  waitMinutes: number;
  state: QueueEntry['state'];
  deviceCheck: QueueEntry['deviceCheck'];
  intake: QueueEntry['intake'];
  riskFlags: RiskFlag[];
  hasRiskFlag: boolean;
  holdMessage: string | undefined;
  /** False once the patient is in the visit: the queue offers no admit, message or deny for them. */
  actionable: boolean;
  /** The patient is in the visit: the clinician can go back into it (after a reload, a crash, a closed tab). */
  canReturnToVisit: boolean;
  /** The action in flight for this entry; its buttons are disabled meanwhile. */
  pending: EntryAction | undefined;
  /** The last action on this entry failed with this code. */
  failedAction: AttuneErrorCode | undefined;
  holdFormOpen: boolean;
  denyConfirmationOpen: boolean;
  admit(): void;
  /** Asks the host to open this patient's visit again; reported once through `returns`. */
  returnToVisit(): void;
  openHoldForm(): void;
  sendHoldMessage(message: string): void;
  openDenyConfirmation(): void;
  confirmDeny(): void;
  closeForm(): void;
}

/** The clinician's status control: unavailable when the backend has no status. */
export type ClinicianStatusView = 'unavailable' | 'loading' | 'ready' | 'saving';

export interface ClinicianStatusViewModel {
  view: ClinicianStatusView;
  /** What waiting patients are told now, or null. */
  current: ClinicianStatus | null;
  /** The last change failed with this code. */
  failed: AttuneErrorCode | undefined;
  maxLength: number;
  /** The "running late" choices, in minutes. */
  lateMinutesPresets: readonly number[];
  /** The control is shown and usable (not while a change is being saved). */
  canChange: boolean;
  /** Tells waiting patients the clinician is running this many minutes late, each in their own language. */
  setLateMinutes(minutes: number): void;
  /** Tells waiting patients the clinician's own words, as written. */
  set(message: string): void;
  clear(): void;
}

const lateMinutesPresets = [5, 10, 15] as const;

export interface QueueViewModel {
  view: QueueView;
  busy: boolean;
  freshness: QueueFreshness;
  refreshFailed: boolean;
  errorCode: AttuneErrorCode | undefined;
  entries: QueueEntryView[];
  isEmpty: boolean;
  /** Patients not yet in their visit. */
  waitingCount: number;
  riskCount: number;
  holdMessageMaxLength: number;
  arrivals: { count: number; entries: QueueEntry[] };
  admissions: { count: number; entry: QueueEntry | undefined };
  /** Each time the clinician asked to go back into a visit, with whose. */
  returns: { count: number; entry: QueueEntry | undefined };
  clinicianStatus: ClinicianStatusViewModel;
  retry(): void;
}

export function connectQueue(snapshot: QueueSnapshot, send: (event: QueueEvent) => void): QueueViewModel {
  const { context } = snapshot;
  const view: QueueView = snapshot.matches({ list: 'loading' })
    ? 'loading'
    : snapshot.matches({ list: 'error' })
      ? 'error'
      : snapshot.matches({ list: 'refreshing' })
        ? 'refreshing'
        : 'live';
  const freshness: QueueFreshness = snapshot.matches({ desk: 'polling' })
    ? 'polling'
    : snapshot.matches({ desk: { linking: 'connected' } })
      ? 'live'
      : 'connecting';

  const entries = context.entries.map((entry): QueueEntryView => {
    const key = entryKey(entry);
    const arrivedAt = new Date(entry.arrivedAt);
    return {
      key,
      appointmentId: entry.appointmentId,
      identity: entry.identity,
      label: entry.label,
      arrivedAt,
      waitMinutes: Math.max(0, Math.floor((context.currentTime - arrivedAt.getTime()) / 60_000)),
      state: entry.state,
      deviceCheck: entry.deviceCheck,
      intake: entry.intake,
      riskFlags: entry.riskFlags,
      hasRiskFlag: entry.riskFlags.length > 0,
      holdMessage: entry.holdMessage,
      actionable: entry.state !== 'admitted',
      canReturnToVisit: entry.state === 'admitted',
      pending: context.pending[key],
      failedAction: context.entryErrors[key],
      holdFormOpen: context.form?.kind === 'hold' && context.form.key === key,
      denyConfirmationOpen: context.form?.kind === 'deny' && context.form.key === key,
      admit: () => send({ type: 'ADMIT', key }),
      returnToVisit: () => send({ type: 'RETURN_TO_VISIT', key }),
      openHoldForm: () => send({ type: 'OPEN_HOLD_FORM', key }),
      sendHoldMessage: (message) => send({ type: 'SEND_HOLD_MESSAGE', message }),
      openDenyConfirmation: () => send({ type: 'OPEN_DENY_CONFIRMATION', key }),
      confirmDeny: () => send({ type: 'CONFIRM_DENY' }),
      closeForm: () => send({ type: 'CLOSE_FORM' }),
    };
  });

  const statusView: ClinicianStatusView = snapshot.matches({ status: 'saving' })
    ? 'saving'
    : snapshot.matches({ status: 'ready' })
      ? 'ready'
      : snapshot.matches({ status: 'loading' })
        ? 'loading'
        : 'unavailable';

  return {
    view,
    busy: view === 'loading',
    freshness,
    refreshFailed: context.refreshFailed,
    errorCode: context.error?.code,
    entries,
    isEmpty: entries.length === 0,
    waitingCount: entries.filter((entry) => entry.actionable).length,
    riskCount: entries.filter((entry) => entry.hasRiskFlag).length,
    holdMessageMaxLength,
    arrivals: context.arrivals,
    admissions: context.admissions,
    returns: context.returns,
    clinicianStatus: {
      view: statusView,
      current: context.clinicianStatus,
      failed: context.statusError,
      maxLength: clinicianStatusMaxLength,
      lateMinutesPresets,
      canChange: statusView === 'ready',
      setLateMinutes: (minutes) => send({ type: 'SET_CLINICIAN_STATUS', status: { lateMinutes: minutes } }),
      set: (message) => send({ type: 'SET_CLINICIAN_STATUS', status: { message } }),
      clear: () => send({ type: 'SET_CLINICIAN_STATUS', status: null }),
    },
    retry: () => send({ type: 'RETRY' }),
  };
}
