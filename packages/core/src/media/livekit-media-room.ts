import {
  ConnectionQuality as LivekitQuality,
  ConnectionState,
  DisconnectReason as LivekitDisconnectReason,
  ExternalE2EEKeyProvider,
  Room,
  RoomEvent,
  Track,
  type Participant,
  type RemoteTrackPublication,
  type TrackPublication,
} from 'livekit-client';
import { AttuneError } from '../errors.js';
import { createMediaFlowJudge, readMediaCounters } from './media-flow.js';
import { combinedHealth, createMediaLinkWatch, transportHealth, type MediaLinkWatch, type TransportHealth } from './media-link-watch.js';
import type {
  ConnectionQuality,
  DisconnectReason,
  LocalMediaOptions,
  MediaFlow,
  MediaRoom,
  MediaRoomConnectOptions,
  MediaRoomEvent,
  MediaSource,
  MediaTrack,
  RemoteParticipant,
  RoomPermissions,
} from './media-room.js';

export interface LivekitMediaRoomOptions {
  /** Both on by default: receive only the resolution shown, send only the layers someone watches. */
  adaptiveStream?: boolean;
  dynacast?: boolean;
}

const noPermissions: RoomPermissions = { canPublish: false, canSubscribe: false, canPublishData: false };

/** How often the media are sampled: a lost link shows within a few seconds, for a getStats call per track a second. */
const linkSampleEveryMs = 1_000;

/** How often remote tracks are checked for a subscription livekit-client never announced (see watchUnannouncedTracks). */
const unannouncedCheckEveryMs = 1_000;

/**
 * The default MediaRoom: a `livekit-client` Room with end-to-end encryption on for media and data,
 * adaptive stream and dynacast. The only module in Attune that imports `livekit-client`.
 */
