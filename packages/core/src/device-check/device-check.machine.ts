import { assign, fromCallback, fromPromise, setup } from 'xstate';
import { AttuneError, toAttuneError } from '../errors.js';
import type { ConnectionProbe, ConnectionReport } from './connection-probe.js';
import { createLocalDeviceChoiceStore, type DeviceChoiceStore, type DeviceChoices } from './device-choices.js';
import { createBrowserMediaDevices, type DeviceOption, type MediaDevicesPort, type PermissionStatus } from './media-devices.js';
import { recoveryBrowserFrom, type RecoveryBrowser } from './recovery-browser.js';

export type DeviceCheckResult = 'passed' | 'audio-only' | 'failed';

export interface DeviceCheckInput {
  /** The browser's devices; a fake in tests. Defaults to `navigator.mediaDevices`. */
  devices?: MediaDevicesPort;
  /** Where choices are remembered. Defaults to `localStorage` (device ids only). */
  choices?: DeviceChoiceStore;
  /** The connection test; without one the test is not offered. */
  probe?: ConnectionProbe;
  /** Whose recovery steps to show when access is blocked. Defaults to the user agent's. */
  browser?: RecoveryBrowser;
}

export interface DeviceCheckContext {
  devices: MediaDevicesPort;
  choiceStore: DeviceChoiceStore;
  probe: ConnectionProbe | undefined;
  browser: RecoveryBrowser;
  deviceList: DeviceOption[];
  choices: DeviceChoices;
  stream: MediaStream | undefined;
  /** The patient turned the camera off, or it was busy and they chose to go on without it. */
  audioOnly: boolean;
  /** Microphone loudness, 0 to 1. */
  level: number;
  connection: ConnectionReport | undefined;
  error: AttuneError | undefined;
  result: DeviceCheckResult | undefined;
}

export type DeviceCheckEvent =
  | { type: 'REQUEST_ACCESS' }
  | { type: 'RETRY' }
  | { type: 'USE_AUDIO_ONLY' }
  | { type: 'SKIP' }
  | { type: 'SELECT_CAMERA'; deviceId: string }
  | { type: 'SELECT_MICROPHONE'; deviceId: string }
  | { type: 'SELECT_SPEAKER'; deviceId: string }
  | { type: 'PLAY_TEST_SOUND' }
  | { type: 'TEST_CONNECTION' }
  | { type: 'CONTINUE' }
  | { type: 'CONTINUE_AUDIO_ONLY' }
  | { type: 'LEVEL'; level: number }
  | { type: 'DEVICES_CHANGED' };

/** What the check hands on: the result and the chosen device ids, for the call to open the same devices. */
export interface DeviceCheckOutcome extends DeviceChoices {
  result: DeviceCheckResult;
  connection?: ConnectionReport | undefined;
}

export function deviceCheckOutcome(context: DeviceCheckContext): DeviceCheckOutcome {
  return { result: context.result ?? 'failed', ...context.choices, connection: context.connection };
}

interface OpenedMedia {
  stream: MediaStream;
  deviceList: DeviceOption[];
  choices: DeviceChoices;
}

interface OpenInput {
  devices: MediaDevicesPort;
  choices: DeviceChoices;
  audioOnly: boolean;
}

/** Opens the microphone (and camera unless audio-only or absent), falling back to defaults when a remembered device is gone. */
async function openMedia({ devices, choices, audioOnly }: OpenInput, signal: AbortSignal): Promise<OpenedMedia> {
  const before = await devices.enumerate();
  if (!before.some((device) => device.kind === 'audioinput')) {
    throw new AttuneError('media/device-not-found', 'No microphone was found.');
  }
  const video = !audioOnly && before.some((device) => device.kind === 'videoinput');
  const request = { audioInputId: choices.audioInputId, videoInputId: video ? choices.videoInputId : undefined, video };
  let stream: MediaStream;
  try {
    stream = await devices.open(request);
  } catch (error) {
    const remembered = request.audioInputId !== undefined || request.videoInputId !== undefined;
    if (!(remembered && error instanceof AttuneError && error.code === 'media/device-not-found')) throw error;
    stream = await devices.open({ video, audioInputId: undefined, videoInputId: undefined });
  }
  if (signal.aborted) {
    devices.release(stream);
    throw signal.reason;
  }
  // Labels and real ids are only listed once access is granted, so list again.
  const deviceList = await devices.enumerate();
  const outputs = deviceList.filter((device) => device.kind === 'audiooutput');
  return {
    stream,
    deviceList,
    choices: {
      audioInputId: stream.getAudioTracks()[0]?.getSettings().deviceId,
      videoInputId: stream.getVideoTracks()[0]?.getSettings().deviceId,
      audioOutputId: outputs.some((device) => device.deviceId === choices.audioOutputId) ? choices.audioOutputId : outputs[0]?.deviceId,
    },
  };
}

