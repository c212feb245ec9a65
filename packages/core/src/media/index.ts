export * from './media-room.js';
export { createLivekitMediaRoom } from './livekit-media-room.js';
export type { LivekitMediaRoomOptions } from './livekit-media-room.js';
export { createLivekitConnectionProbe } from './livekit-connection-probe.js';
export type { LivekitConnectionProbeOptions } from './livekit-connection-probe.js';
