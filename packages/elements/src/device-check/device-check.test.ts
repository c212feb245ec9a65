import { AttuneError, createMemoryDeviceChoiceStore, type DeviceOption, type MediaDevicesPort, type PermissionStatus } from '@attune/core';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './define.js';
import type { AttuneDeviceCheck } from './device-check.element.js';

const shadow = (el: AttuneDeviceCheck) => el.shadowRoot!;
const state = (el: AttuneDeviceCheck) => shadow(el).querySelector('[part="base"]')?.getAttribute('data-state');
const button = (el: AttuneDeviceCheck, text: string) =>
  [...shadow(el).querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text);
const reach = (el: AttuneDeviceCheck, wanted: string) => waitUntil(() => state(el) === wanted, `never reached ${wanted}`, { timeout: 10_000 });

/** A stream with a real (canvas) video track and a real (oscillator) audio track, for fake ports. */
function syntheticStream(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  canvas.getContext('2d')!.fillRect(0, 0, 64, 48);
  const audio = new AudioContext();
  const destination = audio.createMediaStreamDestination();
  audio.createOscillator().connect(destination);
  return new MediaStream([...canvas.captureStream(5).getVideoTracks(), ...destination.stream.getAudioTracks()]);
}

/** A port that lands the machine wherever a test needs: denied, busy, no device. */
function scriptedDevices(options: { permission?: PermissionStatus | 'never'; openError?: AttuneError; openNever?: boolean; list?: DeviceOption[] }): MediaDevicesPort {
  const list = options.list ?? [
    { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera' },
    { deviceId: 'mic-1', kind: 'audioinput', label: 'Built-in microphone' },
  ];
  return {
    permission: () => (options.permission === 'never' ? new Promise(() => {}) : Promise.resolve(options.permission ?? 'granted')),
    enumerate: async () => list,
    open: async () => {
      if (options.openNever) return new Promise<MediaStream>(() => {});
      if (options.openError) throw options.openError;
      return syntheticStream();
    },
    release: (stream) => stream.getTracks().forEach((track) => track.stop()),
    watchLevel: (_stream, onLevel) => {
      onLevel(0.5);
      return () => {};
    },
    playTestSound: async () => {},
    canChooseSpeaker: () => false,
    watchDevices: () => () => {},
  };
}

describe('<attune-device-check> with the browser’s own (fake) camera and microphone', () => {
  it('shows the preview, lists the devices and moves the level meter', async () => {
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .choices=${createMemoryDeviceChoiceStore()}></attune-device-check>`);
    await waitUntil(() => state(el) === 'permission-prompt' || state(el) === 'ready', 'no prompt nor preview', { timeout: 10_000 });
    if (state(el) === 'permission-prompt') {
      await expect(el).to.be.accessible();
      button(el, 'Turn on camera and microphone')!.click();
    }
    await reach(el, 'ready');
    const video = shadow(el).querySelector<HTMLVideoElement>('video[part="preview"]')!;
    expect(video).to.exist;
    expect((video.srcObject as MediaStream).getVideoTracks()).to.have.length(1);
    const cameras = shadow(el).querySelectorAll('#choose-camera option');
    const microphones = shadow(el).querySelectorAll('#choose-microphone option');
    expect(cameras.length).to.be.greaterThan(0);
    expect(microphones.length).to.be.greaterThan(0);
    const meter = shadow(el).querySelector<HTMLMeterElement>('meter[part="level-meter"]')!;
    // Chromium's fake microphone plays a beep: the meter must leave zero within a few seconds.
    await waitUntil(() => meter.value > 0, 'the level meter never moved', { timeout: 8_000 });
    await expect(el).to.be.accessible();
    const completed = oneEvent(el, 'attune-device-check-completed');
    button(el, 'Continue')!.click();
    const { detail } = await completed;
    expect(detail.result).to.equal('passed');
    expect(detail.audioInputId).to.be.a('string');
    expect(detail.videoInputId).to.be.a('string');
    await reach(el, 'completed');
    expect(video.srcObject === null || (video.srcObject as MediaStream).getTracks().every((track) => track.readyState === 'ended')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('moves focus to each new screen’s heading', async () => {
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices({ permission: 'prompt' })}></attune-device-check>`);
    await reach(el, 'permission-prompt');
    button(el, 'Turn on camera and microphone')!.focus();
    button(el, 'Turn on camera and microphone')!.click();
    await reach(el, 'ready');
    await el.updateComplete;
    expect(shadow(el).activeElement?.getAttribute('part')).to.equal('heading');
  });
});

