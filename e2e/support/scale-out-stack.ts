// Attune scaled out the way DESIGN.md says it scales: two livekit-server nodes sharing one Redis
// (one LiveKit cluster) and two reference-server instances on one PostgreSQL, instance A talking to
// node 1 and instance B to node 2, as two halves of a deployment behind load balancers would.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createAttuneServer, listen, loadConfig } from '@attune/server';
import pg from 'pg';
import { startLivekit, type StartedLivekit } from '../../scripts/services/livekit.mjs';
import { startPostgres, type RunningPostgres } from '../../scripts/services/postgres.mjs';
import { freePort } from '../../scripts/services/processes.mjs';
import { startRedis } from '../../scripts/services/redis.mjs';

/** One livekit-server process of the cluster, with what its start-up log line says about it. */
export interface LivekitNode {
  name: string;
  livekit: StartedLivekit;
  /** LiveKit's own id for the node (`ND_…`), as Redis and its logs name it. */
  nodeId: string;
  /** The ports this node takes media on: the only thing on loopback that tells one node's media from the other's. */
  mediaPorts: { udp: number; tcp: number };
}

/** One reference-server instance. */
export interface ServerInstance {
  name: string;
  url: string;
  /** The LiveKit node this instance's joins send browsers to. */
  livekitUrl: string;
  /** A host token for a seeded demo user via this instance's `POST /dev/login`. */
  login(user: string): Promise<string>;
  /** A request to this instance as the holder of `token`; returns the status and parsed body. */
  request<T = unknown>(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export interface ScaleOutStack {
  nodes: [LivekitNode, LivekitNode];
  /** A (on node 1) and B (on node 2), sharing one database. */
  servers: [ServerInstance, ServerInstance];
  /** The API key and secret every node of the cluster shares. */
  apiKey: string;
  apiSecret: string;
  /** The LiveKit room of a demo appointment (every instance uses the default room prefix). */
  room(appointmentId: string): string;
  /** The node hosting `room`, by LiveKit's own record in Redis; undefined while no node hosts it. */
  roomHost(room: string): Promise<LivekitNode | undefined>;
  /**
   * One more instance like A and B (same LiveKit keys, same host-token secret, demo seed) but on a
   * database of its own: what a deployment would have if its instances did not share the store.
   */
  startInstanceOnOtherDatabase(node: LivekitNode): Promise<ServerInstance>;
  stop(): Promise<void>;
}

const hostJwtSecret = 'scale-out-host-secret-0123456789abcdef';

/** `HGET` over Redis's wire protocol: the one Redis read these tests need. */
function redisHget(port: number, key: string, field: string): Promise<string | undefined> {
  const command = ['HGET', key, field].map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`Redis on port ${port} did not answer HGET ${key}`)));
    socket.once('connect', () => socket.write(`*3\r\n${command}`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      const bulk = /^\$(-?\d+)\r\n/.exec(reply);
      if (!bulk) {
        if (reply.includes('\r\n')) socket.destroy(new Error(`Redis answered HGET ${key} with ${reply.trim()}`));
        return;
      }
      const length = Number(bulk[1]);
      if (length < 0) {
        socket.end();
        resolve(undefined);
      } else if (reply.length >= bulk[0].length + length + 2) {
        socket.end();
        resolve(reply.slice(bulk[0].length, bulk[0].length + length));
      }
    });
    socket.once('error', reject);
  });
}

/** Reads the node id and media ports from the node's "starting LiveKit server" log line. */
async function describeNode(name: string, livekit: StartedLivekit): Promise<LivekitNode> {
  const line = readFileSync(livekit.logFile, 'utf8')
    .split('\n')
    .find((entry) => entry.includes('starting LiveKit server'));
  const fields = line ? (JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>) : undefined;
  const nodeId = fields?.nodeID;
  const tcp = fields?.['rtc.portTCP'];
  const udp = (fields?.['rtc.portUDP'] as { Start?: unknown } | undefined)?.Start;
  if (typeof nodeId !== 'string' || typeof tcp !== 'number' || typeof udp !== 'number') {
    throw new Error(
      `Could not read ${name}'s node id and ports from its "starting LiveKit server" log line (${livekit.logFile}); ` +
        'the log level must be info or debug (ATTUNE_LIVEKIT_LOG_LEVEL).',
    );
  }
  return { name, livekit, nodeId, mediaPorts: { udp, tcp } };
}

