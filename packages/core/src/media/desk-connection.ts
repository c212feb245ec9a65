import { Room, RoomEvent } from 'livekit-client';
import { AttuneError } from '../errors.js';
import type { DeskConnector } from '../queue/desk-port.js';

/**
 * The clinician's desk room: data only, nothing published or subscribed. The reference server
 * sends `{ type: 'queue-changed' }` here when someone knocks, leaves or is admitted, so the queue
 * re-fetches at once instead of polling.
 */
export const connectDesk: DeskConnector = async (join, handlers) => {
  const room = new Room({ adaptiveStream: false, dynacast: false });
  const decoder = new TextDecoder();
  room.on(RoomEvent.DataReceived, (payload) => {
    if (isQueueChanged(decoder.decode(payload))) handlers.onQueueChanged();
  });
  // Messages sent while the link was down are lost: catch up once it is back.
  room.on(RoomEvent.Reconnected, () => handlers.onQueueChanged());
  room.on(RoomEvent.Disconnected, () => handlers.onLost());
  try {
    await room.connect(join.livekitUrl, join.token, { autoSubscribe: false });
  } catch (error) {
    room.removeAllListeners();
    throw new AttuneError('media/connect-failed', 'The live queue could not connect.', { cause: error });
  }
  return {
    close() {
      room.removeAllListeners();
      void room.disconnect();
    },
  };
};

function isQueueChanged(text: string): boolean {
  try {
    const message: unknown = JSON.parse(text);
    return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'queue-changed';
  } catch {
    return false;
  }
}
