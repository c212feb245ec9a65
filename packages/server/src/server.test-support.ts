// Test support: a real reference server (SQLite file in a temp dir) in front of a real livekit-server,
// and a "signal-only" LiveKit participant: it joins over LiveKit's WebSocket signalling (no WebRTC in
// Node), which is enough for LiveKit to list it, and it hears its own permission changes and removal.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { SignalResponse, type ParticipantPermission } from '@livekit/protocol';
import { SignJWT } from 'jose';
import { AccessToken } from 'livekit-server-sdk';
import pg from 'pg';
import { WebSocket } from 'undici';
import { startLivekit } from '../../../scripts/services/livekit.mjs';
import { startPostgres, type RunningPostgres } from '../../../scripts/services/postgres.mjs';
import { loadConfig, type ServerConfig } from './config.js';
import { listen } from './http/node-listener.js';
import { createAttuneServer, type AttuneServer } from './server.js';
import { LivekitAccess, type ControlMessage } from './visits/livekit-access.js';

export const HOST_SECRET = 'test-host-secret-that-is-at-least-32-chars';

export interface Livekit {
  url: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  stop(): Promise<void>;
}

/** The stage's shared LiveKit when the test harness started one, else one of our own. */
export async function testLivekit(): Promise<Livekit> {
  const env = process.env;
  if (env.ATTUNE_TEST_LIVEKIT_URL && env.ATTUNE_TEST_LIVEKIT_HTTP_URL && env.ATTUNE_TEST_LIVEKIT_API_KEY && env.ATTUNE_TEST_LIVEKIT_API_SECRET) {
    return {
      url: env.ATTUNE_TEST_LIVEKIT_URL,
      httpUrl: env.ATTUNE_TEST_LIVEKIT_HTTP_URL,
      apiKey: env.ATTUNE_TEST_LIVEKIT_API_KEY,
      apiSecret: env.ATTUNE_TEST_LIVEKIT_API_SECRET,
      stop: async () => undefined,
    };
  }
  return startLivekit();
}

export interface TestServer {
  server: AttuneServer;
  url: string;
  config: ServerConfig;
  /** The LiveKit room of an appointment on this server (each test server has its own room prefix). */
  room(appointmentId: string): string;
  deskRoom(clinicianUserId: string): string;
  close(): Promise<void>;
}

