export { queueMachine, holdMessageMaxLength } from './queue.machine.js';
export type { EntryAction, EntryForm, QueueContext, QueueEvent, QueueInput } from './queue.machine.js';
export { connectQueue } from './queue.connect.js';
export type { QueueEntryView, QueueFreshness, QueueSnapshot, QueueView, QueueViewModel } from './queue.connect.js';
export { sortQueue, entryKey } from './queue-order.js';
export type { DeskConnection, DeskConnector, DeskHandlers } from './desk-port.js';
