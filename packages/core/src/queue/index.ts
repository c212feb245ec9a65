export { queueMachine, holdMessageMaxLength, clinicianStatusMaxLength } from './queue.machine.js';
export type { EntryAction, EntryForm, QueueContext, QueueEvent, QueueInput } from './queue.machine.js';
export { connectQueue } from './queue.connect.js';
export type { ClinicianStatusView, ClinicianStatusViewModel, QueueEntryView, QueueFreshness, QueueSnapshot, QueueView, QueueViewModel } from './queue.connect.js';
export { sortQueue, entryKey } from './queue-order.js';
export type { DeskConnection, DeskConnector, DeskHandlers } from './desk-port.js';
