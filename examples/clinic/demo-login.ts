import { createHttpVisitApi } from '@attune/core';

/**
 * The demo's stand-in for a practice's own login: it asks the reference server's dev login (on only
 * in dev mode) for a host-signed JWT. A real host app signs that JWT on its own backend.
 */
export async function demoVisitApi(user: string) {
  const { serverUrl } = (await (await fetch('/config.json')).json()) as { serverUrl: string };
  let hostToken: string | undefined;
  const getHostToken = async () => {
    if (!hostToken) {
      const response = await fetch(`${serverUrl}/dev/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user }),
      });
      if (!response.ok) throw new Error(`Dev login refused (${response.status}). Is the server in dev mode?`);
      hostToken = ((await response.json()) as { token: string }).token;
    }
    return hostToken;
  };
  return createHttpVisitApi({ baseUrl: serverUrl, getHostToken });
}

/** The livekit-client E2EE worker, bundled next to the page, handed to the elements by the host. */
export function e2eeWorker(): Worker {
  return new Worker('/e2ee-worker.js', { type: 'module' });
}
