import {
  AttuneError,
  createMemoryDeviceChoiceStore,
  deviceCheckMachine,
  type ConnectionReport,
  type DeviceOption,
  type MediaDevicesPort,
  type PermissionStatus,
  type RecoveryBrowser,
} from '@attune/core';
import '@attune/elements/device-check.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { createActor, waitFor } from 'xstate';

// Every story drives the real machine through a scripted device port, so each state shows exactly
// what a patient sees in it, without needing a camera or a permission prompt.

const devices: DeviceOption[] = [
  { deviceId: 'cam-1', kind: 'videoinput', label: 'FaceTime HD Camera' },
  { deviceId: 'cam-2', kind: 'videoinput', label: 'USB Webcam' },
  { deviceId: 'mic-1', kind: 'audioinput', label: 'MacBook Microphone' },
  { deviceId: 'mic-2', kind: 'audioinput', label: 'Headset Microphone' },
  { deviceId: 'spk-1', kind: 'audiooutput', label: 'MacBook Speakers' },
  { deviceId: 'spk-2', kind: 'audiooutput', label: 'Headphones' },
];

/** A calm moving picture and a silent audio track, standing in for a camera and a microphone. */
function demoStream(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext('2d')!;
  let hue = 200;
  const paint = () => {
    hue = (hue + 0.3) % 360;
    context.fillStyle = `hsl(${hue} 40% 55%)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
    if (canvas.isConnected || stream.active) requestAnimationFrame(paint);
  };
  const audio = new AudioContext();
  const destination = audio.createMediaStreamDestination();
  const stream = new MediaStream([...canvas.captureStream(15).getVideoTracks(), ...destination.stream.getAudioTracks()]);
  paint();
  return stream;
}

interface Script {
  permission?: PermissionStatus | 'never';
  openError?: AttuneError;
  openNever?: boolean;
  soundNever?: boolean;
  list?: DeviceOption[];
}

function scriptedDevices(script: Script): MediaDevicesPort {
  return {
    permission: () => (script.permission === 'never' ? new Promise(() => {}) : Promise.resolve(script.permission ?? 'granted')),
    enumerate: async () => script.list ?? devices,
    open: async (request) => {
      if (script.openNever) return new Promise<MediaStream>(() => {});
      if (script.openError) throw script.openError;
      const stream = demoStream();
      if (!request.video) for (const track of stream.getVideoTracks()) stream.removeTrack(track);
      return stream;
    },
    release: (stream) => stream.getTracks().forEach((track) => track.stop()),
    watchLevel: (_stream, onLevel) => {
      // A gently moving level, like someone talking.
      let phase = 0;
      const timer = setInterval(() => onLevel(0.35 + 0.25 * Math.sin((phase += 0.6))), 150);
      return () => clearInterval(timer);
    },
    playTestSound: () => new Promise((resolve) => (script.soundNever ? undefined : setTimeout(resolve, 800))),
    canChooseSpeaker: () => true,
    watchDevices: () => () => {},
  };
}

function deviceCheck(script: Script, options: { probe?: () => Promise<ConnectionReport>; browser?: RecoveryBrowser } = {}) {
  return createActor(deviceCheckMachine, {
    input: {
      devices: scriptedDevices(script),
      choices: createMemoryDeviceChoiceStore(),
      browser: options.browser ?? 'chrome',
      ...(options.probe ? { probe: options.probe } : {}),
    },
  });
}

type DeviceCheckActor = ReturnType<typeof deviceCheck>;

/** Starts a check and walks it forward (changing the script on the way), so the story opens in the state it is named after. */
function shown(
  script: Script,
  options: Parameters<typeof deviceCheck>[1] = {},
  walk?: (actor: DeviceCheckActor, script: Script) => Promise<void>,
) {
  const actor = deviceCheck(script, options);
  actor.start();
  if (walk) void walk(actor, script);
  return html`<attune-device-check .actor=${actor}></attune-device-check>`;
}

const whenReady = (actor: DeviceCheckActor) => waitFor(actor, (snapshot) => snapshot.matches('ready'));

const goodConnection = async (): Promise<ConnectionReport> => ({ reachable: true, roundTripMs: 42, transport: 'udp' });

const meta: Meta = {
  title: 'Visit/Device check',
  component: 'attune-device-check',
};
export default meta;
type Story = StoryObj;

export const CheckingPermissions: Story = { render: () => shown({ permission: 'never' }) };

export const PermissionPrompt: Story = { render: () => shown({ permission: 'prompt' }) };

export const RequestingAccess: Story = {
  render: () =>
    shown({ permission: 'prompt', openNever: true }, {}, async (actor) => {
      await waitFor(actor, (snapshot) => snapshot.matches('permissionPrompt'));
      actor.send({ type: 'REQUEST_ACCESS' });
    }),
};

export const PermissionDeniedChrome: Story = { render: () => shown({ permission: 'denied' }, { browser: 'chrome' }) };
export const PermissionDeniedEdge: Story = { render: () => shown({ permission: 'denied' }, { browser: 'edge' }) };
export const PermissionDeniedFirefox: Story = { render: () => shown({ permission: 'denied' }, { browser: 'firefox' }) };
export const PermissionDeniedSafari: Story = { render: () => shown({ permission: 'denied' }, { browser: 'safari' }) };

export const NoDevice: Story = { render: () => shown({ list: [] }) };

export const DeviceBusy: Story = { render: () => shown({ openError: new AttuneError('media/device-busy', 'In use elsewhere.') }) };

export const Ready: Story = { render: () => shown({}, { probe: goodConnection }) };

export const ReadyAudioOnly: Story = { render: () => shown({ list: devices.filter((device) => device.kind !== 'videoinput') }) };

export const SwitchingDevice: Story = {
  render: () =>
    shown({}, {}, async (actor, script) => {
      await whenReady(actor);
      script.openNever = true;
      actor.send({ type: 'SELECT_CAMERA', deviceId: 'cam-2' });
    }),
};

export const PlayingTestSound: Story = {
  render: () =>
    shown({ soundNever: true }, {}, async (actor) => {
      await whenReady(actor);
      actor.send({ type: 'PLAY_TEST_SOUND' });
    }),
};

export const TestingConnection: Story = {
  render: () =>
    shown({}, { probe: () => new Promise(() => {}) }, async (actor) => {
      await whenReady(actor);
      actor.send({ type: 'TEST_CONNECTION' });
    }),
};

export const ConnectionResult: Story = {
  render: () =>
    shown({}, { probe: goodConnection }, async (actor) => {
      await whenReady(actor);
      actor.send({ type: 'TEST_CONNECTION' });
    }),
};

export const ConnectionTcpOnly: Story = {
  render: () =>
    shown({}, { probe: async () => ({ reachable: true, roundTripMs: 180, transport: 'tcp-only' }) }, async (actor) => {
      await whenReady(actor);
      actor.send({ type: 'TEST_CONNECTION' });
    }),
};

export const ConnectionUnreachable: Story = {
  render: () =>
    shown({}, { probe: async () => ({ reachable: false, transport: 'unknown' }) }, async (actor) => {
      await whenReady(actor);
      actor.send({ type: 'TEST_CONNECTION' });
    }),
};

export const Completed: Story = {
  render: () =>
    shown({}, {}, async (actor) => {
      await whenReady(actor);
      actor.send({ type: 'CONTINUE' });
    }),
};

export const CompletedAudioOnly: Story = {
  render: () =>
    shown({}, {}, async (actor) => {
      await whenReady(actor);
      actor.send({ type: 'CONTINUE_AUDIO_ONLY' });
    }),
};

export const CompletedWithoutDevices: Story = {
  render: () =>
    shown({ permission: 'denied' }, {}, async (actor) => {
      await waitFor(actor, (snapshot) => snapshot.matches('permissionDenied'));
      actor.send({ type: 'SKIP' });
    }),
};
