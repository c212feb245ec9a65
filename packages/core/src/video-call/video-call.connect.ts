import type { AttuneErrorCode } from '../errors.js';
import type { ConnectionQuality, MediaTrack } from '../media/media-room.js';
import type { VisitRole } from '../ports.js';
import type { VisitEndedBy, VisitEvent, VisitSnapshot } from '../visit/visit.machine.js';
import { inactivityWarning, linkState, visitPhase } from '../visit/visit-phase.js';

export type VideoCallView = 'notStarted' | 'connecting' | 'inCall' | 'ending' | 'disconnected' | 'failed' | 'ended' | 'left' | 'loggedOff';

/** One person on screen: their camera (or a placeholder when off) and whether they speak now. */
export interface CallTile {
  identity: string;
  local: boolean;
  video: MediaTrack | null;
  isSpeaking: boolean;
}

/** The participant attribute the server sets to `waiting` on a patient in the lobby. */
const lobbyStateAttribute = 'attune.state';

/** The small-group grid holds the clinician's usual group size; more go to audio only. */
export const maxGridTiles = 8;

export interface VideoCallViewModel {
  view: VideoCallView;
  role: VisitRole;
  /** `stage` for one other person (1:1 visit), `grid` for a small group. */
  layout: 'stage' | 'grid';
  remoteTiles: CallTile[];
  selfTile: CallTile;
  /** A shared screen takes the stage while it lasts. */
  screenShare: MediaTrack | null;
  /** Remote audio, played by hidden audio elements whatever the layout. */
  remoteAudio: MediaTrack[];
  waitingForOthers: boolean;

  microphoneOn: boolean;
  cameraOn: boolean;
  /** False until the call is fully set up (own media published) and while it ends. */
  mediaControlsEnabled: boolean;
  /** The camera toggle is off in audio-only mode: video comes back with "use video". */
  cameraToggleEnabled: boolean;
  /** The browser can share a screen (phones' cannot): otherwise the call offers no button for it. */
  screenShareAvailable: boolean;
  screenSharing: boolean;
  screenShareStarting: boolean;
  audioOnly: boolean;
  /** Audio-only came on by itself because the connection was poor. */
  audioOnlyAutomatic: boolean;
  /** The connection is good again after an automatic fall back: video comes back by itself shortly, or now by choice. */
  connectionRecovered: boolean;
  quality: ConnectionQuality;
  /** 0–3 bars for the quality indicator. */
  qualityBars: 0 | 1 | 2 | 3;
  reconnecting: boolean;
  reconnected: boolean;
  encrypted: boolean;
  canEndForEveryone: boolean;
  inactivityWarning: boolean;
  endedBy: VisitEndedBy | null;
  error: { code: AttuneErrorCode; message: string } | null;

  join(): void;
  retry(): void;
  toggleMicrophone(): void;
  toggleCamera(): void;
  toggleScreenShare(): void;
  switchDevice(kind: MediaDeviceKind, deviceId: string): void;
  useAudioOnly(): void;
  useVideo(): void;
  leave(): void;
  endForEveryone(): void;
  rejoin(): void;
  stillHere(): void;
  dismissError(): void;
}

const inCallRegion = (snapshot: VisitSnapshot, region: string, value: unknown): boolean =>
  snapshot.matches({ session: { connected: { stage: { inCall: { [region]: value } } } } } as never);