const errorTargets = [
  { target: '#deviceCheck.permissionDenied', guard: 'isDenied', actions: 'rememberError' },
  { target: '#deviceCheck.noDevice', guard: 'isNotFound', actions: 'rememberError' },
  { target: '#deviceCheck.deviceBusy', actions: 'rememberError' },
] as const;

/**
 * The pre-call device check: asks for camera and microphone, shows a preview and a level meter,
 * lets the patient choose devices and test the speaker and connection, and ends with a result the
 * waiting room reports to the clinician. Every failure has its own state with a way forward.
 */
export const deviceCheckMachine = setup({
  types: {
    context: {} as DeviceCheckContext,
    events: {} as DeviceCheckEvent,
    input: {} as DeviceCheckInput,
    output: {} as DeviceCheckOutcome,
  },
  actors: {
    checkPermission: fromPromise<PermissionStatus, { devices: MediaDevicesPort }>(({ input }) => input.devices.permission()),
    openMedia: fromPromise<OpenedMedia, OpenInput>(({ input, signal }) => openMedia(input, signal)),
    // Owns the preview stream while it is shown: leaving the state, or stopping the actor, releases the devices.
    previewMedia: fromCallback<DeviceCheckEvent, { devices: MediaDevicesPort; stream: MediaStream }>(({ input, sendBack }) => {
      const stopLevel = input.devices.watchLevel(input.stream, (level) => sendBack({ type: 'LEVEL', level }));
      return () => {
        stopLevel();
        input.devices.release(input.stream);
      };
    }),
    watchDevices: fromCallback<DeviceCheckEvent, { devices: MediaDevicesPort }>(({ input, sendBack }) =>
      input.devices.watchDevices(() => sendBack({ type: 'DEVICES_CHANGED' })),
    ),
    playTestSound: fromPromise<void, { devices: MediaDevicesPort; audioOutputId: string | undefined }>(({ input }) =>
      input.devices.playTestSound(input.audioOutputId),
    ),
    testConnection: fromPromise<ConnectionReport, { probe: ConnectionProbe }>(({ input, signal }) => input.probe(signal)),
  },
  guards: {
    isGranted: ({ event }) => (event as unknown as { output: PermissionStatus }).output === 'granted',
    isDeniedStatus: ({ event }) => (event as unknown as { output: PermissionStatus }).output === 'denied',
    isDenied: ({ event }) => toAttuneError((event as unknown as { error: unknown }).error).code === 'media/permission-denied',
    isNotFound: ({ event }) => toAttuneError((event as unknown as { error: unknown }).error).code === 'media/device-not-found',
    canTestConnection: ({ context }) => context.probe !== undefined,
    canUseAudioOnly: ({ context }) => !context.audioOnly,
    canChooseSpeaker: ({ context }) => context.devices.canChooseSpeaker(),
  },
  actions: {
    rememberError: assign({ error: ({ event }) => toAttuneError((event as unknown as { error: unknown }).error, 'media/device-busy') }),
    takeMedia: assign(({ event, context }) => {
      const opened = (event as unknown as { output: OpenedMedia }).output;
      context.choiceStore.save(opened.choices);
      return { stream: opened.stream, deviceList: opened.deviceList, choices: opened.choices, error: undefined, level: 0 };
    }),
    forgetStream: assign({ stream: undefined, level: 0 }),
  },
}).createMachine({
  id: 'deviceCheck',
  output: ({ context }) => deviceCheckOutcome(context),
  context: ({ input }) => {
    const choiceStore = input.choices ?? createLocalDeviceChoiceStore();
    return {
      devices: input.devices ?? createBrowserMediaDevices(),
      choiceStore,
      probe: input.probe,
      browser: input.browser ?? recoveryBrowserFrom(globalThis.navigator?.userAgent ?? ''),
      deviceList: [],
      choices: choiceStore.load(),
      stream: undefined,
      audioOnly: false,
      level: 0,
      connection: undefined,
      error: undefined,
      result: undefined,
    };
  },
  initial: 'checkingPermissions',
  states: {
    checkingPermissions: {
      invoke: {
        src: 'checkPermission',
        input: ({ context }) => ({ devices: context.devices }),
        onDone: [
          { target: 'requestingAccess', guard: 'isGranted' },
          {
            target: 'permissionDenied',
            guard: 'isDeniedStatus',
            actions: assign({ error: () => new AttuneError('media/permission-denied', 'Camera and microphone access is blocked.') }),
          },
          { target: 'permissionPrompt' },
        ],
        // A browser that cannot answer is asked directly.
        onError: { target: 'permissionPrompt' },
      },
    },
    permissionPrompt: {
      on: { REQUEST_ACCESS: 'requestingAccess' },
    },
    requestingAccess: {
      invoke: {
        src: 'openMedia',
        input: ({ context }) => ({ devices: context.devices, choices: context.choices, audioOnly: context.audioOnly }),
        onDone: { target: 'ready', actions: 'takeMedia' },
        onError: [...errorTargets],
      },
    },
    permissionDenied: {
      on: { RETRY: 'requestingAccess', SKIP: { target: 'completed', actions: assign({ result: 'failed' }) } },
    },
    noDevice: {
      invoke: { src: 'watchDevices', input: ({ context }) => ({ devices: context.devices }) },
      on: {
        RETRY: 'requestingAccess',
        DEVICES_CHANGED: 'requestingAccess',
        SKIP: { target: 'completed', actions: assign({ result: 'failed' }) },
      },
    },
    deviceBusy: {
      on: {
        RETRY: 'requestingAccess',
        USE_AUDIO_ONLY: { target: 'requestingAccess', guard: 'canUseAudioOnly', actions: assign({ audioOnly: true }) },
        SKIP: { target: 'completed', actions: assign({ result: 'failed' }) },
      },
    },
    ready: {
      type: 'parallel',
      invoke: { src: 'watchDevices', input: ({ context }) => ({ devices: context.devices }) },
      on: {
        CONTINUE: {
          target: 'completed',
          actions: assign({ result: ({ context }) => (context.audioOnly || !context.choices.videoInputId ? 'audio-only' : 'passed') }),
        },
        CONTINUE_AUDIO_ONLY: { target: 'completed', actions: assign({ result: 'audio-only' }) },
        SELECT_SPEAKER: {
          guard: 'canChooseSpeaker',
          actions: assign({ choices: ({ context, event }) => ({ ...context.choices, audioOutputId: event.deviceId }) }),
        },
        LEVEL: { actions: assign({ level: ({ event }) => event.level }) },
      },
      states: {
        media: {
          initial: 'previewing',
          states: {
            previewing: {
              invoke: {
                src: 'previewMedia',
                input: ({ context }) => ({ devices: context.devices, stream: context.stream as MediaStream }),
              },
              on: {
                SELECT_CAMERA: {
                  target: 'switching',
                  actions: assign({ choices: ({ context, event }) => ({ ...context.choices, videoInputId: event.deviceId }), audioOnly: false }),
                },
                SELECT_MICROPHONE: {
                  target: 'switching',
                  actions: assign({ choices: ({ context, event }) => ({ ...context.choices, audioInputId: event.deviceId }) }),
                },
                USE_AUDIO_ONLY: { target: 'switching', guard: 'canUseAudioOnly', actions: assign({ audioOnly: true }) },
                DEVICES_CHANGED: 'switching',
              },
            },
            switching: {
              entry: 'forgetStream',
              invoke: {
                src: 'openMedia',
                input: ({ context }) => ({ devices: context.devices, choices: context.choices, audioOnly: context.audioOnly }),
                onDone: { target: 'previewing', actions: 'takeMedia' },
                onError: [...errorTargets],
              },
            },
          },
        },
        connection: {
          initial: 'untested',
          states: {
            untested: { on: { TEST_CONNECTION: { target: 'testing', guard: 'canTestConnection' } } },
            testing: {
              invoke: {
                src: 'testConnection',
                input: ({ context }) => ({ probe: context.probe as ConnectionProbe }),
                onDone: { target: 'tested', actions: assign({ connection: ({ event }) => event.output }) },
                onError: { target: 'tested', actions: assign({ connection: { reachable: false, transport: 'unknown' } }) },
              },
            },
            tested: { on: { TEST_CONNECTION: { target: 'testing', guard: 'canTestConnection' } } },
          },
        },
        speaker: {
          initial: 'silent',
          states: {
            silent: { on: { PLAY_TEST_SOUND: 'playing' } },
            playing: {
              invoke: {
                src: 'playTestSound',
                input: ({ context }) => ({ devices: context.devices, audioOutputId: context.choices.audioOutputId }),
                onDone: 'silent',
                onError: 'silent',
              },
            },
          },
        },
      },
    },
    completed: {
      type: 'final',
      entry: ({ context }) => context.choiceStore.save(context.choices),
    },
  },
});
