import { AttuneError } from '@attune/core';
import { devLogin } from './auth/dev-login.js';
import { createHostTokens, type Caller } from './auth/host-token.js';
import type { ServerConfig } from './config.js';
import type { ServerContext } from './context.js';
import { seedDemo } from './demo/seed-demo.js';
import { handleFhir } from './fhir/fhir-routes.js';
import { corsHeaders, preflightResponse } from './http/cors.js';
import { errorResponse, jsonResponse, readJsonObject } from './http/json.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { joinDesk, receiveLivekitWebhook } from './visits/desk.js';
import { LivekitAccess } from './visits/livekit-access.js';
import { readClinicianStatus, updateClinicianStatus } from './visits/clinician-status.js';
import { clinicianQueue } from './visits/queue.js';
import {
  admitPatient,
  denyPatient,
  endVisit,
  joinVisit,
  recordDeviceCheck,
  sendHoldMessage,
  readQueueStatus,
  startConnectionTest,
} from './visits/visit-routes.js';

export interface AttuneServer {
  /** A fetch-style handler: use it from node:http (`toNodeListener`), Express, or any fetch framework. */
  handle(request: Request): Promise<Response>;
  close(): Promise<void>;
  store: Store;
  config: ServerConfig;
}

type VisitAction = (ctx: ServerContext, caller: Caller, appointmentId: string, body: Record<string, unknown>) => Promise<unknown>;

const visitActions: Record<string, VisitAction> = {
  join: (ctx, caller, id) => joinVisit(ctx, caller, id),
  admit: admitPatient,
  deny: denyPatient,
  'hold-message': sendHoldMessage,
  end: (ctx, caller, id) => endVisit(ctx, caller, id),
  'device-check': recordDeviceCheck,
  'connection-test': (ctx, caller, id) => startConnectionTest(ctx, caller, id),
};

function notFound(): AttuneError {
  return new AttuneError('route/not-found', 'There is nothing at this address.', { status: 404 });
}

async function route(ctx: ServerContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const { pathname } = url;
  const method = request.method;

  // The only doors without a host token: liveness, LiveKit's signed webhooks and (in dev mode) the demo sign-in.
  if (pathname === '/health' && method === 'GET') return jsonResponse(200, { ok: true });
  if (pathname === '/livekit/webhook' && method === 'POST') {
    await receiveLivekitWebhook(ctx, request);
    return jsonResponse(200, { ok: true });
  }
  if (pathname === '/dev/login' && method === 'POST') return jsonResponse(200, await devLogin(ctx, await readJsonObject(request)));

  const caller = await ctx.hostTokens.verify(request.headers.get('authorization'));

  const visit = /^\/visits\/([^/]{1,128})\/([a-z-]+)$/.exec(pathname);
  if (visit && method === 'POST') {
    const action = visitActions[visit[2]!];
    if (!action) throw notFound();
    const result = await action(ctx, caller, decodeURIComponent(visit[1]!), await readJsonObject(request, { optional: true }));
    return result === undefined ? new Response(null, { status: 204 }) : jsonResponse(200, result);
  }
  if (visit && visit[2] === 'queue-status' && method === 'GET') {
    return jsonResponse(200, await readQueueStatus(ctx, caller, decodeURIComponent(visit[1]!)));
  }
  if (pathname === '/queue' && method === 'GET') return jsonResponse(200, await clinicianQueue(ctx, caller));
  if (pathname === '/clinician/status' && method === 'GET') return jsonResponse(200, await readClinicianStatus(ctx, caller));
  if (pathname === '/clinician/status' && method === 'POST') {
    return jsonResponse(200, await updateClinicianStatus(ctx, caller, await readJsonObject(request)));
  }
  if (pathname === '/desk/join' && method === 'POST') return jsonResponse(200, await joinDesk(ctx, caller));
  const fhir = await handleFhir(ctx, caller, request, url);
  if (fhir) return fhir;
  throw notFound();
}

/** Opens the store (applying migrations), seeds the demo if asked, and returns the request handler. */
export interface AttuneServerOptions {
  /** A store opened elsewhere (the caller closes it). */
  store?: Store;
  /** The server's door to LiveKit; tests hand in one that also records what it sends. */
  livekit?: LivekitAccess;
}

export async function createAttuneServer(config: ServerConfig, options: AttuneServerOptions = {}): Promise<AttuneServer> {
  const store = options.store ?? (await openStore(config.store));
  if (config.seedDemo) await seedDemo(store, { roomPrefix: config.roomPrefix });
  const ctx: ServerContext = {
    config,
    store,
    livekit: options.livekit ?? new LivekitAccess(config.livekit, config.roomPrefix),
    hostTokens: createHostTokens(config.hostAuth, config.dev),
  };

  return {
    store,
    config,
    async handle(request) {
      if (request.method === 'OPTIONS') return preflightResponse(request, config.corsOrigins);
      let response: Response;
      try {
        response = await route(ctx, request);
      } catch (error) {
        response = errorResponse(error);
      }
      for (const [name, value] of Object.entries(corsHeaders(request.headers.get('origin'), config.corsOrigins))) {
        response.headers.set(name, value);
      }
      response.headers.set('cache-control', 'no-store');
      return response;
    },
    async close() {
      if (!options.store) await store.close();
    },
  };
}
