export { connectVideoCall, maxGridTiles } from './video-call.connect.js';
export type { CallTile, VideoCallView, VideoCallViewModel } from './video-call.connect.js';