export function createLivekitMediaRoom(options: LivekitMediaRoomOptions = {}): MediaRoom {
  let room: Room | undefined;
  let receiveRemoteVideo = true;
  let ownWorker: Worker | undefined;
  let stopLinkSampling: (() => void) | undefined;
  let stopUnannouncedWatch: (() => void) | undefined;
  const listeners = new Set<(event: MediaRoomEvent) => void>();

  const emit = (event: MediaRoomEvent): void => {
    for (const listener of listeners) listener(event);
  };

  const currentRoom = (): Room => {
    if (!room) throw new AttuneError('media/disconnected', 'The visit room is not connected.');
    return room;
  };

  const emitTracks = (): void => {
    if (room) emit({ type: 'tracks-changed', tracks: collectTracks(room) });
  };
  const emitParticipants = (): void => {
    if (room) emit({ type: 'participants-changed', participants: collectParticipants(room) });
  };

  /** Whether Attune wants `publication` received: everything, except remote video in audio-only mode. */
  const wanted = (publication: TrackPublication): boolean => publication.kind !== Track.Kind.Video || receiveRemoteVideo;

  const applyRemoteVideoChoice = (publication: TrackPublication): void => {
    if (publication.kind !== Track.Kind.Video || !('setSubscribed' in publication)) return;
    const remote = publication as TrackPublication & { setSubscribed(subscribed: boolean): void; isDesired: boolean };
    if (remote.isDesired !== receiveRemoteVideo) remote.setSubscribed(receiveRemoteVideo);
  };

  const wire = (lk: Room, link: MediaLinkWatch): void => {
    lk.on(RoomEvent.ParticipantConnected, () => {
      emitParticipants();
      emitTracks();
    })
      .on(RoomEvent.ParticipantDisconnected, () => {
        emitParticipants();
        emitTracks();
      })
      .on(RoomEvent.ParticipantAttributesChanged, emitParticipants)
      .on(RoomEvent.ActiveSpeakersChanged, emitParticipants)
      .on(RoomEvent.TrackPublished, (publication) => applyRemoteVideoChoice(publication))
      .on(RoomEvent.TrackSubscribed, emitTracks)
      // livekit-client emits TrackUnsubscribed before it clears the publication's track, so the list made then still
      // holds it; TrackUnpublished comes after the publication is gone (a screen share stopped by the other side).
      .on(RoomEvent.TrackUnsubscribed, emitTracks)
      .on(RoomEvent.TrackUnpublished, emitTracks)
      .on(RoomEvent.TrackMuted, emitTracks)
      .on(RoomEvent.TrackUnmuted, emitTracks)
      .on(RoomEvent.LocalTrackPublished, emitTracks)
      .on(RoomEvent.LocalTrackUnpublished, emitTracks)
      .on(RoomEvent.ParticipantPermissionsChanged, (_previous, participant) => {
        if (participant !== lk.localParticipant) return;
        emit({ type: 'permissions-changed', permissions: readPermissions(lk) });
      })
      .on(RoomEvent.DataReceived, (payload, participant, _kind, topic, _encryption, participantIdentity) => {
        const payloadValue = decodeJson(payload);
        if (payloadValue === undefined) return;
        const senderIdentity = participant?.identity ?? (participantIdentity || undefined);
        emit({
          type: 'data-received',
          message: {
            payload: payloadValue,
            fromServer: senderIdentity === undefined,
            ...(senderIdentity === undefined ? {} : { senderIdentity }),
            ...(topic === undefined ? {} : { topic }),
          },
        });
      })
      .on(RoomEvent.ConnectionQualityChanged, (quality, participant) => {
        if (participant === lk.localParticipant) emit({ type: 'connection-quality-changed', quality: mapQuality(quality) });
      })
      .on(RoomEvent.Reconnecting, () => link.livekitReconnecting(false))
      .on(RoomEvent.SignalReconnecting, () => link.livekitReconnecting(true))
      .on(RoomEvent.Reconnected, () => {
        link.livekitReconnected();
        emitParticipants();
        emitTracks();
      })
      .on(RoomEvent.Disconnected, (reason) => {
        stopLinkSampling?.();
        stopUnannouncedWatch?.();
        link.stop();
        emit({ type: 'disconnected', reason: mapDisconnectReason(reason) });
      })
      .on(RoomEvent.ParticipantEncryptionStatusChanged, (encrypted, participant) => {
        if (!participant || participant === lk.localParticipant) emit({ type: 'encryption-changed', encrypted });
      })
      .on(RoomEvent.EncryptionError, () => emit({ type: 'encryption-failed' }));
  };

  return {
    get permissions() {
      return room ? readPermissions(room) : noPermissions;
    },
    canShareScreen: typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function',

    async connect(url: string, token: string, connectOptions: MediaRoomConnectOptions) {
      const keyProvider = new ExternalE2EEKeyProvider();
      const worker = connectOptions.worker ?? (ownWorker = startE2eeWorker());
      const lk = new Room({
        adaptiveStream: options.adaptiveStream ?? true,
        dynacast: options.dynacast ?? true,
        encryption: { keyProvider, worker },
      });
      room = lk;
      const link = createMediaLinkWatch({ report: (event) => emit({ type: event }) });
      wire(lk, link);
      try {
        await keyProvider.setKey(connectOptions.e2eeKey);
        await lk.setE2EEEnabled(true);
        await lk.connect(url, token, { autoSubscribe: true });
      } catch (cause) {
        room = undefined;
        link.stop();
        await lk.disconnect().catch(() => undefined);
        throw new AttuneError('media/connect-failed', 'Could not connect to the visit room.', { cause });
      }
      stopLinkSampling = sampleMediaLink(lk, link, (flow) => emit({ type: 'media-flow-changed', flow }));
      stopUnannouncedWatch = watchUnannouncedTracks(lk, wanted);
      emit({ type: 'encryption-changed', encrypted: lk.isE2EEEnabled });
      emitParticipants();
      emitTracks();
    },

    async publishLocalMedia({ audio, video, audioInputId, videoInputId }: LocalMediaOptions) {
      const lk = currentRoom();
      try {
        await lk.localParticipant.setMicrophoneEnabled(audio, audioInputId ? { deviceId: audioInputId } : undefined);
        await lk.localParticipant.setCameraEnabled(video, videoInputId ? { deviceId: videoInputId } : undefined);
      } catch (cause) {
        throw mediaError(cause);
      } finally {
        emitTracks();
      }
    },

    async setMicrophoneEnabled(enabled: boolean) {
      await currentRoom().localParticipant.setMicrophoneEnabled(enabled).catch((cause: unknown) => {
        throw mediaError(cause);
      });
      emitTracks();
    },

    async setCameraEnabled(enabled: boolean) {
      await currentRoom().localParticipant.setCameraEnabled(enabled).catch((cause: unknown) => {
        throw mediaError(cause);
      });
      emitTracks();
    },

    async setScreenShareEnabled(enabled: boolean) {
      await currentRoom().localParticipant.setScreenShareEnabled(enabled).catch((cause: unknown) => {
        throw mediaError(cause);
      });
      emitTracks();
    },

    async switchDevice(kind: MediaDeviceKind, deviceId: string) {
      const switched = await currentRoom().switchActiveDevice(kind, deviceId);
      if (!switched) throw new AttuneError('media/device-not-found', 'That device could not be used.');
    },

    setRemoteVideoEnabled(enabled: boolean) {
      receiveRemoteVideo = enabled;
      if (!room) return;
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.trackPublications.values()) applyRemoteVideoChoice(publication);
      }
    },

    async sendData(payload: unknown, topic?: string) {
      const bytes = new TextEncoder().encode(JSON.stringify(payload));
      await currentRoom().localParticipant.publishData(bytes, { reliable: true, ...(topic ? { topic } : {}) });
    },

    subscribe(listener: (event: MediaRoomEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async disconnect() {
      const lk = room;
      room = undefined;
      stopLinkSampling?.();
      stopLinkSampling = undefined;
      stopUnannouncedWatch?.();
      stopUnannouncedWatch = undefined;
      if (lk) await lk.disconnect();
      ownWorker?.terminate();
      ownWorker = undefined;
    },
  };
}