describe('<attune-device-check> in every state', () => {
  it('is accessible while checking permissions', async () => {
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices({ permission: 'never' })}></attune-device-check>`);
    expect(state(el)).to.equal('checking-permissions');
    expect(shadow(el).querySelector('[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('is accessible while the browser asks for access', async () => {
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices({ permission: 'prompt', openNever: true })}></attune-device-check>`);
    await reach(el, 'permission-prompt');
    button(el, 'Turn on camera and microphone')!.click();
    await reach(el, 'requesting-access');
    expect(button(el, 'Turn on camera and microphone')).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('is accessible while switching camera, and offers nothing to press twice', async () => {
    const script: Parameters<typeof scriptedDevices>[0] = {
      list: [
        { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera' },
        { deviceId: 'cam-2', kind: 'videoinput', label: 'USB camera' },
        { deviceId: 'mic-1', kind: 'audioinput', label: 'Built-in microphone' },
      ],
    };
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices(script)}></attune-device-check>`);
    await reach(el, 'ready');
    // The second camera takes its time to open, so the switching screen stays put.
    script.openNever = true;
    const select = shadow(el).querySelector<HTMLSelectElement>('#choose-camera')!;
    select.value = 'cam-2';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="preview-placeholder"]')?.textContent).to.contain('Switching device');
    expect(button(el, 'Continue')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  for (const [browser, firstStep] of [
    ['chrome', 'site settings icon'],
    ['edge', 'Permissions for this site'],
    ['firefox', 'crossed-out camera'],
    ['safari', 'Settings for This Website'],
  ] as const) {
    it(`gives ${browser} steps when access is blocked`, async () => {
      const el = await fixture<AttuneDeviceCheck>(
        html`<attune-device-check recovery-browser=${browser} .devices=${scriptedDevices({ permission: 'denied' })}></attune-device-check>`,
      );
      await reach(el, 'permission-denied');
      expect(shadow(el).querySelector('[part="steps"]')!.textContent).to.contain(firstStep);
      await expect(el).to.be.accessible();
    });
  }

  it('lets a blocked patient go on without devices, reporting failed', async () => {
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices({ permission: 'denied' })}></attune-device-check>`);
    await reach(el, 'permission-denied');
    const completed = oneEvent(el, 'attune-device-check-completed');
    button(el, 'Continue without camera and microphone')!.click();
    expect((await completed).detail.result).to.equal('failed');
  });

  it('says when there is no microphone', async () => {
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices({ list: [] })}></attune-device-check>`);
    await reach(el, 'no-device');
    expect(button(el, 'Try again')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('offers audio only when the camera is in use elsewhere', async () => {
    const devices = scriptedDevices({ openError: new AttuneError('media/device-busy', 'busy') });
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${devices}></attune-device-check>`);
    await reach(el, 'device-busy');
    expect(button(el, 'Continue with audio only')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('shows the connection test result in a status region', async () => {
    const probe = async () => ({ reachable: true, roundTripMs: 38, transport: 'tcp-only' as const });
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices({})} .probe=${probe}></attune-device-check>`);
    await reach(el, 'ready');
    button(el, 'Test connection')!.click();
    const status = shadow(el).querySelector('[part="connection-result"]')!;
    await waitUntil(() => status.textContent!.includes('38 ms'), 'no connection result');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent).to.contain('only over TCP');
    await expect(el).to.be.accessible();
  });

  it('turns the camera off and reports audio-only', async () => {
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${scriptedDevices({})}></attune-device-check>`);
    await reach(el, 'ready');
    const completed = oneEvent(el, 'attune-device-check-completed');
    button(el, 'Continue with audio only')!.click();
    expect((await completed).detail.result).to.equal('audio-only');
  });
});

describe('<attune-device-check> fits a laptop window', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const [width, height] of [
    [1280, 720],
    [1024, 768],
  ] as const) {
    it(`shows the preview, every setting and Continue without scrolling at ${width}×${height}`, async () => {
      await setViewport({ width, height });
      const devices: MediaDevicesPort = {
        ...scriptedDevices({
          list: [
            { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera' },
            { deviceId: 'mic-1', kind: 'audioinput', label: 'Built-in microphone' },
            { deviceId: 'out-1', kind: 'audiooutput', label: 'Built-in speakers' },
          ],
        }),
        canChooseSpeaker: () => true,
      };
      const probe = async () => ({ reachable: true, roundTripMs: 38, transport: 'udp' as const });
      const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${devices} .probe=${probe}></attune-device-check>`);
      await reach(el, 'ready');
      button(el, 'Test connection')!.click();
      await waitUntil(() => shadow(el).querySelector('[part="connection-result"]')!.textContent!.includes('38 ms'), 'no connection result');
      expect(shadow(el).querySelector('#choose-speaker'), 'the speaker chooser is shown').to.exist;
      const inView = (node: Element) => {
        const box = node.getBoundingClientRect();
        return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
      };
      const preview = shadow(el).querySelector('[part="preview-frame"]')!;
      expect(inView(preview), 'the preview is in view').to.equal(true);
      expect(preview.getBoundingClientRect().width, 'the preview is a good size').to.be.at.least(400);
      for (const control of shadow(el).querySelectorAll('button, select, meter')) {
        expect(inView(control), `${control.textContent?.trim() || control.id || control.localName} is in view`).to.equal(true);
      }
      await expect(el).to.be.accessible();
    });
  }
});
