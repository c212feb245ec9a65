import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createActor, waitFor, type AnyStateMachine, type InspectionEvent } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { AttuneError } from '../errors.js';
import type { ConnectionProbe } from './connection-probe.js';
import { connectDeviceCheck } from './device-check.connect.js';
import { deviceCheckMachine, type DeviceCheckInput } from './device-check.machine.js';
import { createLocalDeviceChoiceStore, createMemoryDeviceChoiceStore } from './device-choices.js';
import { mediaErrorFrom, type DeviceOption, type MediaDevicesPort, type OpenRequest, type PermissionStatus } from './media-devices.js';
import { recoveryBrowserFrom } from './recovery-browser.js';

const camera1: DeviceOption = { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera' };
const camera2: DeviceOption = { deviceId: 'cam-2', kind: 'videoinput', label: 'USB camera' };
const microphone1: DeviceOption = { deviceId: 'mic-1', kind: 'audioinput', label: 'Built-in microphone' };
const microphone2: DeviceOption = { deviceId: 'mic-2', kind: 'audioinput', label: 'Headset microphone' };
const speaker1: DeviceOption = { deviceId: 'spk-1', kind: 'audiooutput', label: 'Speakers' };
const speaker2: DeviceOption = { deviceId: 'spk-2', kind: 'audiooutput', label: 'Headphones' };

interface FakeTrack {
  kind: 'audio' | 'video';
  stopped: boolean;
  stop(): void;
  getSettings(): { deviceId: string };
}

function fakeStream(audioId: string, videoId: string | undefined): MediaStream {
  const track = (kind: 'audio' | 'video', deviceId: string): FakeTrack => ({
    kind,
    stopped: false,
    stop() {
      this.stopped = true;
    },
    getSettings: () => ({ deviceId }),
  });
  const tracks = [track('audio', audioId), ...(videoId ? [track('video', videoId)] : [])];
  return {
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  } as unknown as MediaStream;
}

const allStopped = (stream: MediaStream) => (stream.getTracks() as unknown as FakeTrack[]).every((track) => track.stopped);

/** A scriptable stand-in for the browser: each test sets what permission says, which devices exist and how opening fails. */
class FakeDevices implements MediaDevicesPort {
  permissionStatus: PermissionStatus | Error = 'granted';
  list: DeviceOption[] = [camera1, camera2, microphone1, microphone2, speaker1, speaker2];
  /** Errors to throw from the next open() calls, in order. */
  openFailures: AttuneError[] = [];
  opened: OpenRequest[] = [];
  streams: MediaStream[] = [];
  released: MediaStream[] = [];
  speakerChoice = true;
  levelListener: ((level: number) => void) | undefined;
  deviceListener: (() => void) | undefined;
  soundsPlayed: Array<string | undefined> = [];
  finishSound: (() => void) | undefined;
  failSound: ((error: Error) => void) | undefined;

  async permission() {
    if (this.permissionStatus instanceof Error) throw this.permissionStatus;
    return this.permissionStatus;
  }
  async enumerate() {
    return [...this.list];
  }
  async open(request: OpenRequest) {
    this.opened.push(request);
    const failure = this.openFailures.shift();
    if (failure) throw failure;
    const has = (id: string | undefined) => id === undefined || this.list.some((device) => device.deviceId === id);
    if (!has(request.audioInputId) || !has(request.videoInputId)) throw new AttuneError('media/device-not-found', 'gone');
    const audio = request.audioInputId ?? this.list.find((device) => device.kind === 'audioinput')!.deviceId;
    const video = request.video ? (request.videoInputId ?? this.list.find((device) => device.kind === 'videoinput')?.deviceId) : undefined;
    const stream = fakeStream(audio, video);
    this.streams.push(stream);
    return stream;
  }
  release(stream: MediaStream) {
    this.released.push(stream);
    for (const track of stream.getTracks()) track.stop();
  }
  watchLevel(_stream: MediaStream, onLevel: (level: number) => void) {
    this.levelListener = onLevel;
    return () => {
      this.levelListener = undefined;
    };
  }
  playTestSound(audioOutputId?: string) {
    this.soundsPlayed.push(audioOutputId);
    return new Promise<void>((resolve, reject) => {
      this.finishSound = resolve;
      this.failSound = reject;
    });
  }
  canChooseSpeaker() {
    return this.speakerChoice;
  }
  watchDevices(onChange: () => void) {
    this.deviceListener = onChange;
    return () => {
      this.deviceListener = undefined;
    };
  }
}

// Every transition any test takes, to prove at the end that the tests walk the whole chart.
const visitedStates = new Set<string>();
const takenTransitions = new Set<string>();
function recordCoverage(event: InspectionEvent) {
  if (event.type === '@xstate.snapshot') {
    for (const node of (event.snapshot as unknown as { _nodes?: Array<{ id: string }> })._nodes ?? []) visitedStates.add(node.id);
  }
  if (event.type !== '@xstate.microstep') return;
  const microstep = event as unknown as { _transitions: Array<{ source: { id: string }; eventType: string }> };
  for (const transition of microstep._transitions) takenTransitions.add(`${transition.source.id} ${transition.eventType}`);
  for (const node of (event.snapshot as unknown as { _nodes: Array<{ id: string }> })._nodes) visitedStates.add(node.id);
}

function start(devices: FakeDevices, input: Omit<DeviceCheckInput, 'devices'> = {}) {
  const actor = createActor(deviceCheckMachine, {
    input: { devices, choices: createMemoryDeviceChoiceStore(), browser: 'chrome', ...input },
    inspect: recordCoverage,
  });
  actor.start();
  const view = () => connectDeviceCheck(actor.getSnapshot(), actor.send);
  return { actor, view };
}

describe('device check machine', () => {
  it('goes straight to the preview when access was granted before, listing every device', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices);
    assert.equal(view().view, 'checking-permissions');
    assert.equal(view().busy, true);
    await waitFor(actor, (s) => s.matches('ready'));
    const model = view();
    assert.equal(model.view, 'ready');
    assert.equal(model.showPreview, true);
    assert.ok(model.previewStream);
    assert.deepEqual(
      model.cameras.map((c) => [c.deviceId, c.number, c.selected]),
      [
        ['cam-1', 1, true],
        ['cam-2', 2, false],
      ],
    );
    assert.deepEqual(
      model.microphones.map((m) => m.label),
      ['Built-in microphone', 'Headset microphone'],
    );
    assert.equal(model.speakers.find((s) => s.selected)?.deviceId, 'spk-1');
    actor.stop();
  });

  it('asks before opening when the browser has not been given access, and opens on request', async () => {
    const devices = new FakeDevices();
    devices.permissionStatus = 'prompt';
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('permissionPrompt'));
    assert.equal(devices.opened.length, 0, 'nothing is opened before the patient asks');
    view().requestAccess();
    assert.equal(view().view, 'requesting-access');
    await waitFor(actor, (s) => s.matches('ready'));
    actor.stop();
  });

  it('asks directly when the browser cannot tell whether access is allowed (Firefox, Safari)', async () => {
    const devices = new FakeDevices();
    devices.permissionStatus = 'unknown';
    const { actor } = start(devices);
    await waitFor(actor, (s) => s.matches('permissionPrompt'));
    devices.permissionStatus = new Error('permissions API missing');
    const second = start(devices);
    await waitFor(second.actor, (s) => s.matches('permissionPrompt'));
    actor.stop();
    second.actor.stop();
  });

  it('shows browser-specific recovery when access is blocked, and recovers on retry once allowed', async () => {
    const devices = new FakeDevices();
    devices.permissionStatus = 'denied';
    const { actor, view } = start(devices, { browser: 'firefox' });
    await waitFor(actor, (s) => s.matches('permissionDenied'));
    assert.equal(view().recoveryBrowser, 'firefox');
    assert.equal(actor.getSnapshot().context.error?.code, 'media/permission-denied');
    view().retry();
    await waitFor(actor, (s) => s.matches('ready'));
    actor.stop();
  });

  it('lands in permission denied when the patient refuses the browser prompt', async () => {
    const devices = new FakeDevices();
    devices.permissionStatus = 'prompt';
    devices.openFailures = [new AttuneError('media/permission-denied', 'no')];
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('permissionPrompt'));
    view().requestAccess();
    await waitFor(actor, (s) => s.matches('permissionDenied'));
    view().skip();
    assert.equal(view().view, 'completed');
    assert.equal(view().outcome?.result, 'failed');
    assert.deepEqual(actor.getSnapshot().output?.result, 'failed');
  });

  it('says no device when there is no microphone, and carries on by itself when one is plugged in', async () => {
    const devices = new FakeDevices();
    devices.list = [camera1];
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('noDevice'));
    assert.equal(actor.getSnapshot().context.error?.code, 'media/device-not-found');
    view().retry();
    await waitFor(actor, (s) => s.matches('noDevice'));
    devices.list = [camera1, microphone1];
    devices.deviceListener?.();
    await waitFor(actor, (s) => s.matches('ready'));
    view().continueToVisit();
    assert.equal(view().outcome?.result, 'passed');
  });

  it('lets a patient with no device skip the check with a failed result', async () => {
    const devices = new FakeDevices();
    devices.list = [];
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('noDevice'));
    view().skip();
    assert.equal(actor.getSnapshot().output?.result, 'failed');
  });

  it('opens the microphone alone when there is no camera, and reports audio-only', async () => {
    const devices = new FakeDevices();
    devices.list = [microphone1, speaker1];
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('ready'));
    assert.equal(devices.opened[0]?.video, false);
    assert.equal(view().showPreview, false);
    view().continueToVisit();
    assert.equal(view().outcome?.result, 'audio-only');
  });

  it('offers audio only when the camera is busy in another application', async () => {
    const devices = new FakeDevices();
    devices.openFailures = [new AttuneError('media/device-busy', 'busy'), new AttuneError('media/device-busy', 'busy')];
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('deviceBusy'));
    assert.equal(view().view, 'device-busy');
    view().retry();
    await waitFor(actor, (s) => s.matches('deviceBusy'));
    assert.equal(view().canUseAudioOnly, true);
    view().useAudioOnly();
    await waitFor(actor, (s) => s.matches('ready'));
    assert.equal(devices.opened.at(-1)?.video, false);
    assert.equal(view().audioOnly, true);
    assert.equal(view().canUseAudioOnly, false);
    view().continueToVisit();
    assert.equal(view().outcome?.result, 'audio-only');
  });

  it('lets a patient skip when the devices stay busy', async () => {
    const devices = new FakeDevices();
    devices.openFailures = [new AttuneError('media/device-busy', 'busy')];
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('deviceBusy'));
    view().skip();
    assert.equal(actor.getSnapshot().output?.result, 'failed');
  });

  it('moves the level meter with the microphone', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('ready'));
    assert.equal(view().levelPercent, 0);
    devices.levelListener?.(0.42);
    assert.equal(view().levelPercent, 42);
    devices.levelListener?.(3);
    assert.equal(view().levelPercent, 100, 'the meter never passes full');
    actor.stop();
  });

  it('switches camera and microphone, releasing the old devices and remembering the new ids', async () => {
    const devices = new FakeDevices();
    const store = createMemoryDeviceChoiceStore();
    const { actor, view } = start(devices, { choices: store });
    await waitFor(actor, (s) => s.matches('ready'));
    const first = devices.streams[0]!;
    view().selectCamera('cam-2');
    assert.equal(view().switchingDevice, true);
    assert.equal(view().showPreview, false);
    assert.ok(allStopped(first), 'the first camera is released before the next opens');
    await waitFor(actor, (s) => s.matches({ ready: { media: 'previewing' } }));
    assert.equal(view().cameras.find((c) => c.selected)?.deviceId, 'cam-2');
    view().selectMicrophone('mic-2');
    await waitFor(actor, (s) => s.matches({ ready: { media: 'previewing' } }) && s.context.choices.audioInputId === 'mic-2');
    assert.equal(store.load().videoInputId, 'cam-2');
    assert.equal(store.load().audioInputId, 'mic-2');
    actor.stop();
    assert.ok(devices.streams.every(allStopped), 'stopping the check releases every device');
  });

  it('turns the camera off on request and continues audio only', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('ready'));
    view().useAudioOnly();
    await waitFor(actor, (s) => s.matches({ ready: { media: 'previewing' } }));
    assert.equal(devices.opened.at(-1)?.video, false);
    view().continueAudioOnly();
    assert.equal(actor.getSnapshot().output?.result, 'audio-only');
    assert.ok(devices.streams.every(allStopped), 'finishing releases the devices for the call to take');
  });

  it('reopens the devices when one is unplugged during the preview', async () => {
    const devices = new FakeDevices();
    const { actor } = start(devices, { choices: createMemoryDeviceChoiceStore({ videoInputId: 'cam-2' }) });
    await waitFor(actor, (s) => s.matches('ready'));
    assert.equal(actor.getSnapshot().context.choices.videoInputId, 'cam-2');
    devices.list = [camera1, microphone1, speaker1];
    devices.deviceListener?.();
    await waitFor(actor, (s) => s.matches({ ready: { media: 'previewing' } }) && s.context.choices.videoInputId === 'cam-1');
    actor.stop();
  });

  it('falls back to the default devices when a remembered one is gone', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices, { choices: createMemoryDeviceChoiceStore({ videoInputId: 'cam-9', audioInputId: 'mic-9', audioOutputId: 'spk-9' }) });
    await waitFor(actor, (s) => s.matches('ready'));
    assert.equal(view().cameras.find((c) => c.selected)?.deviceId, 'cam-1');
    assert.equal(view().microphones.find((m) => m.selected)?.deviceId, 'mic-1');
    assert.equal(view().speakers.find((s) => s.selected)?.deviceId, 'spk-1');
    actor.stop();
  });

  it('uses the remembered devices when they are still there', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices, { choices: createMemoryDeviceChoiceStore({ videoInputId: 'cam-2', audioInputId: 'mic-2', audioOutputId: 'spk-2' }) });
    await waitFor(actor, (s) => s.matches('ready'));
    assert.deepEqual(devices.opened[0], { audioInputId: 'mic-2', videoInputId: 'cam-2', video: true });
    assert.equal(view().speakers.find((s) => s.selected)?.deviceId, 'spk-2');
    actor.stop();
  });

  it('plays the test sound on the chosen speaker, where the browser can choose one', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('ready'));
    view().selectSpeaker('spk-2');
    view().playTestSound();
    assert.equal(view().testSoundPlaying, true);
    assert.deepEqual(devices.soundsPlayed, ['spk-2']);
    devices.finishSound?.();
    await waitFor(actor, (s) => s.matches({ ready: { speaker: 'silent' } }));
    view().playTestSound();
    devices.failSound?.(new Error('output device gone'));
    await waitFor(actor, (s) => s.matches({ ready: { speaker: 'silent' } }));
    assert.ok(actor.getSnapshot().matches({ ready: { media: 'previewing' } }), 'a failed test sound leaves the check usable');
    devices.speakerChoice = false;
    view().selectSpeaker('spk-1');
    assert.equal(actor.getSnapshot().context.choices.audioOutputId, 'spk-2', 'no speaker choice where setSinkId is missing');
    assert.equal(view().canChooseSpeaker, false);
    actor.stop();
  });

  it('offers no connection test without a probe', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('ready'));
    assert.equal(view().connectionTest, 'unavailable');
    view().testConnection();
    assert.ok(actor.getSnapshot().matches({ ready: { connection: 'untested' } }));
    actor.stop();
  });

  it('tests the connection while the preview keeps running, and can test again', async () => {
    const devices = new FakeDevices();
    let answer: (report: { reachable: boolean; roundTripMs?: number; transport: 'udp' | 'tcp-only' | 'unknown' }) => void = () => {};
    const probe: ConnectionProbe = () => new Promise((resolve) => (answer = resolve));
    const { actor, view } = start(devices, { probe });
    await waitFor(actor, (s) => s.matches('ready'));
    assert.equal(view().connectionTest, 'untested');
    view().testConnection();
    assert.equal(view().connectionTest, 'testing');
    assert.equal(view().showPreview, true);
    answer({ reachable: true, roundTripMs: 42, transport: 'udp' });
    await waitFor(actor, (s) => s.matches({ ready: { connection: 'tested' } }));
    assert.deepEqual(view().connection, { reachable: true, roundTripMs: 42, transport: 'udp' });
    view().testConnection();
    assert.equal(view().connectionTest, 'testing');
    answer({ reachable: true, roundTripMs: 60, transport: 'tcp-only' });
    await waitFor(actor, (s) => s.matches({ ready: { connection: 'tested' } }));
    view().continueToVisit();
    assert.deepEqual(actor.getSnapshot().output, {
      result: 'passed',
      audioInputId: 'mic-1',
      videoInputId: 'cam-1',
      audioOutputId: 'spk-1',
      connection: { reachable: true, roundTripMs: 60, transport: 'tcp-only' },
    });
  });

  it('reports an unreachable server when the probe fails', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices, { probe: async () => Promise.reject(new Error('refused')) });
    await waitFor(actor, (s) => s.matches('ready'));
    view().testConnection();
    await waitFor(actor, (s) => s.matches({ ready: { connection: 'tested' } }));
    assert.deepEqual(view().connection, { reachable: false, transport: 'unknown' });
    actor.stop();
  });

  it('surfaces a failed switch the same way as a failed first open', async () => {
    const devices = new FakeDevices();
    const { actor, view } = start(devices);
    await waitFor(actor, (s) => s.matches('ready'));
    devices.openFailures = [new AttuneError('media/permission-denied', 'revoked')];
    view().selectCamera('cam-2');
    await waitFor(actor, (s) => s.matches('permissionDenied'));
    actor.stop();
  });

  after(() => {
    const expectedStates = getStateNodes(deviceCheckMachine as AnyStateMachine).map((node) => node.id);
    const missingStates = expectedStates.filter((id) => !visitedStates.has(id));
    assert.deepEqual(missingStates, [], 'every state is reached by some test');
    const declared = getStateNodes(deviceCheckMachine as AnyStateMachine).flatMap((node) =>
      [...node.transitions.keys()].map((eventType) => `${node.id} ${eventType}`),
    );
    const missing = declared.filter((transition) => !takenTransitions.has(transition));
    assert.deepEqual(missing, [], 'every transition is taken by some test');
  });
});

