import type { SnapshotFrom } from 'xstate';
import type { ConnectionReport } from './connection-probe.js';
import { deviceCheckOutcome, type DeviceCheckEvent, type DeviceCheckOutcome, type deviceCheckMachine } from './device-check.machine.js';
import type { DeviceKind } from './media-devices.js';
import type { RecoveryBrowser } from './recovery-browser.js';

export type DeviceCheckSnapshot = SnapshotFrom<typeof deviceCheckMachine>;

/** The screen to show, one per top-level machine state; the element sets it as `data-state`. */
export type DeviceCheckView =
  | 'checking-permissions'
  | 'permission-prompt'
  | 'requesting-access'
  | 'permission-denied'
  | 'no-device'
  | 'device-busy'
  | 'ready'
  | 'completed';

export interface DeviceChoiceView {
  deviceId: string;
  /** The browser's label; empty before access is granted, so the UI falls back to "Camera 2". */
  label: string;
  /** 1-based position among devices of its kind. */
  number: number;
  selected: boolean;
}

export interface DeviceCheckViewModel {
  view: DeviceCheckView;
  /** True while the browser is being asked (a spinner, and nothing to press). */
  busy: boolean;
  recoveryBrowser: RecoveryBrowser;
  /** The stream to show in the preview; undefined while switching or without a camera. */
  previewStream: MediaStream | undefined;
  showPreview: boolean;
  switchingDevice: boolean;
  cameras: DeviceChoiceView[];
  microphones: DeviceChoiceView[];
  speakers: DeviceChoiceView[];
  canChooseSpeaker: boolean;
  /** Microphone loudness as a whole percentage, for the meter's value and its aria-valuenow. */
  levelPercent: number;
  audioOnly: boolean;
  canUseAudioOnly: boolean;
  testSoundPlaying: boolean;
  connectionTest: 'unavailable' | 'untested' | 'testing' | 'tested';
  connection: ConnectionReport | undefined;
  /** Set once the check has ended. */
  outcome: DeviceCheckOutcome | undefined;
  requestAccess(): void;
  retry(): void;
  useAudioOnly(): void;
  skip(): void;
  selectCamera(deviceId: string): void;
  selectMicrophone(deviceId: string): void;
  selectSpeaker(deviceId: string): void;
  playTestSound(): void;
  testConnection(): void;
  continueToVisit(): void;
  continueAudioOnly(): void;
}

const topLevelViews: Record<string, DeviceCheckView> = {
  checkingPermissions: 'checking-permissions',
  permissionPrompt: 'permission-prompt',
  requestingAccess: 'requesting-access',
  permissionDenied: 'permission-denied',
  noDevice: 'no-device',
  deviceBusy: 'device-busy',
  ready: 'ready',
  completed: 'completed',
};

export function connectDeviceCheck(snapshot: DeviceCheckSnapshot, send: (event: DeviceCheckEvent) => void): DeviceCheckViewModel {
  const { context } = snapshot;
  const topState = typeof snapshot.value === 'string' ? snapshot.value : (Object.keys(snapshot.value)[0] ?? 'checkingPermissions');
  const view = topLevelViews[topState] ?? 'checking-permissions';
  const ready = view === 'ready';
  const switchingDevice = snapshot.matches({ ready: { media: 'switching' } });
  const choicesOf = (kind: DeviceKind, selectedId: string | undefined): DeviceChoiceView[] =>
    context.deviceList
      .filter((device) => device.kind === kind)
      .map((device, index) => ({ deviceId: device.deviceId, label: device.label, number: index + 1, selected: device.deviceId === selectedId }));
  const hasVideo = (context.stream?.getVideoTracks().length ?? 0) > 0;
  const connectionTest =
    context.probe === undefined
      ? 'unavailable'
      : snapshot.matches({ ready: { connection: 'testing' } })
        ? 'testing'
        : snapshot.matches({ ready: { connection: 'tested' } })
          ? 'tested'
          : 'untested';

  return {
    view,
    busy: view === 'checking-permissions' || view === 'requesting-access',
    recoveryBrowser: context.browser,
    previewStream: ready && hasVideo ? context.stream : undefined,
    showPreview: ready && hasVideo && !switchingDevice,
    switchingDevice,
    cameras: choicesOf('videoinput', context.choices.videoInputId),
    microphones: choicesOf('audioinput', context.choices.audioInputId),
    speakers: choicesOf('audiooutput', context.choices.audioOutputId),
    canChooseSpeaker: context.devices.canChooseSpeaker(),
    levelPercent: Math.round(Math.max(0, Math.min(1, context.level)) * 100),
    audioOnly: context.audioOnly,
    canUseAudioOnly: !context.audioOnly,
    testSoundPlaying: snapshot.matches({ ready: { speaker: 'playing' } }),
    connectionTest,
    connection: context.connection,
    outcome: view === 'completed' ? deviceCheckOutcome(context) : undefined,
    requestAccess: () => send({ type: 'REQUEST_ACCESS' }),
    retry: () => send({ type: 'RETRY' }),
    useAudioOnly: () => send({ type: 'USE_AUDIO_ONLY' }),
    skip: () => send({ type: 'SKIP' }),
    selectCamera: (deviceId) => send({ type: 'SELECT_CAMERA', deviceId }),
    selectMicrophone: (deviceId) => send({ type: 'SELECT_MICROPHONE', deviceId }),
    selectSpeaker: (deviceId) => send({ type: 'SELECT_SPEAKER', deviceId }),
    playTestSound: () => send({ type: 'PLAY_TEST_SOUND' }),
    testConnection: () => send({ type: 'TEST_CONNECTION' }),
    continueToVisit: () => send({ type: 'CONTINUE' }),
    continueAudioOnly: () => send({ type: 'CONTINUE_AUDIO_ONLY' }),
  };
}
