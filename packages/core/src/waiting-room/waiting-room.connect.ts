import type { AttuneErrorCode } from '../errors.js';
import type { ClinicianStatus } from '../ports.js';
import type { HoldMessage, VisitEvent, VisitSnapshot } from '../visit/visit.machine.js';
import { inactivityWarning, linkState, visitPhase } from '../visit/visit-phase.js';

/** What the waiting room shows; `admitted` means the call has taken over. */
export type WaitingRoomView =
  | 'ready'
  | 'knocking'
  | 'waiting'
  | 'admitted'
  | 'denied'
  | 'ended'
  | 'left'
  | 'loggedOff'
  | 'failed'
  | 'disconnected';

export interface WaitingRoomViewModel {
  view: WaitingRoomView;
  /** True while the link is being restored; the wait goes on. */
  reconnecting: boolean;
  /** True for a moment after the link came back. */
  reconnected: boolean;
  waitedSeconds: number;
  /** Whole minutes waited, for the sentence "You have waited N minutes". */
  waitedMinutes: number;
  queuePosition: number | null;
  /** Running late in minutes (the element words it in the patient's language) or the clinician's own words; null for none. */
  clinicianStatus: ClinicianStatus | null;
  holdMessages: readonly HoldMessage[];
  latestHoldMessage: string | null;
  denyReason: string | null;
  /** The rescheduled kind of denial reads differently from a plain one. */
  rescheduled: boolean;
  error: { code: AttuneErrorCode; message: string } | null;
  inactivityWarning: boolean;
  /** Set on the live region's container while the knock is on its way. */
  busy: boolean;
  canKnock: boolean;
  canLeave: boolean;
  canRetry: boolean;
  canRejoin: boolean;
  knock(): void;
  leave(): void;
  retry(): void;
  rejoin(): void;
  stillHere(): void;
}

export function connectWaitingRoom(snapshot: VisitSnapshot, send: (event: VisitEvent) => void): WaitingRoomViewModel {
  const { context } = snapshot;
  const phase = visitPhase(snapshot);
  const view: WaitingRoomView = (() => {
    switch (phase) {
      case 'idle':
        return 'ready';
      case 'joining':
      case 'connecting':
        return 'knocking';
      case 'waiting':
        return 'waiting';
      case 'publishing':
      case 'inCall':
      case 'ending':
        return 'admitted';
      default:
        return phase;
    }
  })();
  const waitedMs = context.waitingSince === null || context.lastTick === null ? 0 : Math.max(0, context.lastTick - context.waitingSince);
  const link = linkState(snapshot);
  const latest = context.holdMessages.at(-1);

  return {
    view,
    reconnecting: link === 'reconnecting',
    reconnected: link === 'reconnected',
    waitedSeconds: Math.floor(waitedMs / 1000),
    waitedMinutes: Math.floor(waitedMs / 60_000),
    queuePosition: context.queuePosition,
    clinicianStatus: context.clinicianStatus,
    holdMessages: context.holdMessages,
    latestHoldMessage: latest?.text ?? null,
    denyReason: context.denyReason,
    rescheduled: context.denyReason === 'rescheduled',
    error: context.error ? { code: context.error.code, message: context.error.message } : null,
    inactivityWarning: view === 'waiting' && inactivityWarning(snapshot),
    busy: view === 'knocking',
    canKnock: view === 'ready',
    canLeave: view === 'knocking' || view === 'waiting' || view === 'failed' || view === 'disconnected',
    canRetry: view === 'failed',
    canRejoin: view === 'disconnected',
    knock: () => send({ type: 'JOIN' }),
    leave: () => send({ type: 'LEAVE' }),
    retry: () => send({ type: 'RETRY' }),
    rejoin: () => send({ type: 'REJOIN' }),
    stillHere: () => send({ type: 'ACTIVITY' }),
  };
}
