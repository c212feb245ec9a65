export * from './media-room.js';
export { createLivekitMediaRoom } from './livekit-media-room.js';
export type { LivekitMediaRoomOptions } from './livekit-media-room.js';
