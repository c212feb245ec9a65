import { AttuneError } from '../errors.js';

/** What the browser says about camera or microphone access before we ask. 'unknown' where it cannot say (Firefox, Safari). */
export type PermissionStatus = 'granted' | 'denied' | 'prompt' | 'unknown';

export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

export interface DeviceOption {
  deviceId: string;
  kind: DeviceKind;
  /** Empty until the page holds a permission; the UI numbers unlabelled devices. */
  label: string;
}

export interface OpenRequest {
  audioInputId?: string | undefined;
  /** `false` opens the microphone alone (audio-only, or no camera present). */
  video: boolean;
  videoInputId?: string | undefined;
}

/**
 * The browser's camera, microphone and speakers, seen through the few calls the device check
 * needs. The default adapter wraps `navigator.mediaDevices`, the Permissions API and Web Audio;
 * tests hand in a fake so every state (denied, busy, no device) is reachable without hardware.
 */
export interface MediaDevicesPort {
  permission(): Promise<PermissionStatus>;
  enumerate(): Promise<DeviceOption[]>;
  /** Opens the chosen devices. Rejects with an AttuneError: media/permission-denied, media/device-not-found or media/device-busy. */
  open(request: OpenRequest): Promise<MediaStream>;
  release(stream: MediaStream): void;
  /** Calls `onLevel` with the microphone's loudness, 0 to 1, a few times a second; returns a stop function. */
  watchLevel(stream: MediaStream, onLevel: (level: number) => void): () => void;
  /** Plays a short generated tone on the chosen speaker. */
  playTestSound(audioOutputId?: string): Promise<void>;
  /** True where the browser can route sound to a chosen speaker (`setSinkId`). */
  canChooseSpeaker(): boolean;
  /** Calls `onChange` when a device is plugged in or out; returns a stop function. */
  watchDevices(onChange: () => void): () => void;
}

/** Maps a getUserMedia failure to Attune's error codes; the browser's own message is not copied. */
export function mediaErrorFrom(error: unknown): AttuneError {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new AttuneError('media/permission-denied', 'Camera and microphone access was denied.', { cause: error });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new AttuneError('media/device-not-found', 'No camera or microphone was found.', { cause: error });
    case 'NotReadableError':
    case 'AbortError':
      return new AttuneError('media/device-busy', 'The camera or microphone is in use by another application.', { cause: error });
    default:
      return error instanceof AttuneError ? error : new AttuneError('internal', 'The camera or microphone could not be opened.', { cause: error });
  }
}

const levelIntervalMs = 100;
const testToneSeconds = 0.8;

/** The default adapter over the browser's own APIs. */
export function createBrowserMediaDevices(): MediaDevicesPort {
  return {
    async permission() {
      try {
        const [camera, microphone] = await Promise.all([
          navigator.permissions.query({ name: 'camera' as PermissionName }),
          navigator.permissions.query({ name: 'microphone' as PermissionName }),
        ]);
        if (camera.state === 'denied' || microphone.state === 'denied') return 'denied';
        if (camera.state === 'granted' && microphone.state === 'granted') return 'granted';
        return 'prompt';
      } catch {
        // Firefox and older Safari cannot query camera permission: we learn it by asking.
        return 'unknown';
      }
    },

    async enumerate() {
      const devices = await navigator.mediaDevices.enumerateDevices();
      return devices
        .filter((device) => device.deviceId !== '' || device.kind !== 'audiooutput')
        .map((device) => ({ deviceId: device.deviceId, kind: device.kind, label: device.label }));
    },

    async open(request) {
      const audio: MediaTrackConstraints | boolean = request.audioInputId ? { deviceId: { exact: request.audioInputId } } : true;
      const video: MediaTrackConstraints | boolean = request.video
        ? request.videoInputId
          ? { deviceId: { exact: request.videoInputId } }
          : true
        : false;
      try {
        return await navigator.mediaDevices.getUserMedia({ audio, video });
      } catch (error) {
        throw mediaErrorFrom(error);
      }
    },

    release(stream) {
      for (const track of stream.getTracks()) track.stop();
    },

    watchLevel(stream, onLevel) {
      if (stream.getAudioTracks().length === 0) return () => {};
      const context = new AudioContext();
      const source = context.createMediaStreamSource(stream);
      const analyser = context.createAnalyser();
      analyser.fftSize = 512;
      source.connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const timer = setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += sample * sample;
        // RMS of speech sits around 0.05–0.3; scale so ordinary speech fills most of the meter.
        onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
      }, levelIntervalMs);
      // Autoplay rules may start the context suspended; the meter must still move.
      void context.resume();
      return () => {
        clearInterval(timer);
        source.disconnect();
        void context.close();
      };
    },

    async playTestSound(audioOutputId) {
      const context = new AudioContext();
      try {
        const sinkCapable = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
        if (audioOutputId && sinkCapable.setSinkId) await sinkCapable.setSinkId(audioOutputId);
        await context.resume();
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.frequency.value = 440;
        gain.gain.setValueAtTime(0.2, context.currentTime);
        gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + testToneSeconds);
        oscillator.connect(gain).connect(context.destination);
        const ended = new Promise<void>((resolve) => oscillator.addEventListener('ended', () => resolve(), { once: true }));
        oscillator.start();
        oscillator.stop(context.currentTime + testToneSeconds);
        await ended;
      } finally {
        await context.close();
      }
    },

    canChooseSpeaker() {
      return typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype;
    },

    watchDevices(onChange) {
      navigator.mediaDevices.addEventListener('devicechange', onChange);
      return () => navigator.mediaDevices.removeEventListener('devicechange', onChange);
    },
  };
}
