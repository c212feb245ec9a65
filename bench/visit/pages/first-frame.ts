// The first decoded remote frame, timed the same way on every page: requestVideoFrameCallback's
// presentation time, registered on the <video> before it has shown anything.
import type { FirstFrame } from './api.js';

/** Epoch milliseconds now, from the page's monotonic clock. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export function watchFirstFrame(video: HTMLVideoElement, onFirstFrame: (frame: FirstFrame) => void): void {
  const late = video.getVideoPlaybackQuality().totalVideoFrames > 0;
  video.requestVideoFrameCallback((_now, metadata) => onFirstFrame({ at: performance.timeOrigin + metadata.presentationTime, late }));
}
