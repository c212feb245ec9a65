export { visitMachine } from './visit.machine.js';
export type { VisitActor, VisitContext, VisitEndedBy, VisitEvent, VisitInput, VisitMachine, VisitRoomEvent, VisitSnapshot, HoldMessage } from './visit.machine.js';
export { createFakeVisitApi } from './fake-visit-api.js';
export type { FakeVisitApi } from './fake-visit-api.js';
