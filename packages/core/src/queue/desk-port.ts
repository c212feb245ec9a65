import type { DeskJoin } from '../ports.js';

/** A live link to the clinician's desk room; closing it leaves the room. */
export interface DeskConnection {
  close(): void;
}

export interface DeskHandlers {
  /** The server said the queue changed: re-fetch it. */
  onQueueChanged(): void;
  /** The link is gone for good; the queue falls back to polling. */
  onLost(): void;
}

/**
 * Joins the desk room with a data-only token and listens for the server's queue announcements.
 * The default is `connectDesk` in `media/desk-connection.ts` (livekit-client); tests hand in a fake.
 */
export type DeskConnector = (join: DeskJoin, handlers: DeskHandlers) => Promise<DeskConnection>;
