import { createHttpVisitApi } from '@attune/core';

export interface ClinicConfig {
  serverUrl: string;
  livekitUrl: string;
}

export async function clinicConfig(): Promise<ClinicConfig> {
  return (await (await fetch('/config.json')).json()) as ClinicConfig;
}

/**
 * The demo's stand-in for a practice's own login: it asks the reference server's dev login (on only
 * in dev mode) for a host-signed JWT. A real host app signs that JWT on its own backend.
 */
export function demoLogin(serverUrl: string, user: string): () => Promise<string> {
  let hostToken: string | undefined;
  return async () => {
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
}

export function demoVisitApi(config: ClinicConfig, user: string) {
  return createHttpVisitApi({ baseUrl: config.serverUrl, getHostToken: demoLogin(config.serverUrl, user) });
}

/** The livekit-client E2EE worker, bundled next to the page, handed to the elements by the host. */
export function e2eeWorker(): Worker {
  return new Worker('/e2ee-worker.js', { type: 'module' });
}
