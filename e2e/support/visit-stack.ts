// The real reference server (SQLite file in a temp dir, dev mode, demo seed) in front of a real
// livekit-server: what the visit e2e flows run against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAttuneServer, listen, loadConfig, type Store } from '@attune/server';
import type { VisitJoin } from '@attune/core';
import { startLivekit, type StartedLivekit } from '../../scripts/services/livekit.mjs';

export interface VisitStack {
  /** Base URL of the reference server. */
  serverUrl: string;
  livekit: StartedLivekit;
  /** The server's own store, for what the HTTP API has no door for (the benchmarks' fresh appointments). */
  store: Store;
  /** A host token for a seeded demo user (`patient-1`, `patient-2`, `clinician-1`) via `POST /dev/login`. */
  login(user: string): Promise<string>;
  /** `POST` JSON to the reference server as the holder of `token`; returns the status and parsed body. */
  post<T = unknown>(path: string, token: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** `POST /visits/{appointmentId}/join`, failing on anything but 200. */
  join(appointmentId: string, token: string): Promise<VisitJoin>;
  stop(): Promise<void>;
}

/**
 * Starts LiveKit (unless one is passed in; it then stays running) with webhooks to the server,
 * and the reference server on a fresh SQLite file seeded with the demo clinic.
 */
export async function startVisitStack({ livekit: givenLivekit }: { livekit?: StartedLivekit } = {}): Promise<VisitStack> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-e2e-'));
  const { freePort } = await import('../../scripts/services/processes.mjs');
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const livekit = givenLivekit ?? (await startLivekit({ webhookUrl: `${serverUrl}/livekit/webhook` }));
  const config = loadConfig(
    {
      ATTUNE_DEV: 'true',
      ATTUNE_SEED_DEMO: 'true',
      ATTUNE_DB: join(dir, 'attune.db'),
      ATTUNE_PORT: String(port),
      ATTUNE_HOST: '127.0.0.1',
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      ATTUNE_HOST_JWT_SECRET: `e2e-host-secret-${port}-0123456789abcdef`,
    },
    [],
  );
  const server = await createAttuneServer(config);
  const listening = await listen(server, { host: '127.0.0.1', port });

  const post = async <T>(path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${listening.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  return {
    serverUrl: listening.url,
    livekit,
    store: server.store,
    async login(user) {
      const { status, body } = await post<{ token: string }>('/dev/login', undefined, { user });
      if (status !== 200) throw new Error(`dev login for ${user} answered ${status}: ${JSON.stringify(body)}`);
      return body.token;
    },
    post: (path, token, body) => post(path, token, body),
    async join(appointmentId, token) {
      const { status, body } = await post<VisitJoin>(`/visits/${appointmentId}/join`, token);
      if (status !== 200) throw new Error(`join ${appointmentId} answered ${status}: ${JSON.stringify(body)}`);
      return body;
    },
    async stop() {
      await listening.close();
      await server.close();
      if (!givenLivekit) await livekit.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
