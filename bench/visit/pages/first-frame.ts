// The first decoded remote frame, timed the same way on every page: requestVideoFrameCallback's
// presentation time, registered on the <video> before it has shown anything.
import type { FirstFrame, ReceiverStats } from './api.js';

/** Epoch milliseconds now, from the page's monotonic clock. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export function watchFirstFrame(video: HTMLVideoElement, onFirstFrame: (frame: FirstFrame) => void): void {
  const late = video.getVideoPlaybackQuality().totalVideoFrames > 0;
  video.requestVideoFrameCallback((_now, metadata) => onFirstFrame({ at: performance.timeOrigin + metadata.presentationTime, late }));
}

// Every peer connection the page makes, so the receiving side's keyframe requests can be read the
// same way whichever library made them (livekit-client reads the global at connect time).
const connections: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.push(this);
  }
};

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
