// "Video is decoding again" after a fault: a frame count that grows now, not one that grew
// before the fault. A reconnect or rejoin may replace the track, restarting its count at zero,
// so the baseline follows the count down when that happens.
import type { Page } from 'playwright-core';
import { videoStats } from './wait.js';

/** Waits until `page` has decoded `frames` more video frames from `fromIdentity` than when the wait began. */
export async function waitForDecodingProgress(page: Page, fromIdentity: string, { frames = 30, timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let baseline: number | undefined;
  let latest: number | undefined;
  for (;;) {
    const stat = (await videoStats(page)).find((entry) => entry.from === fromIdentity);
    latest = stat?.framesDecoded;
    if (latest !== undefined) {
      if (baseline === undefined || latest < baseline) baseline = latest;
      if (latest - baseline >= frames) return latest;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${frames} newly decoded frames from ${fromIdentity}; ` +
          `frames decoded went from ${baseline ?? 'no track'} to ${latest ?? 'no track'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
