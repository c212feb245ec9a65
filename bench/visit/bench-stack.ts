// The real reference server (SQLite file, dev mode, demo users) in front of a real livekit-server,
// like e2e/support/visit-stack.ts, but keeping hold of the store: every benchmark run gets an
// appointment (and so a LiveKit room) of its own, which the HTTP API has no door for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAttuneServer, listen, loadConfig, type Store } from '@attune/server';
import type { VisitJoin } from '@attune/core';
import { startLivekit, type StartedLivekit } from '../../scripts/services/livekit.mjs';
import { freePort } from '../../scripts/services/processes.mjs';

export interface BenchStack {
  serverUrl: string;
  livekit: StartedLivekit;
  /** A fresh appointment of `patient-1` with `clinician-1`, in a room nobody has used; returns the room's name. */
  newAppointment(id: string): Promise<string>;
  /** The visit's E2EE key, once someone has joined it. */
  visitKey(appointmentId: string): Promise<string>;
  login(user: string): Promise<string>;
  post(path: string, token: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  join(appointmentId: string, token: string): Promise<VisitJoin>;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-visit-'));
  const port = await freePort();
  const livekit = await startLivekit({ webhookUrl: `http://127.0.0.1:${port}/livekit/webhook` });
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
      ATTUNE_HOST_JWT_SECRET: `bench-host-secret-${port}-0123456789abcdef`,
    },
    [],
  );
  const server = await createAttuneServer(config);
  const listening = await listen(server, { host: '127.0.0.1', port });
  const store: Store = server.store;

  const post = async (path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${listening.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  return {
    serverUrl: listening.url,
    livekit,
    async newAppointment(id) {
      const appointment = await store.saveAppointment({
        id,
        patientUserId: 'patient-1',
        patientId: 'demo-patient-1',
        clinicianUserId: 'clinician-1',
        label: `Benchmark ${id}`,
        startsAt: new Date().toISOString(),
      });
      return appointment.room;
    },
    async visitKey(appointmentId) {
      const key = (await store.getAppointment(appointmentId))?.e2eeKey;
      if (!key) throw new Error(`${appointmentId} has no E2EE key yet: nobody has joined it`);
      return key;
    },
    async login(user) {
      const { status, body } = await post('/dev/login', undefined, { user });
      if (status !== 200) throw new Error(`dev login for ${user} answered ${status}`);
      return (body as { token: string }).token;
    },
    post: (path, token, body) => post(path, token, body),
    async join(appointmentId, token) {
      const { status, body } = await post(`/visits/${appointmentId}/join`, token);
      if (status !== 200) throw new Error(`join ${appointmentId} answered ${status}: ${JSON.stringify(body)}`);
      return body as VisitJoin;
    },
    async stop() {
      await listening.close();
      await server.close();
      await livekit.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
