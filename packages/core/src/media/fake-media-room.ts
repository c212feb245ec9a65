import { AttuneError } from '../errors.js';
import type {
  LocalMediaOptions,
  MediaRoom,
  MediaRoomConnectOptions,
  MediaRoomEvent,
  MediaTrack,
  RoomPermissions,
} from './media-room.js';

/**
 * An in-memory MediaRoom for machine and element unit tests only: it records what the machine
 * asked for and lets the test play the server's part (`grant`, `receiveFromServer`, `drop`).
 * End-to-end tests use the real LiveKit server instead.
 */
export interface FakeMediaRoom extends MediaRoom {
  /** Writable here, to play a phone's browser in a test. */
  canShareScreen: boolean;
  readonly connected: boolean;
  readonly connectCalls: Array<{ url: string; token: string; e2eeKey: string }>;
  readonly published: LocalMediaOptions[];
  readonly microphoneEnabled: boolean;
  readonly cameraEnabled: boolean;
  readonly screenSharing: boolean;
  readonly remoteVideoEnabled: boolean;
  readonly sent: unknown[];
  readonly switchedDevices: Array<{ kind: MediaDeviceKind; deviceId: string }>;
  /** Plays an event as if the room had emitted it. */
  emit(event: MediaRoomEvent): void;
  /** The server changing this participant's grants (admission when `canPublish` becomes true). */
  grant(permissions: Partial<RoomPermissions>): void;
  /** A data message from the server (no sending participant). */
  receiveFromServer(payload: unknown): void;
  /** A data message from another participant. */
  receiveFrom(senderIdentity: string, payload: unknown): void;
  addRemoteVideo(identity: string): MediaTrack;
}

export interface FakeMediaRoomOptions {
  permissions?: Partial<RoomPermissions>;
  /** Makes `connect` reject, to reach the machine's failure state. */
  failConnect?: boolean;
  /** Makes `publishLocalMedia` reject (e.g. camera refused). */
  failPublish?: AttuneError;
  /** False plays a browser that cannot share a screen (a phone's). Default true. */
  canShareScreen?: boolean;
}

export function createFakeMediaRoom(options: FakeMediaRoomOptions = {}): FakeMediaRoom {
  const listeners = new Set<(event: MediaRoomEvent) => void>();
  let permissions: RoomPermissions = { canPublish: false, canSubscribe: false, canPublishData: true, ...options.permissions };
  let tracks: MediaTrack[] = [];
  const state = {
    connected: false,
    microphoneEnabled: false,
    cameraEnabled: false,
    screenSharing: false,
    remoteVideoEnabled: true,
  };
  const connectCalls: FakeMediaRoom['connectCalls'] = [];
  const published: LocalMediaOptions[] = [];
  const sent: unknown[] = [];
  const switchedDevices: FakeMediaRoom['switchedDevices'] = [];

  const emit = (event: MediaRoomEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const fakeTrack = (identity: string, kind: 'audio' | 'video', source: MediaTrack['source'], local: boolean): MediaTrack => ({
    id: `${identity}-${source}-${tracks.length}`,
    participantIdentity: identity,
    kind,
    source,
    local,
    muted: false,
    attach: () => undefined,
    detach: () => undefined,
  });
  const setLocal = (source: MediaTrack['source'], kind: 'audio' | 'video', on: boolean): void => {
    tracks = tracks.filter((track) => !(track.local && track.source === source));
    if (on) tracks.push(fakeTrack('me', kind, source, true));
    emit({ type: 'tracks-changed', tracks: [...tracks] });
  };
  const requirePublish = (): void => {
    if (!state.connected) throw new AttuneError('media/disconnected', 'The visit room is not connected.');
    if (!permissions.canPublish) throw new AttuneError('auth/forbidden', 'Publishing is not allowed yet.');
  };

  return {
    get connected() {
      return state.connected;
    },
    get microphoneEnabled() {
      return state.microphoneEnabled;
    },
    get cameraEnabled() {
      return state.cameraEnabled;
    },
    get screenSharing() {
      return state.screenSharing;
    },
    get remoteVideoEnabled() {
      return state.remoteVideoEnabled;
    },
    get permissions() {
      return permissions;
    },
    canShareScreen: options.canShareScreen ?? true,
    connectCalls,
    published,
    sent,
    switchedDevices,

    async connect(url: string, token: string, { e2eeKey }: MediaRoomConnectOptions) {
      connectCalls.push({ url, token, e2eeKey });
      if (options.failConnect) throw new AttuneError('media/connect-failed', 'Could not connect to the visit room.');
      state.connected = true;
      emit({ type: 'encryption-changed', encrypted: true });
    },
    async publishLocalMedia(media: LocalMediaOptions) {
      requirePublish();
      published.push(media);
      if (options.failPublish) throw options.failPublish;
      state.microphoneEnabled = media.audio;
      state.cameraEnabled = media.video;
      setLocal('microphone', 'audio', media.audio);
      setLocal('camera', 'video', media.video);
    },
    async setMicrophoneEnabled(enabled: boolean) {
      requirePublish();
      state.microphoneEnabled = enabled;
      setLocal('microphone', 'audio', enabled);
    },
    async setCameraEnabled(enabled: boolean) {
      requirePublish();
      state.cameraEnabled = enabled;
      setLocal('camera', 'video', enabled);
    },
    async setScreenShareEnabled(enabled: boolean) {
      requirePublish();
      state.screenSharing = enabled;
      setLocal('screen', 'video', enabled);
    },
    async switchDevice(kind: MediaDeviceKind, deviceId: string) {
      switchedDevices.push({ kind, deviceId });
    },
    setRemoteVideoEnabled(enabled: boolean) {
      state.remoteVideoEnabled = enabled;
    },
    async sendData(payload: unknown) {
      sent.push(payload);
    },
    subscribe(listener: (event: MediaRoomEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async disconnect() {
      if (!state.connected) return;
      state.connected = false;
      emit({ type: 'disconnected', reason: 'client' });
    },

    emit,
    grant(granted: Partial<RoomPermissions>) {
      permissions = { ...permissions, ...granted };
      emit({ type: 'permissions-changed', permissions });
    },
    receiveFromServer(payload: unknown) {
      emit({ type: 'data-received', message: { payload, fromServer: true } });
    },
    receiveFrom(senderIdentity: string, payload: unknown) {
      emit({ type: 'data-received', message: { payload, fromServer: false, senderIdentity } });
    },
    addRemoteVideo(identity: string) {
      const track = fakeTrack(identity, 'video', 'camera', false);
      tracks.push(track);
      emit({ type: 'participants-changed', participants: [{ identity, attributes: {}, isSpeaking: false }] });
      emit({ type: 'tracks-changed', tracks: [...tracks] });
      return track;
    },
  };
}
