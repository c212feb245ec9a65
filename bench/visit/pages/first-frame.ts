// The first decoded remote frame, timed the same way on every page: requestVideoFrameCallback's
// presentation time, registered on the <video> before it has shown anything.
import type { FirstFrame, ReceiverStats } from './api.js';

/** Epoch milliseconds now, from the page's monotonic clock. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

function watchFirstFrame(video: HTMLVideoElement, onFirstFrame: (frame: FirstFrame) => void): void {
  const late = video.getVideoPlaybackQuality().totalVideoFrames > 0;
  video.requestVideoFrameCallback((_now, metadata) => onFirstFrame({ at: performance.timeOrigin + metadata.presentationTime, late }));
}

// Every peer connection the page makes, so the receiving side's keyframe requests can be read the
// same way whichever library made them (livekit-client reads the global at connect time).
const connections: RTCPeerConnection[] = [];
/** Transport milestones, the same in every page: when the remote video track reached the peer connection. */
export const transportMilestones: Record<string, number> = {};
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.push(this);
    this.addEventListener('track', (event) => {
      if (event.track.kind === 'video') transportMilestones.peerVideoTrack ??= epochNow();
    });
  }
};

const isRemoteTrack = (track: MediaStreamTrack): boolean =>
  connections.some((connection) => connection.getReceivers().some((receiver) => receiver.track === track));

/**
 * Watches every `<video>` the page gives a remote video track (through `srcObject`, as livekit-client's
 * `attach` does), the same way on every page and without polling the DOM: `onElement` when the first
 * one gets its track, `onFirstFrame` with the first frame any of them presents.
 */
export function watchRemoteVideo(onElement: () => void, onFirstFrame: (frame: FirstFrame) => void): void {
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
  const watched = new WeakSet<HTMLVideoElement>();
  let first = false;
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    ...srcObject,
    set(this: HTMLMediaElement, stream: MediaProvider | null) {
      srcObject.set!.call(this, stream);
      if (!(this instanceof HTMLVideoElement) || watched.has(this) || !(stream instanceof MediaStream)) return;
      if (!stream.getVideoTracks().some(isRemoteTrack)) return;
      watched.add(this);
      onElement();
      watchFirstFrame(this, (frame) => {
        if (first) return;
        first = true;
        onFirstFrame(frame);
      });
    },
  });
}

/** Keyframe requests and frames of the remote video received so far, summed over the page's connections. */
export async function receiverStats(): Promise<ReceiverStats> {
  const totals: ReceiverStats = { keyframeRequests: 0, framesDecoded: 0, keyFramesDecoded: 0 };
  for (const connection of connections) {
    if (connection.connectionState === 'closed') continue;
    (await connection.getStats()).forEach((stat: { type: string; kind?: string; pliCount?: number; firCount?: number; framesDecoded?: number; keyFramesDecoded?: number }) => {
      if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') return;
      totals.keyframeRequests += (stat.pliCount ?? 0) + (stat.firCount ?? 0);
      totals.framesDecoded += stat.framesDecoded ?? 0;
      totals.keyFramesDecoded += stat.keyFramesDecoded ?? 0;
    });
  }
  return totals;
}

// Long tasks (≥ 50 ms) on the page's main thread, to see what the wait between t0 and the first frame was spent on.
const longTasks: Array<{ at: number; ms: number }> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration });
}).observe({ type: 'longtask', buffered: true });

/** Milliseconds of long tasks that started between two epoch times. */
export function mainThreadBusy(from: number, to: number): number {
  return Math.round(longTasks.filter((task) => task.at >= from && task.at <= to).reduce((sum, task) => sum + task.ms, 0));
}
