// Fakes and the test harness are not exported here: tests and stories import them by subpath
// (`@attune/core/visit/visit-harness.js`), so the public entry ships no test doubles.
export { visitMachine } from './visit.machine.js';
export type { VisitActor, VisitContext, VisitEndedBy, VisitEvent, VisitInput, VisitMachine, VisitRoomEvent, VisitSnapshot, HoldMessage } from './visit.machine.js';
export { visitPhase, linkState, inactivityWarning } from './visit-phase.js';
export type { VisitPhase, LinkState } from './visit-phase.js';
