import { AttuneError } from '@attune/core';
import { ServerError } from 'livekit-server-sdk';

/** True when LiveKit answered "no such room / participant": someone already left. */
export function isLivekitNotFound(error: unknown): boolean {
  return error instanceof ServerError && (error.status === 404 || error.code === 'not_found');
}

/** Runs a LiveKit call; an unreachable or failing LiveKit becomes a 503 the caller can retry. */
export async function callLivekit<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AttuneError || isLivekitNotFound(error)) throw error;
    throw new AttuneError('service/unavailable', 'The video service is not reachable right now. Try again shortly.', {
      status: 503,
      cause: error,
    });
  }
}

/** Same, but "already gone" is fine: used where the goal is that someone is no longer there. */
export async function callLivekitIgnoringGone(call: () => Promise<unknown>): Promise<void> {
  try {
    await callLivekit(call);
  } catch (error) {
    if (!isLivekitNotFound(error)) throw error;
  }
}