/** The slice of the Trusted Types API the worker needs (TypeScript's DOM library has none). */
interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}

let workerUrlPolicy: ScriptUrlPolicy | undefined;

/**
 * Feeds `link` the media transport's health until stopped, and `reportFlow` each change in whether
 * the media get through (see media-flow.ts). livekit-client has no public event for its peer
 * connections' state, but every track's `getRTCStatsReport()` carries its transport's: one local
 * track samples the publisher's transport, one remote track the subscriber's. Without tracks (a
 * patient in the waiting room) the verdicts are "unknown" and livekit-client's own events are all there is.
 */
function sampleMediaLink(lk: Room, link: MediaLinkWatch, reportFlow: (flow: MediaFlow) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const judgeFlow = createMediaFlowJudge();
  let flow: MediaFlow = 'unknown';
  const reportOf = (track: Track): Promise<RTCStatsReport | undefined> => track.getRTCStatsReport().catch(() => undefined);
  const sample = async (): Promise<void> => {
    const localTracks = [...lk.localParticipant.trackPublications.values()].flatMap((publication) => (publication.track ? [publication.track] : []));
    const remotePublications = [...lk.remoteParticipants.values()].flatMap((participant) => [...participant.trackPublications.values()]);
    const remoteTracks = remotePublications.flatMap((publication) => (publication.track ? [publication.track] : []));
    const [localReports, remoteReports] = await Promise.all([Promise.all(localTracks.map(reportOf)), Promise.all(remoteTracks.map(reportOf))]);
    if (stopped) return;
    const healthOf = (report: RTCStatsReport | undefined): TransportHealth => (report ? transportHealth(report) : 'unknown');
    link.transport(combinedHealth([healthOf(localReports[0]), healthOf(remoteReports[0])]));
    // The server pauses a subscribed video it cannot fit in the link (and says so); a muted camera is not that.
    const videoPausedForBandwidth = remotePublications.some(
      (publication) => publication.kind === Track.Kind.Video && !publication.isMuted && publication.track?.streamState === Track.StreamState.Paused,
    );
    const reports = [...localReports, ...remoteReports].filter((report): report is RTCStatsReport => report !== undefined);
    const nextFlow = judgeFlow(readMediaCounters(reports, videoPausedForBandwidth));
    if (nextFlow !== flow) {
      flow = nextFlow;
      reportFlow(flow);
    }
    // The next sample is timed from the end of this one, so a slow getStats never piles up.
    timer = setTimeout(() => void sample(), linkSampleEveryMs);
  };
  timer = setTimeout(() => void sample(), linkSampleEveryMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
    link.stop();
  };
}

