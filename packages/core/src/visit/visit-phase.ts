import type { VisitSnapshot } from './visit.machine.js';

/** Where the visit is, by name, so view models never read `snapshot.value`. */
export type VisitPhase =
  | 'idle'
  | 'joining'
  | 'connecting'
  | 'waiting'
  | 'publishing'
  | 'inCall'
  | 'ending'
  | 'failed'
  | 'disconnected'
  | 'ended'
  | 'denied'
  | 'left'
  | 'loggedOff';

const stage = (snapshot: VisitSnapshot, name: string): boolean =>
  snapshot.matches({ session: { connected: { stage: name } } } as never);

export function visitPhase(snapshot: VisitSnapshot): VisitPhase {
  if (snapshot.matches('idle')) return 'idle';
  if (snapshot.matches('joining')) return 'joining';
  if (snapshot.matches({ session: 'connecting' })) return 'connecting';
  if (stage(snapshot, 'waiting') || stage(snapshot, 'entering')) return 'waiting';
  if (stage(snapshot, 'publishing')) return 'publishing';
  if (stage(snapshot, 'inCall')) return 'inCall';
  if (stage(snapshot, 'ending')) return 'ending';
  if (snapshot.matches('failed')) return 'failed';
  if (snapshot.matches('disconnected')) return 'disconnected';
  if (snapshot.matches('ended')) return 'ended';
  if (snapshot.matches('denied')) return 'denied';
  if (snapshot.matches('loggedOff')) return 'loggedOff';
  return 'left';
}

export type LinkState = 'stable' | 'reconnecting' | 'reconnected';

export function linkState(snapshot: VisitSnapshot): LinkState {
  if (snapshot.matches({ session: { connected: { link: 'reconnecting' } } })) return 'reconnecting';
  if (snapshot.matches({ session: { connected: { link: 'reconnected' } } })) return 'reconnected';
  return 'stable';
}

export function inactivityWarning(snapshot: VisitSnapshot): boolean {
  return snapshot.matches({ session: { connected: { presence: 'warning' } } });
}
