/**
 * The MediaRoom port: everything the visit machine needs from a real-time media room, and nothing
 * of LiveKit's own types, so the machine can be tested with an in-memory room and a vendor could
 * back it with another SFU.
 */

export type ConnectionQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/**
 * What this participant's own media statistics say about the link, as opposed to LiveKit's rating
 * (which lags: see MediaRoomEvent `media-flow-changed`):
 * - `flowing`: what is sent and received gets through with little loss;
 * - `struggling`: packets get through, but with heavy loss, or the server paused the other person's
 *   video because the link cannot carry it: what audio only helps with;
 * - `silent`: nothing gets through at all (a cut link, which `reconnecting` covers; audio only would not help);
 * - `unknown`: nothing to judge by yet (no tracks, or streams new after a reconnect).
 */
export type MediaFlow = 'flowing' | 'struggling' | 'silent' | 'unknown';

export type MediaSource = 'camera' | 'microphone' | 'screen' | 'screen-audio' | 'unknown';

/** Why the room went away: the machine decides from this whether the visit ended or can be rejoined. */
export type DisconnectReason =
  | 'client'
  | 'room-closed'
  | 'removed'
  | 'duplicate-identity'
  | 'token-expired'
  | 'network';

/** One audio or video track, local or remote, that an element can attach to a media element. */
export interface MediaTrack {
  /** Stable for the life of the track; elements key their `<video>` nodes on it. */
  id: string;
  participantIdentity: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  local: boolean;
  muted: boolean;
  attach(element: HTMLMediaElement): void;
  detach(element: HTMLMediaElement): void;
}

export interface RemoteParticipant {
  identity: string;
  /** Free-form attributes the server set (e.g. `attune.role`, `attune.state`). */
  attributes: Record<string, string>;
  isSpeaking: boolean;
}

export interface RoomPermissions {
  canPublish: boolean;
  canSubscribe: boolean;
  canPublishData: boolean;
}

/**
 * A data message. `fromServer` is true when the reference server sent it through the room
 * service (no sending participant): only those may carry control messages such as `denied`.
 */
export interface DataMessage {
  payload: unknown;
  fromServer: boolean;
  senderIdentity?: string;
  topic?: string;
}

export type MediaRoomEvent =
  | { type: 'participants-changed'; participants: RemoteParticipant[] }
  | { type: 'tracks-changed'; tracks: MediaTrack[] }
  | { type: 'permissions-changed'; permissions: RoomPermissions }
  | { type: 'data-received'; message: DataMessage }
  | { type: 'connection-quality-changed'; quality: ConnectionQuality }
  /**
   * The media's own evidence, from statistics sampled every second or so. LiveKit's rating of a
   * one-second blip stays "poor" for 10–15 s while the pictures already move again (the server
   * wants 10 s of packets before it forwards a simulcast layer it saw stop), so a rating alone is
   * not enough to pause video. Optional for a room: one that never sends it leaves the rating alone to decide.
   */
  | { type: 'media-flow-changed'; flow: MediaFlow }
  | { type: 'reconnecting' }
  | { type: 'reconnected' }
  | { type: 'disconnected'; reason: DisconnectReason }
  | { type: 'encryption-changed'; encrypted: boolean }
  | { type: 'encryption-failed' };

export interface MediaRoomConnectOptions {
  /** The visit's E2EE key, base64 (as VisitJoin carries it). */
  e2eeKey: string;
  /** The E2EE worker; when omitted the adapter starts livekit-client's own. */
  worker?: Worker;
}

export interface LocalMediaOptions {
  audio: boolean;
  video: boolean;
  audioInputId?: string;
  videoInputId?: string;
}

export interface MediaRoom {
  connect(url: string, token: string, options: MediaRoomConnectOptions): Promise<void>;
  /** What the token granted when connected; the patient's lobby grant has `canPublish: false`. */
  readonly permissions: RoomPermissions;
  /** Whether this browser can share a screen at all: phones' browsers cannot (no `getDisplayMedia`). */
  readonly canShareScreen: boolean;
  publishLocalMedia(options: LocalMediaOptions): Promise<void>;
  setMicrophoneEnabled(enabled: boolean): Promise<void>;
  setCameraEnabled(enabled: boolean): Promise<void>;
  setScreenShareEnabled(enabled: boolean): Promise<void>;
  switchDevice(kind: MediaDeviceKind, deviceId: string): Promise<void>;
  /** Audio-only mode: stop receiving remote video (saves the downlink) or take it back. */
  setRemoteVideoEnabled(enabled: boolean): void;
  sendData(payload: unknown, topic?: string): Promise<void>;
  /** Listens to room events; returns the function that stops listening. */
  subscribe(listener: (event: MediaRoomEvent) => void): () => void;
  disconnect(): Promise<void>;
}

/** Makes a fresh room for each connection, so a rejoin never reuses a torn-down one. */
export type MediaRoomFactory = () => MediaRoom;
