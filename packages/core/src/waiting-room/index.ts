export { connectWaitingRoom } from './waiting-room.connect.js';
export type { WaitingRoomView, WaitingRoomViewModel } from './waiting-room.connect.js';