describe('device check helpers', () => {
  it('maps getUserMedia failures to error codes without copying the browser message', () => {
    const named = (name: string) => Object.assign(new Error('secret detail'), { name });
    assert.equal(mediaErrorFrom(named('NotAllowedError')).code, 'media/permission-denied');
    assert.equal(mediaErrorFrom(named('SecurityError')).code, 'media/permission-denied');
    assert.equal(mediaErrorFrom(named('NotFoundError')).code, 'media/device-not-found');
    assert.equal(mediaErrorFrom(named('OverconstrainedError')).code, 'media/device-not-found');
    assert.equal(mediaErrorFrom(named('NotReadableError')).code, 'media/device-busy');
    assert.equal(mediaErrorFrom(named('TypeError')).code, 'internal');
    assert.doesNotMatch(mediaErrorFrom(named('NotReadableError')).message, /secret/);
  });

  it('knows whose settings to describe from the user agent', () => {
    const agents = {
      chrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
      edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
      firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
      safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
      other: 'curl/8.0',
    } as const;
    for (const [browser, agent] of Object.entries(agents)) assert.equal(recoveryBrowserFrom(agent), browser);
  });

  it('remembers device ids only, and forgets quietly when storage is broken', () => {
    const backing = new Map<string, string>();
    const storage = { getItem: (key: string) => backing.get(key) ?? null, setItem: (key: string, value: string) => void backing.set(key, value) };
    const store = createLocalDeviceChoiceStore(storage);
    store.save({ audioInputId: 'mic-1', videoInputId: 'cam-1', audioOutputId: 'spk-1', label: 'Jane’s camera' } as never);
    assert.deepEqual(store.load(), { audioInputId: 'mic-1', videoInputId: 'cam-1', audioOutputId: 'spk-1' });
    assert.doesNotMatch([...backing.values()].join(), /Jane/);
    backing.set('attune.device-choices', '{not json');
    assert.deepEqual(store.load(), {});
    const broken = createLocalDeviceChoiceStore({
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    });
    assert.deepEqual(broken.load(), {});
    assert.doesNotThrow(() => broken.save({ audioInputId: 'x' }));
  });
});