/**
 * Works around livekit-client 2.x losing a TrackSubscribed event in a reconnect: it emits
 * RoomEvent.TrackSubscribed through `emitWhenConnected` (room/Room.ts), which only buffers it while
 * the room is reconnecting or a reconnect is pending, and a buffer filled after the flush on
 * Reconnected is never flushed (the next reconnect clears it). The E2EE manager sets up a
 * receiver's decryption only on that event (e2ee/E2eeManager.ts, `RoomEvent.TrackSubscribed` →
 * `setupE2EEReceiver`), so the track is subscribed, packets arrive and not one frame decodes: a
 * black picture, with no error (livekit-client's own repro: e2ee/subscriberBlackScreen.test.ts).
 * Seen in Attune when both sides' connections were rebuilt at once (e2e/reliability-session).
 *
 * Nothing public sets up decryption for a track already subscribed, so a remote track still
 * unannounced at two checks in a row while the room is connected is unsubscribed, and subscribed
 * again once its track is gone: the new subscription is announced, and decrypted.
 */
function watchUnannouncedTracks(lk: Room, wanted: (publication: TrackPublication) => boolean): () => void {
  const announced = new WeakSet<Track>();
  const suspect = new WeakSet<Track>();
  const resubscribing = new Set<RemoteTrackPublication>();
  const onSubscribed = (track: Track): void => void announced.add(track);
  const subscribeAgain = (publication: RemoteTrackPublication): void => {
    if (!resubscribing.delete(publication)) return;
    // Unless audio-only mode came in between and wants this video off anyway.
    if (wanted(publication)) publication.setSubscribed(true);
  };
  const onUnsubscribed = (_track: Track, publication: RemoteTrackPublication): void => subscribeAgain(publication);
  lk.on(RoomEvent.TrackSubscribed, onSubscribed).on(RoomEvent.TrackUnsubscribed, onUnsubscribed);
  // Tracks subscribed before this watch began were announced to listeners registered before connect.
  for (const participant of lk.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) if (publication.track) announced.add(publication.track);
  }
  const check = (): void => {
    if (lk.state !== ConnectionState.Connected) return;
    // A track that went without its TrackUnsubscribed event would otherwise stay unsubscribed.
    for (const publication of resubscribing) if (!publication.track) subscribeAgain(publication);
    for (const participant of lk.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        const track = publication.track;
        if (!track || announced.has(track) || resubscribing.has(publication) || !publication.isSubscribed) continue;
        // One check may fall between livekit-client setting the track and announcing it; two in a row is a lost event.
        if (!suspect.has(track)) {
          suspect.add(track);
          continue;
        }
        resubscribing.add(publication);
        publication.setSubscribed(false);
      }
    }
  };
  const timer = setInterval(check, unannouncedCheckEveryMs);
  return () => {
    clearInterval(timer);
    lk.off(RoomEvent.TrackSubscribed, onSubscribed).off(RoomEvent.TrackUnsubscribed, onUnsubscribed);
  };
}