export async function startTestServer(
  livekit: Livekit,
  overrides: Record<string, string> = {},
  { livekitAccess }: { livekitAccess?: (config: ServerConfig) => LivekitAccess } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-server-'));
  const config = loadConfig(
    {
      ATTUNE_DB: join(dir, 'attune.db'),
      ATTUNE_DEV: 'true',
      ATTUNE_SEED_DEMO: 'true',
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      ATTUNE_HOST_JWT_SECRET: HOST_SECRET,
      ATTUNE_CORS_ORIGINS: 'http://clinic.example',
      // Test files may share one LiveKit: their demo rooms must not meet.
      ATTUNE_ROOM_PREFIX: `t${randomBytes(4).toString('hex')}`,
      ...overrides,
    },
    [],
  );
  const server = await createAttuneServer(config, livekitAccess ? { livekit: livekitAccess(config) } : {});
  const http = await listen(server, { port: 0 });
  return {
    server,
    url: http.url,
    config,
    room: (appointmentId) => `${config.roomPrefix}-visit-${appointmentId}`,
    deskRoom: (clinicianUserId) => `${config.roomPrefix}-desk-${clinicianUserId}`,
    async close() {
      await http.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A host token as a host app would sign it. */
export function hostToken(claims: Record<string, unknown>, { secret = HOST_SECRET, expiresIn = 3600 } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export const patient1 = () => hostToken({ sub: 'patient-1', role: 'patient', patient: 'demo-patient-1' });
export const patient2 = () => hostToken({ sub: 'patient-2', role: 'patient', patient: 'demo-patient-2' });
export const clinician1 = () => hostToken({ sub: 'clinician-1', role: 'clinician' });

export async function api(base: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export interface SignalParticipant {
  /** Resolves with the permission set LiveKit pushes once it satisfies `test`. */
  permissionWhere(test: (permission: ParticipantPermission) => boolean, timeoutMs?: number): Promise<ParticipantPermission>;
  /** Resolves when LiveKit tells the participant to leave (removed, room deleted). */
  removed(timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function joinBySignal(livekitUrl: string, token: string): Promise<SignalParticipant> {
  const socket = new WebSocket(`${livekitUrl}/rtc?access_token=${token}&protocol=15&sdk=js&version=2.15.0&auto_subscribe=1`);
  socket.binaryType = 'arraybuffer';
  const permissions: ParticipantPermission[] = [];
  let identity = '';
  let left = false;
  const listeners = new Set<() => void>();
  const joined = new Promise<void>((resolve, reject) => {
    socket.addEventListener('error', () => reject(new Error('signal connection failed')));
    socket.addEventListener('message', (event) => {
      const message = SignalResponse.fromBinary(new Uint8Array(event.data as ArrayBuffer)).message;
      if (message.case === 'join') {
        identity = message.value.participant?.identity ?? '';
        if (message.value.participant?.permission) permissions.push(message.value.participant.permission);
        resolve();
      } else if (message.case === 'update') {
        for (const participant of message.value.participants) {
          if (participant.identity === identity && participant.permission) permissions.push(participant.permission);
        }
      } else if (message.case === 'leave') {
        left = true;
      }
      for (const listener of listeners) listener();
    });
    socket.addEventListener('close', () => {
      left = true;
      for (const listener of listeners) listener();
    });
  });
  await joined;

  function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const tryNow = () => {
        const value = check();
        if (value !== undefined) {
          listeners.delete(tryNow);
          clearTimeout(timer);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(tryNow);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      listeners.add(tryNow);
      tryNow();
    });
  }

  return {
    permissionWhere: (test, timeoutMs = 5000) => waitFor(() => permissions.find(test), timeoutMs, 'a permission update'),
    removed: (timeoutMs = 5000) => waitFor(() => (left ? true : undefined), timeoutMs, 'removal').then(() => undefined),
    close: () => socket.close(),
  };
}

/** A store the same server tests run on twice: the SQLite default and a PostgreSQL database of their own. */
export interface Backend {
  name: string;
  /** Settings for `startTestServer` that point it at this store. */
  overrides(): Promise<Record<string, string>>;
  dispose(): Promise<void>;
}

export const sqliteBackend: Backend = { name: 'SQLite file', overrides: async () => ({}), dispose: async () => undefined };

/** A fresh database on the shared test PostgreSQL (`ATTUNE_TEST_POSTGRES_URL`), or on a cluster of its own. */
export function postgresBackend(prefix: string): Backend {
  let cluster: RunningPostgres | undefined;
  let admin: pg.Client | undefined;
  const database = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  return {
    name: 'PostgreSQL',
    async overrides() {
      const shared = process.env.ATTUNE_TEST_POSTGRES_URL;
      if (!shared) cluster = await startPostgres();
      const adminUrl = shared ?? cluster!.url;
      admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      return { ATTUNE_DB: '', ATTUNE_POSTGRES_URL: url.toString() };
    },
    async dispose() {
      await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin?.end();
      await cluster?.stop();
    },
  };
}

/** The real LiveKit door, noting each message after LiveKit accepted it (a signal-only participant cannot receive data). */
export class RecordingLivekit extends LivekitAccess {
  readonly sent: Array<{ room: string; message: ControlMessage; to: string[] | undefined }> = [];

  override async send(room: string, message: ControlMessage, destinationIdentities?: string[]): Promise<void> {
    await super.send(room, message, destinationIdentities);
    this.sent.push({ room, message, to: destinationIdentities });
  }
}

/** LiveKit's `authorization` header for a webhook body: a JWT of the API key carrying the body's SHA-256, as LiveKit signs it. */
export async function webhookAuthorization(livekit: Pick<Livekit, 'apiKey' | 'apiSecret'>, body: string): Promise<string> {
  const signer = new AccessToken(livekit.apiKey, livekit.apiSecret);
  signer.sha256 = createHash('sha256').update(body).digest('base64');
  return signer.toJwt();
}

/** Posts a webhook body to the server as LiveKit would; `authorization` undefined sends none. Returns the HTTP status. */
export async function postWebhook(serverUrl: string, body: string, authorization: string | undefined): Promise<number> {
  const response = await fetch(`${serverUrl}/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
    body,
  });
  return response.status;
}

/** A LiveKit participant webhook (`participant_joined`, `participant_left`) for `room`, signed. Returns the HTTP status. */
export async function postParticipantWebhook(t: TestServer, livekit: Livekit, event: string, room: string, identity: string): Promise<number> {
  const body = JSON.stringify({ event, room: { name: room }, participant: { identity }, id: `EV_${randomUUID()}`, createdAt: '1' });
  return postWebhook(t.url, body, await webhookAuthorization(livekit, body));
}

export interface RecordingServer {
  livekit: Livekit;
  t: TestServer;
  recorder: RecordingLivekit;
  /** Signal-only participants the tests joined; closed after the suite. */
  participants: SignalParticipant[];
}

/**
 * For the enclosing `describe`: a server on `backend` whose LiveKit door records what LiveKit accepted,
 * started before its tests and closed after them. Read the fields inside tests (they are set by then).
 */
export function recordingServerOn(backend: Backend): RecordingServer {
  const fixture = { participants: [] as SignalParticipant[] } as RecordingServer;
  before(async () => {
    fixture.livekit = await testLivekit();
    fixture.t = await startTestServer(fixture.livekit, await backend.overrides(), {
      livekitAccess: (config) => (fixture.recorder = new RecordingLivekit(config.livekit, config.roomPrefix)),
    });
  });
  after(async () => {
    for (const participant of fixture.participants) participant.close();
    await fixture.t?.close();
    await backend.dispose();
    await fixture.livekit?.stop();
  });
  return fixture;
}
