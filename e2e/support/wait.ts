// Waiting on real media and real servers: poll a condition with a deadline, and say what was
// awaited (and the last value seen) when it never came.
import type { Page } from 'playwright-core';
import type { RemoteVideoStats } from '../fixtures/e2ee-room/api.js';

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  isDone: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (isDone(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, intervalMs));
  }
}

/** The video statistics a page using the e2ee-room fixture (or any page exposing `window.e2eeRoom`) reports. */
export function videoStats(page: Page): Promise<RemoteVideoStats[]> {
  return page.evaluate(() => window.e2eeRoom.videoStats());
}

/** Waits until `page` has decoded at least `minFrames` video frames from `fromIdentity`. */
export async function waitForFramesDecoded(page: Page, fromIdentity: string, { minFrames = 1, timeoutMs = 30_000 } = {}) {
  const stats = await waitFor(
    `video frames decoded from ${fromIdentity}`,
    () => videoStats(page),
    (all) => all.some((stat) => stat.from === fromIdentity && stat.framesDecoded >= minFrames),
    { timeoutMs },
  );
  return stats.find((stat) => stat.from === fromIdentity)!;
}