function startE2eeWorker(): Worker {
  // Bundlers (Vite, webpack, Rollup with the URL plugin) emit the worker as a file of its own from this URL;
  // the browser build (scripts/build-browser.mjs) points it at its sibling e2ee-worker.js.
  const workerUrl = new URL('livekit-client/e2ee-worker', import.meta.url).href;
  // Under `require-trusted-types-for 'script'` a Worker takes only a TrustedScriptURL: this policy vouches for the worker's URL and nothing else.
  const trustedTypes = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy } }).trustedTypes;
  workerUrlPolicy ??= trustedTypes?.createPolicy('attune-e2ee-worker', { createScriptURL: () => workerUrl });
  // A TrustedScriptURL is accepted wherever the DOM takes a URL string.
  return new Worker((workerUrlPolicy?.createScriptURL(workerUrl) ?? workerUrl) as string, { type: 'module' });
}

function readPermissions(room: Room): RoomPermissions {
  const granted = room.localParticipant.permissions;
  if (!granted) return noPermissions;
  return { canPublish: granted.canPublish, canSubscribe: granted.canSubscribe, canPublishData: granted.canPublishData };
}

function collectParticipants(room: Room): RemoteParticipant[] {
  return [...room.remoteParticipants.values()].map((participant) => ({
    identity: participant.identity,
    attributes: { ...participant.attributes },
    isSpeaking: participant.isSpeaking,
  }));
}

function collectTracks(room: Room): MediaTrack[] {
  const tracks: MediaTrack[] = [];
  const add = (participant: Participant, local: boolean): void => {
    for (const publication of participant.trackPublications.values()) {
      const track = publication.track;
      if (!track || (track.kind !== Track.Kind.Audio && track.kind !== Track.Kind.Video)) continue;
      tracks.push({
        id: publication.trackSid || track.mediaStreamTrack.id,
        participantIdentity: participant.identity,
        kind: track.kind === Track.Kind.Audio ? 'audio' : 'video',
        source: mapSource(publication.source),
        local,
        muted: publication.isMuted,
        attach: (element) => void track.attach(element),
        detach: (element) => void track.detach(element),
      });
    }
  };
  add(room.localParticipant, true);
  for (const participant of room.remoteParticipants.values()) add(participant, false);
  return tracks;
}

function mapSource(source: Track.Source): MediaSource {
  switch (source) {
    case Track.Source.Camera:
      return 'camera';
    case Track.Source.Microphone:
      return 'microphone';
    case Track.Source.ScreenShare:
      return 'screen';
    case Track.Source.ScreenShareAudio:
      return 'screen-audio';
    default:
      return 'unknown';
  }
}

function mapQuality(quality: LivekitQuality): ConnectionQuality {
  switch (quality) {
    case LivekitQuality.Excellent:
      return 'excellent';
    case LivekitQuality.Good:
      return 'good';
    case LivekitQuality.Poor:
      return 'poor';
    case LivekitQuality.Lost:
      return 'lost';
    default:
      return 'unknown';
  }
}

function mapDisconnectReason(reason: LivekitDisconnectReason | undefined): DisconnectReason {
  switch (reason) {
    case LivekitDisconnectReason.CLIENT_INITIATED:
      return 'client';
    case LivekitDisconnectReason.ROOM_DELETED:
      return 'room-closed';
    case LivekitDisconnectReason.PARTICIPANT_REMOVED:
      return 'removed';
    case LivekitDisconnectReason.DUPLICATE_IDENTITY:
      return 'duplicate-identity';
    default:
      return 'network';
  }
}

function decodeJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(payload)) as unknown;
  } catch {
    // Not ours: other data on the room (e.g. chat streams) is not JSON and is someone else's business.
    return undefined;
  }
}

function mediaError(cause: unknown): AttuneError {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new AttuneError('media/permission-denied', 'Camera or microphone permission was refused.', { cause });
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new AttuneError('media/device-not-found', 'No camera or microphone was found.', { cause });
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return new AttuneError('media/device-busy', 'The camera or microphone is in use by another app.', { cause });
  }
  return new AttuneError('media/connect-failed', 'Could not share camera or microphone.', { cause });
}
