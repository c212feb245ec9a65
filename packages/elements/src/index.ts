// The side-effect-free entry: classes, controllers, tokens and events. Importing it registers no tag;
// import `@attune/elements/<name>.js` to register one.
export { ActorController } from './actor-controller.js';
export { emit } from './events.js';
export type { AttuneEventMap, AttuneEventName, AttuneEventDetail } from './events.js';
export { tokenStyles, buttonStyles } from './tokens.styles.js';
export { setAttuneLocale, getAttuneLocale, supportedLocales } from './localization.js';
export type { AttuneLocale } from './localization.js';
export { AttuneDeviceCheck } from './device-check/device-check.element.js';
export type { DeviceCheckActor } from './device-check/device-check.element.js';
export { AttuneQueue } from './queue/queue.element.js';
export type { QueueActor } from './queue/queue.element.js';
export { AttuneWaitingRoom } from './waiting-room/waiting-room.element.js';
export { AttuneVideoCall } from './video-call/video-call.element.js';
export { AttuneSession } from './session/session.element.js';
