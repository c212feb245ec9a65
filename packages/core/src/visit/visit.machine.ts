import { and, assign, fromCallback, fromPromise, not, raise, setup, stateIn, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { AttuneError, toAttuneError } from '../errors.js';
import type {
  ConnectionQuality,
  DataMessage,
  DisconnectReason,
  LocalMediaOptions,
  MediaFlow,
  MediaRoom,
  MediaRoomEvent,
  MediaRoomFactory,
  MediaTrack,
  RemoteParticipant,
  RoomPermissions,
} from '../media/media-room.js';
import type { ClinicianStatus, QueueStatus, VisitApi, VisitJoin, VisitRole } from '../ports.js';
import { clinicianStatusFrom } from '../visit-api/clinician-status.js';

/**
 * The visit, from knock to end, for both sides of the call.
 *
 * A patient joins with lobby grants and waits; only the server can admit them, by granting
 * `canPublish` (the room then reports `permissions-changed`). A clinician goes straight to the call
 * and can end it for everyone. The call keeps media choices (microphone, camera, screen, audio-only)
 * as parallel regions, the link's health (reconnecting / reconnected) in its own region, and an
 * inactivity log-off with a warning. A lost room is rejoined with a fresh token from VisitApi.join.
 */

export interface VisitInput {
  appointmentId: string;
  role: VisitRole;
  api: VisitApi;
  /** Makes the room for each connection; `createLivekitMediaRoom` in a browser. */
  createMediaRoom: MediaRoomFactory;
  /** The host's E2EE worker, if it bundles its own. */
  worker?: Worker;
  /** What the device check chose; both on by default. */
  localMedia?: LocalMediaOptions;
  /** Idle time before "are you still there?"; 0 turns the inactivity log-off off. Default 30 minutes. */
  inactivityWarningMs?: number;
  /** Time the warning stays before the visit logs off. Default 60 seconds. */
  inactivityGraceMs?: number;
  /** How long "reconnected" stays on screen. Default 4 seconds. */
  reconnectedNoticeMs?: number;
  /** How long the connection must stay good before automatic audio-only gives video back. Default 5 seconds. */
  videoRecoveryMs?: number;
  /**
   * How long the connection must stay poor before the call falls back to audio only by itself, if the
   * media then show it too (see `mediaFlow`); judged again every grace while the rating stays poor. Default 5 seconds.
   */
  poorConnectionGraceMs?: number;
  /** Clock for time waited; tests pass a simulated one. */
  now?: () => number;
}

export interface HoldMessage {
  text: string;
  receivedAt: number;
}

export type VisitEndedBy = 'self' | 'clinician' | 'server';

export interface VisitContext {
  appointmentId: string;
  role: VisitRole;
  api: VisitApi;
  createMediaRoom: MediaRoomFactory;
  worker: Worker | undefined;
  localMedia: LocalMediaOptions;
  inactivityWarningMs: number;
  inactivityGraceMs: number;
  reconnectedNoticeMs: number;
  videoRecoveryMs: number;
  poorConnectionGraceMs: number;
  now: () => number;

  join: VisitJoin | null;
  room: MediaRoom | null;
  /** Latest grants the server gave this participant; a patient is in the call only while `canPublish`. */
  canPublish: boolean;
  /** What publishing actually turned on (a refused camera leaves video off). */
  publishedAudio: boolean;
  publishedVideo: boolean;
  error: AttuneError | null;

  waitingSince: number | null;
  lastTick: number | null;
  queuePosition: number | null;
  /** What the clinician tells everyone waiting: running late (worded by the waiting room) or their own words. */
  clinicianStatus: ClinicianStatus | null;
  holdMessages: HoldMessage[];
  denyReason: string | null;
  endedBy: VisitEndedBy | null;
  /** True once this participant has been in the call, so "left" can say whether a call ended. */
  wasInCall: boolean;

  participants: RemoteParticipant[];
  tracks: MediaTrack[];
  quality: ConnectionQuality;
  /** The room's own evidence on whether the media get through; null until the room gives any (one that does not sample its media never does). */
  mediaFlow: MediaFlow | null;
  encrypted: boolean;
}

type RoomEventAsMachineEvent<E> = E extends { type: infer T extends string } ? Omit<E, 'type'> & { type: `room.${T}` } : never;
export type VisitRoomEvent = RoomEventAsMachineEvent<MediaRoomEvent>;

export type VisitEvent =
  | { type: 'JOIN' }
  | { type: 'RETRY' }
  | { type: 'REJOIN' }
  | { type: 'LEAVE' }
  | { type: 'END_FOR_EVERYONE' }
  | { type: 'TOGGLE_MICROPHONE' }
  | { type: 'TOGGLE_CAMERA' }
  | { type: 'TOGGLE_SCREEN_SHARE' }
  | { type: 'SWITCH_DEVICE'; kind: MediaDeviceKind; deviceId: string }
  | { type: 'USE_AUDIO_ONLY' }
  | { type: 'USE_VIDEO' }
  /** Any sign of life from the user (pointer, key) or the "I'm still here" button. */
  | { type: 'ACTIVITY' }
  | { type: 'DISMISS_ERROR' }
  | { type: 'media.failed'; error: AttuneError }
  | VisitRoomEvent;

const maxHoldMessages = 20;

/** Control messages only count when the server sent them: a participant cannot deny or end anyone. */
function controlMessage(message: DataMessage): { type: string; [key: string]: unknown } | null {
  if (!message.fromServer) return null;
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null || typeof (payload as { type?: unknown }).type !== 'string') return null;
  return payload as { type: string };
}