export function connectVideoCall(snapshot: VisitSnapshot, send: (event: VisitEvent) => void): VideoCallViewModel {
  const { context } = snapshot;
  const phase = visitPhase(snapshot);
  const view: VideoCallView = (() => {
    switch (phase) {
      case 'idle':
        return 'notStarted';
      case 'joining':
      case 'connecting':
      case 'waiting':
        return 'connecting';
      // Admitted: show the clinician at once while the patient's own camera and microphone are still being published.
      case 'publishing':
        return 'inCall';
      case 'denied':
        return 'ended';
      default:
        return phase;
    }
  })();
  const inCall = phase === 'publishing' || phase === 'inCall' || phase === 'ending';

  const remoteVideos = context.tracks.filter((track) => !track.local && track.kind === 'video');
  // Someone still in the lobby is not in the call: the queue shows them, the call does not.
  const inCallParticipants = context.participants.filter((participant) => participant.attributes[lobbyStateAttribute] !== 'waiting');
  const remoteIdentities = [
    ...new Set([...inCallParticipants.map((participant) => participant.identity), ...remoteVideos.map((track) => track.participantIdentity)]),
  ];
  const remoteTiles: CallTile[] = remoteIdentities.slice(0, maxGridTiles).map((identity) => ({
    identity,
    local: false,
    video: remoteVideos.find((track) => track.participantIdentity === identity && track.source === 'camera') ?? null,
    isSpeaking: context.participants.find((participant) => participant.identity === identity)?.isSpeaking ?? false,
  }));
  const selfVideo = context.tracks.find((track) => track.local && track.kind === 'video' && track.source === 'camera') ?? null;
  const screenShare =
    context.tracks.find((track) => !track.local && track.source === 'screen') ??
    context.tracks.find((track) => track.local && track.source === 'screen') ??
    null;

  const audioOnly = inCallRegion(snapshot, 'videoMode', 'audioOnly');
  const audioOnlyAutomatic = inCallRegion(snapshot, 'videoMode', { audioOnly: 'automatic' });
  const link = linkState(snapshot);

  return {
    view,
    role: context.role,
    layout: remoteTiles.length > 1 ? 'grid' : 'stage',
    remoteTiles,
    selfTile: { identity: context.join?.identity ?? 'self', local: true, video: selfVideo, isSpeaking: false },
    screenShare,
    remoteAudio: context.tracks.filter((track) => !track.local && track.kind === 'audio'),
    waitingForOthers: inCall && remoteTiles.length === 0,
    microphoneOn: inCallRegion(snapshot, 'microphone', 'on'),
    cameraOn: inCallRegion(snapshot, 'camera', 'on'),
    mediaControlsEnabled: phase === 'inCall',
    cameraToggleEnabled: phase === 'inCall' && !audioOnly,
    screenShareAvailable: context.room?.canShareScreen ?? false,
    screenSharing: inCallRegion(snapshot, 'screenShare', 'on'),
    screenShareStarting: inCallRegion(snapshot, 'screenShare', 'starting'),
    audioOnly,
    audioOnlyAutomatic,
    connectionRecovered: inCallRegion(snapshot, 'videoMode', { audioOnly: { automatic: 'recovering' } }),
    quality: context.quality,
    qualityBars: ({ excellent: 3, good: 2, poor: 1, lost: 0, unknown: 0 } as const)[context.quality],
    reconnecting: link === 'reconnecting',
    reconnected: link === 'reconnected',
    encrypted: context.encrypted,
    canEndForEveryone: context.role === 'clinician' && phase === 'inCall',
    inactivityWarning: inCall && inactivityWarning(snapshot),
    endedBy: context.endedBy,
    error: context.error ? { code: context.error.code, message: context.error.message } : null,

    join: () => send({ type: 'JOIN' }),
    retry: () => send({ type: 'RETRY' }),
    toggleMicrophone: () => send({ type: 'TOGGLE_MICROPHONE' }),
    toggleCamera: () => send({ type: 'TOGGLE_CAMERA' }),
    toggleScreenShare: () => send({ type: 'TOGGLE_SCREEN_SHARE' }),
    switchDevice: (kind, deviceId) => send({ type: 'SWITCH_DEVICE', kind, deviceId }),
    useAudioOnly: () => send({ type: 'USE_AUDIO_ONLY' }),
    useVideo: () => send({ type: 'USE_VIDEO' }),
    leave: () => send({ type: 'LEAVE' }),
    endForEveryone: () => send({ type: 'END_FOR_EVERYONE' }),
    rejoin: () => send({ type: 'REJOIN' }),
    stillHere: () => send({ type: 'ACTIVITY' }),
    dismissError: () => send({ type: 'DISMISS_ERROR' }),
  };
}
