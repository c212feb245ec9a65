// "Video is decoding again" after a fault: a frame count that grows now, not one that grew
// before the fault. A reconnect or rejoin may replace the track (or its video element), restarting
// its count at zero, so the baseline follows the count down when that happens.
import type { Page } from 'playwright-core';
import { videoStats } from './wait.js';

/** Waits until `count()` has grown by `by` since the wait began; null means "nothing to count yet". */
export async function waitForCountToGrow(
  what: string,
  count: () => Promise<number | null | undefined>,
  { by = 30, timeoutMs = 30_000, intervalMs = 250 } = {},
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let baseline: number | undefined;
  let latest: number | null | undefined;
  for (;;) {
    latest = await count();
    if (typeof latest === 'number') {
      if (baseline === undefined || latest < baseline) baseline = latest;
      if (latest - baseline >= by) return latest;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${by} more ${what}; the count went from ${baseline ?? 'nothing'} to ${latest ?? 'nothing'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until `page` (a page exposing `window.e2eeRoom`) has decoded `frames` more video frames from `fromIdentity`. */
export function waitForDecodingProgress(page: Page, fromIdentity: string, { frames = 30, timeoutMs = 30_000 } = {}): Promise<number> {
  return waitForCountToGrow(
    `video frames decoded from ${fromIdentity}`,
    async () => (await videoStats(page)).find((entry) => entry.from === fromIdentity)?.framesDecoded,
    { by: frames, timeoutMs },
  );
}