function isControl(event: VisitEvent, type: string): boolean {
  return event.type === 'room.data-received' && controlMessage(event.message)?.type === type;
}

const isPoor = (quality: ConnectionQuality): boolean => quality === 'poor' || quality === 'lost';

export const visitMachine = setup({
  types: {
    input: {} as VisitInput,
    context: {} as VisitContext,
    events: {} as VisitEvent,
  },
  actors: {
    joinVisit: fromPromise<VisitJoin, { api: VisitApi; appointmentId: string }>(({ input }) => input.api.join(input.appointmentId)),

    connectRoom: fromPromise<RoomPermissions, { room: MediaRoom; join: VisitJoin; worker: Worker | undefined }>(
      async ({ input }) => {
        await input.room.connect(input.join.livekitUrl, input.join.token, {
          e2eeKey: input.join.e2eeKey,
          ...(input.worker ? { worker: input.worker } : {}),
        });
        return input.room.permissions;
      },
    ),

    listenToRoom: fromCallback<VisitEvent, { room: MediaRoom }>(({ input, sendBack }) =>
      input.room.subscribe((event) => sendBack({ ...event, type: `room.${event.type}` } as VisitRoomEvent)),
    ),

    /** Publishes what the device check chose; a refused camera falls back to the microphone alone. */
    publishLocalMedia: fromPromise<{ audio: boolean; video: boolean; error: AttuneError | null }, { room: MediaRoom; media: LocalMediaOptions }>(
      async ({ input }) => {
        try {
          await input.room.publishLocalMedia(input.media);
          return { audio: input.media.audio, video: input.media.video, error: null };
        } catch (cause) {
          const error = toAttuneError(cause, 'media/device-busy');
          if (!input.media.video || !input.media.audio) return { audio: false, video: false, error };
          try {
            await input.room.publishLocalMedia({ ...input.media, video: false });
            return { audio: true, video: false, error };
          } catch {
            return { audio: false, video: false, error };
          }
        }
      },
    ),

    startScreenShare: fromPromise<void, { room: MediaRoom }>(({ input }) => input.room.setScreenShareEnabled(true)),

    endVisit: fromPromise<void, { api: VisitApi; appointmentId: string }>(({ input }) => input.api.end(input.appointmentId)),
    // Asked once on arrival: a queue-status message sent before the data channel opened is lost.
    fetchQueueStatus: fromPromise<QueueStatus | null, { api: VisitApi; appointmentId: string }>(
      async ({ input }) => (await input.api.queueStatus?.(input.appointmentId)) ?? null,
    ),
  },
  guards: {
    isClinician: ({ context }) => context.role === 'clinician',
    isAdmittedAlready: ({ context }) => context.canPublish,
    publishGranted: ({ event }) => event.type === 'room.permissions-changed' && event.permissions.canPublish,
    publishRevoked: ({ event, context }) =>
      context.role === 'patient' && event.type === 'room.permissions-changed' && !event.permissions.canPublish,
    microphonePublished: ({ context }) => context.publishedAudio,
    cameraPublished: ({ context }) => context.publishedVideo,
    qualityIsPoor: ({ event }) => event.type === 'room.connection-quality-changed' && isPoor(event.quality),
    qualityIsGood: ({ event }) => event.type === 'room.connection-quality-changed' && (event.quality === 'good' || event.quality === 'excellent'),
    inVideoMode: stateIn('#visit.session.connected.stage.inCall.videoMode.video'),
    linkReconnecting: stateIn('#visit.session.connected.link.reconnecting'),
    /**
     * A poor rating alone lags the link by 10–15 s (LiveKit scores a blip's missing simulcast layers long after
     * the pictures move again), so audio only also wants the media's own evidence: packets getting through with
     * heavy loss, or video the server paused. A cut link ("silent") is the reconnect's business; "unknown" (just
     * after a reconnect, its streams new) is no evidence yet; a room that gives none at all leaves the rating to decide alone.
     */
    mediaStruggling: ({ context }) => context.mediaFlow === 'struggling' || context.mediaFlow === null,
    deniedByServer: ({ event }) => isControl(event, 'denied'),
    endedByServer: ({ event }) => isControl(event, 'visit-ended'),
    roomClosed: ({ event }) => event.type === 'room.disconnected' && event.reason === 'room-closed',
    removedBeforeAdmission: ({ event, context }) =>
      event.type === 'room.disconnected' && event.reason === 'removed' && context.role === 'patient' && !context.wasInCall,
    removedFromCall: ({ event }) => event.type === 'room.disconnected' && event.reason === 'removed',
    connectionLost: ({ event }) =>
      event.type === 'room.disconnected' && (['network', 'token-expired', 'duplicate-identity'] as DisconnectReason[]).includes(event.reason),
    inactivityLogOffOn: ({ context }) => context.inactivityWarningMs > 0,
    /** Talking is not inactivity: a call with someone else in it never logs off for want of clicks. */
    inConversation: ({ context }) =>
      context.wasInCall && context.canPublish && context.participants.some((participant) => participant.attributes['attune.state'] !== 'waiting'),
  },
  delays: {
    inactivityWarning: ({ context }) => context.inactivityWarningMs,
    inactivityGrace: ({ context }) => context.inactivityGraceMs,
    reconnectedNotice: ({ context }) => context.reconnectedNoticeMs,
    videoRecovery: ({ context }) => context.videoRecoveryMs,
    poorConnectionGrace: ({ context }) => context.poorConnectionGraceMs,
  },
  actions: {
    recordQuality: assign({
      quality: ({ event, context }) => (event.type === 'room.connection-quality-changed' ? event.quality : context.quality),
    }),
    makeRoom: assign({ room: ({ context }) => context.createMediaRoom() }),
    disconnectRoom: ({ context }) => {
      context.room?.disconnect().catch(() => undefined);
    },
    forgetRoom: assign({ room: null, tracks: [], participants: [], mediaFlow: null }),
    recordError: assign({ error: ({ event }) => toAttuneError((event as { error?: unknown }).error) }),
    startWaitingClock: assign({
      waitingSince: ({ context }) => context.waitingSince ?? context.now(),
      lastTick: ({ context }) => context.now(),
    }),
    tickWaitingClock: assign({ lastTick: ({ context }) => context.now() }),
    admit: assign({ canPublish: true }),
    markInCall: assign({ wasInCall: true }),
    setMicrophone: ({ context, self }, params: { enabled: boolean }) => {
      context.room?.setMicrophoneEnabled(params.enabled).catch((error: unknown) => self.send({ type: 'media.failed', error: toAttuneError(error) }));
    },
    setCamera: ({ context, self }, params: { enabled: boolean }) => {
      context.room?.setCameraEnabled(params.enabled).catch((error: unknown) => self.send({ type: 'media.failed', error: toAttuneError(error) }));
    },
    stopScreenShare: ({ context }) => {
      context.room?.setScreenShareEnabled(false).catch(() => undefined);
    },
    setRemoteVideo: ({ context }, params: { enabled: boolean }) => context.room?.setRemoteVideoEnabled(params.enabled),
    switchDevice: ({ context, event, self }) => {
      if (event.type !== 'SWITCH_DEVICE') return;
      context.room?.switchDevice(event.kind, event.deviceId).catch((error: unknown) => self.send({ type: 'media.failed', error: toAttuneError(error) }));
    },
    rememberControlMessage: assign(({ context, event }) => {
      if (event.type !== 'room.data-received') return {};
      const control = controlMessage(event.message);
      if (control?.type === 'hold-message' && typeof control['message'] === 'string') {
        const holdMessages = [...context.holdMessages, { text: control['message'], receivedAt: context.now() }];
        return { holdMessages: holdMessages.slice(-maxHoldMessages) };
      }
      if (control?.type === 'queue-status') {
        return {
          queuePosition: typeof control['position'] === 'number' ? control['position'] : context.queuePosition,
          // null is the clinician clearing their status; a message without either field leaves it as it was.
          clinicianStatus:
            control['clinicianStatus'] === undefined && control['clinicianLateMinutes'] === undefined
              ? context.clinicianStatus
              : clinicianStatusFrom(control['clinicianStatus'], control['clinicianLateMinutes']),
        };
      }
      return {};
    }),
    rememberQueueStatus: assign(({ context, event }) => {
      const status = (event as { output?: QueueStatus | null }).output;
      if (!status) return {};
      return {
        queuePosition: status.position ?? context.queuePosition,
        clinicianStatus: clinicianStatusFrom(status.clinicianStatus, status.clinicianLateMinutes),
      };
    }),
    rememberDenial: assign({
      denyReason: ({ event }) => {
        if (event.type !== 'room.data-received') return null;
        const reason = controlMessage(event.message)?.['reason'];
        return typeof reason === 'string' ? reason : null;
      },
    }),
  },
}).createMachine({
  id: 'visit',
  initial: 'idle',
  context: ({ input }) => ({
    appointmentId: input.appointmentId,
    role: input.role,
    api: input.api,
    createMediaRoom: input.createMediaRoom,
    worker: input.worker,
    localMedia: input.localMedia ?? { audio: true, video: true },
    inactivityWarningMs: input.inactivityWarningMs ?? 30 * 60_000,
    inactivityGraceMs: input.inactivityGraceMs ?? 60_000,
    reconnectedNoticeMs: input.reconnectedNoticeMs ?? 4_000,
    videoRecoveryMs: input.videoRecoveryMs ?? 5_000,
    poorConnectionGraceMs: input.poorConnectionGraceMs ?? 5_000,
    now: input.now ?? Date.now,
    join: null,
    room: null,
    canPublish: false,
    publishedAudio: false,
    publishedVideo: false,
    error: null,
    waitingSince: null,
    lastTick: null,
    queuePosition: null,
    clinicianStatus: null,
    holdMessages: [],
    denyReason: null,
    endedBy: null,
    wasInCall: false,
    participants: [],
    tracks: [],
    quality: 'unknown',
    mediaFlow: null,
    encrypted: false,
  }),
  states: {
    idle: {
      on: { JOIN: 'joining' },
    },

    joining: {
      entry: assign({ error: null }),
      invoke: {
        id: 'joinVisit',
        src: 'joinVisit',
        input: ({ context }) => ({ api: context.api, appointmentId: context.appointmentId }),
        onDone: { target: 'session', actions: assign({ join: ({ event }) => event.output }) },
        onError: { target: 'failed', actions: 'recordError' },
      },
      on: { LEAVE: 'left' },
    },

    session: {
      entry: 'makeRoom',
      exit: ['disconnectRoom', 'forgetRoom'],
      invoke: {
        id: 'listenToRoom',
        src: 'listenToRoom',
        input: ({ context }) => ({ room: context.room! }),
      },
      initial: 'connecting',
      on: {
        'room.participants-changed': { actions: assign({ participants: ({ event }) => event.participants }) },
        'room.tracks-changed': { actions: assign({ tracks: ({ event }) => event.tracks }) },
        'room.connection-quality-changed': { actions: 'recordQuality' },
        'room.media-flow-changed': { actions: assign({ mediaFlow: ({ event }) => event.flow }) },
        'room.encryption-changed': { actions: assign({ encrypted: ({ event }) => event.encrypted }) },
        'room.encryption-failed': {
          actions: assign({ error: () => new AttuneError('media/connect-failed', 'Encrypted media could not be decoded.') }),
        },
        'room.data-received': [
          { guard: 'deniedByServer', target: 'denied', actions: 'rememberDenial' },
          { guard: 'endedByServer', target: 'ended', actions: assign({ endedBy: 'clinician' }) },
          { actions: 'rememberControlMessage' },
        ],
        'room.disconnected': [
          { guard: 'roomClosed', target: 'ended', actions: assign({ endedBy: ({ context }) => (context.role === 'patient' ? 'clinician' : 'server') }) },
          { guard: 'removedBeforeAdmission', target: 'denied' },
          { guard: 'removedFromCall', target: 'ended', actions: assign({ endedBy: 'server' }) },
          { guard: 'connectionLost', target: 'disconnected' },
        ],
        'media.failed': { actions: assign({ error: ({ event }) => event.error }) },
        DISMISS_ERROR: { actions: assign({ error: null }) },
        LEAVE: 'left',
      },
      states: {
        connecting: {
          invoke: {
            id: 'connectRoom',
        src: 'connectRoom',
            input: ({ context }) => ({ room: context.room!, join: context.join!, worker: context.worker }),
            onDone: { target: 'connected', actions: assign({ canPublish: ({ event }) => event.output.canPublish }) },
            onError: { target: '#visit.failed', actions: 'recordError' },
          },
        },

        connected: {
          type: 'parallel',
          states: {
            stage: {
              initial: 'entering',
              states: {
                entering: {
                  always: [
                    { guard: 'isClinician', target: 'publishing' },
                    { guard: 'isAdmittedAlready', target: 'publishing' },
                    { target: 'waiting' },
                  ],
                },

                waiting: {
                  entry: 'startWaitingClock',
                  invoke: {
                    src: 'fetchQueueStatus',
                    input: ({ context }) => ({ api: context.api, appointmentId: context.appointmentId }),
                    onDone: { actions: 'rememberQueueStatus' },
                    // Without it the waiting room still shows the time waited; messages fill in the rest.
                    onError: {},
                  },
                  on: {
                    'room.permissions-changed': { guard: 'publishGranted', target: 'publishing', actions: 'admit' },
                  },
                  initial: 'counting',
                  states: {
                    counting: {
                      after: { 1000: { target: 'counting', reenter: true, actions: 'tickWaitingClock' } },
                    },
                  },
                },

                publishing: {
                  entry: 'markInCall',
                  invoke: {
                    id: 'publishLocalMedia',
        src: 'publishLocalMedia',
                    input: ({ context }) => ({ room: context.room!, media: context.localMedia }),
                    onDone: {
                      target: 'inCall',
                      actions: assign({
                        publishedAudio: ({ event }) => event.output.audio,
                        publishedVideo: ({ event }) => event.output.video,
                        error: ({ event }) => event.output.error,
                      }),
                    },
                  },
                  on: {
                    'room.permissions-changed': { guard: 'publishRevoked', target: 'waiting', actions: assign({ canPublish: false }) },
                  },
                },

                inCall: {
                  type: 'parallel',
                  on: {
                    'room.permissions-changed': { guard: 'publishRevoked', target: 'waiting', actions: assign({ canPublish: false }) },
                    SWITCH_DEVICE: { actions: 'switchDevice' },
                  },
                  states: {
                    microphone: {
                      initial: 'choosing',
                      states: {
                        choosing: { always: [{ guard: 'microphonePublished', target: 'on' }, { target: 'off' }] },
                        on: { on: { TOGGLE_MICROPHONE: { target: 'off', actions: { type: 'setMicrophone', params: { enabled: false } } } } },
                        off: { on: { TOGGLE_MICROPHONE: { target: 'on', actions: { type: 'setMicrophone', params: { enabled: true } } } } },
                      },
                    },
                    camera: {
                      initial: 'choosing',
                      states: {
                        choosing: { always: [{ guard: 'cameraPublished', target: 'on' }, { target: 'off' }] },
                        on: {
                          on: {
                            TOGGLE_CAMERA: { target: 'off', actions: { type: 'setCamera', params: { enabled: false } } },
                            // Also raised by automatic audio-only, once the connection has stayed poor through the grace and the media show it: a blip keeps the camera.
                            USE_AUDIO_ONLY: { target: 'pausedForAudioOnly', actions: { type: 'setCamera', params: { enabled: false } } },
                          },
                        },
                        off: {
                          on: {
                            TOGGLE_CAMERA: { guard: 'inVideoMode', target: 'on', actions: { type: 'setCamera', params: { enabled: true } } },
                          },
                        },
                        /** Audio-only mode holds the camera off and gives it back with video. */
                        pausedForAudioOnly: {
                          on: { USE_VIDEO: { target: 'on', actions: { type: 'setCamera', params: { enabled: true } } } },
                        },
                      },
                    },
                    screenShare: {
                      initial: 'off',
                      states: {
                        off: { on: { TOGGLE_SCREEN_SHARE: 'starting' } },
                        starting: {
                          invoke: {
                            id: 'startScreenShare',
        src: 'startScreenShare',
                            input: ({ context }) => ({ room: context.room! }),
                            onDone: 'on',
                            // Closing the browser's picker lands here too; that is a choice, not an error.
                            onError: 'off',
                          },
                        },
                        on: { on: { TOGGLE_SCREEN_SHARE: { target: 'off', actions: 'stopScreenShare' } } },
                      },
                    },
                    videoMode: {
                      initial: 'video',
                      states: {
                        video: {
                          on: { USE_AUDIO_ONLY: 'audioOnly.chosen' },
                          initial: 'steady',
                          states: {
                            steady: {
                              on: { 'room.connection-quality-changed': { guard: 'qualityIsPoor', target: 'poorNoticed', actions: 'recordQuality' } },
                            },
                            /** LiveKit rates the link every 5 s and a one-second blip reads "poor" for a while: fall back only if it stays poor and the media show it. */
                            poorNoticed: {
                              after: {
                                poorConnectionGrace: [
                                  // Nothing flows while LiveKit reconnects and the call says so already: judge the link again once it is back.
                                  { guard: 'linkReconnecting', target: 'poorNoticed', reenter: true },
                                  { guard: 'mediaStruggling', target: '#automaticAudioOnly' },
                                  // The rating lags media that flow again: keep video and judge again one grace later.
                                  { target: 'poorNoticed', reenter: true },
                                ],
                              },
                              on: {
                                'room.connection-quality-changed': [{ guard: 'qualityIsGood', target: 'steady', actions: 'recordQuality' }, { actions: 'recordQuality' }],
                              },
                            },
                          },
                        },
                        audioOnly: {
                          entry: { type: 'setRemoteVideo', params: { enabled: false } },
                          exit: { type: 'setRemoteVideo', params: { enabled: true } },
                          on: { USE_VIDEO: 'video' },
                          initial: 'chosen',
                          states: {
                            chosen: {},
                            /** Fell back by itself on a poor connection; gives video back once the connection stays good. */
                            automatic: {
                              id: 'automaticAudioOnly',
                              // USE_AUDIO_ONLY, so the camera region pauses the camera in the same step (this region is past it already).
                              entry: raise({ type: 'USE_AUDIO_ONLY' }),
                              initial: 'poor',
                              states: {
                                poor: {
                                  on: { 'room.connection-quality-changed': { guard: 'qualityIsGood', target: 'recovering', actions: 'recordQuality' } },
                                },
                                recovering: {
                                  // USE_VIDEO, so the camera region gives the camera back in the same step.
                                  after: { videoRecovery: { actions: raise({ type: 'USE_VIDEO' }) } },
                                  on: { 'room.connection-quality-changed': { guard: 'qualityIsPoor', target: 'poor', actions: 'recordQuality' } },
                                },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },

                ending: {
                  invoke: {
                    id: 'endVisit',
        src: 'endVisit',
                    input: ({ context }) => ({ api: context.api, appointmentId: context.appointmentId }),
                    onDone: { target: '#visit.ended', actions: assign({ endedBy: 'self' }) },
                    onError: { target: 'inCall', actions: 'recordError' },
                  },
                },
              },
              on: {
                END_FOR_EVERYONE: { guard: 'isClinician', target: '.ending' },
              },
            },

            link: {
              initial: 'stable',
              states: {
                stable: { on: { 'room.reconnecting': 'reconnecting' } },
                reconnecting: { on: { 'room.reconnected': 'reconnected' } },
                reconnected: {
                  after: { reconnectedNotice: 'stable' },
                  on: { 'room.reconnecting': 'reconnecting' },
                },
              },
            },

            presence: {
              initial: 'active',
              states: {
                active: {
                  after: {
                    inactivityWarning: [
                      { guard: and(['inactivityLogOffOn', not('inConversation')]), target: 'warning' },
                      { guard: 'inactivityLogOffOn', target: 'active', reenter: true },
                    ],
                  },
                  on: { ACTIVITY: { target: 'active', reenter: true } },
                },
                warning: {
                  after: { inactivityGrace: '#visit.loggedOff' },
                  on: { ACTIVITY: 'active' },
                },
              },
            },
          },
        },
      },
    },

    failed: {
      on: { RETRY: 'joining', LEAVE: 'left' },
    },

    disconnected: {
      on: { REJOIN: 'joining', LEAVE: 'left' },
    },

    ended: { type: 'final' },
    denied: { type: 'final' },
    left: { type: 'final' },
    loggedOff: { type: 'final' },
  },
});

export type VisitMachine = typeof visitMachine;
export type VisitActor = ActorRefFrom<VisitMachine>;
export type VisitSnapshot = SnapshotFrom<VisitMachine>;