async function startInstance(
  name: string,
  { port, livekit, postgresUrl, seedDemo }: { port: number; livekit: StartedLivekit; postgresUrl: string; seedDemo: boolean },
): Promise<ServerInstance> {
  const config = loadConfig(
    {
      ATTUNE_DEV: 'true',
      ATTUNE_SEED_DEMO: String(seedDemo),
      ATTUNE_POSTGRES_URL: postgresUrl,
      ATTUNE_PORT: String(port),
      ATTUNE_HOST: '127.0.0.1',
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      // Every instance checks the tokens the host app signed: one secret for all of them.
      ATTUNE_HOST_JWT_SECRET: hostJwtSecret,
    },
    [],
  );
  const server = await createAttuneServer(config);
  const listening = await listen(server, { host: '127.0.0.1', port });

  const request = async <T>(method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${listening.url}${path}`, {
      method,
      headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  return {
    name,
    url: listening.url,
    livekitUrl: livekit.url,
    async login(user) {
      const { status, body } = await request<{ token: string }>('POST', '/dev/login', undefined, { user });
      if (status !== 200) throw new Error(`dev login for ${user} at ${name} answered ${status}: ${JSON.stringify(body)}`);
      return body.token;
    },
    request: (method, path, token, body) => request(method, path, token, body),
    async stop() {
      await listening.close();
      await server.close();
    },
  };
}

/** Creates a fresh database in the cluster and returns its URL. */
async function createDatabase(cluster: RunningPostgres, database: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(cluster.url);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function startScaleOutStack(): Promise<ScaleOutStack> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const [redis, cluster, portA, portB] = await Promise.all([startRedis(), startPostgres(), freePort(), freePort()]);
    stops.push(redis.stop, cluster.stop);
    // Nodes of one cluster must accept each other's tokens: one key and secret for both.
    const apiKey = 'attune-scale-out';
    const apiSecret = 'scale-out-livekit-secret-0123456789abcdef';
    // Each node posts its webhooks to the instance in front of it; both instances write to the one store.
    const [livekit1, livekit2] = await Promise.all([
      startLivekit({ redisUrl: redis.url, apiKey, apiSecret, webhookUrl: `http://127.0.0.1:${portA}/livekit/webhook` }),
      startLivekit({ redisUrl: redis.url, apiKey, apiSecret, webhookUrl: `http://127.0.0.1:${portB}/livekit/webhook` }),
    ]);
    stops.push(livekit1.stop, livekit2.stop);
    const nodes: [LivekitNode, LivekitNode] = [await describeNode('node 1', livekit1), await describeNode('node 2', livekit2)];

    // Both start at once on the one database: one applies the migrations, the other waits for it. A seeds the demo clinic.
    const [a, b] = await Promise.all([
      startInstance('instance A', { port: portA, livekit: livekit1, postgresUrl: cluster.url, seedDemo: true }),
      startInstance('instance B', { port: portB, livekit: livekit2, postgresUrl: cluster.url, seedDemo: false }),
    ]);
    stops.push(a.stop, b.stop);

    let otherDatabases = 0;
    return {
      nodes,
      servers: [a, b],
      apiKey,
      apiSecret,
      room: (appointmentId) => `attune-visit-${appointmentId}`,
      async roomHost(room) {
        const nodeId = await redisHget(redis.port, 'room_node_map', room);
        if (nodeId === undefined) return undefined;
        const node = nodes.find((candidate) => candidate.nodeId === nodeId);
        if (!node) throw new Error(`Redis says ${room} is hosted by ${nodeId}, which is neither ${nodes.map((n) => n.nodeId).join(' nor ')}`);
        return node;
      },
      async startInstanceOnOtherDatabase(node) {
        const postgresUrl = await createDatabase(cluster, `attune_other_${++otherDatabases}`);
        const instance = await startInstance(`an instance on another database (${node.name})`, {
          port: await freePort(),
          livekit: node.livekit,
          postgresUrl,
          seedDemo: true,
        });
        stops.push(instance.stop);
        return instance;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
