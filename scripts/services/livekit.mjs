// A real livekit-server for tests, e2e flows and `npm start`: built once from the Go module
// proxy (pinned), then started on free ports with a YAML config per instance, so several can
// run side by side (alone, or sharing Redis as one cluster).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, freeUdpPort, spawnTracked, waitForHttp } from './processes.mjs';

export const livekitVersion = 'v1.13.5';
const livekitModule = `github.com/livekit/livekit-server/cmd/server@${livekitVersion}`;

export class MissingLivekit extends Error {
  name = 'MissingLivekit';
}

export function livekitBinDir() {
  return process.env.ATTUNE_LIVEKIT_BIN_DIR ?? join(homedir(), '.cache', 'attune', 'bin');
}

function findGo() {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'go')),
    '/usr/local/go/bin/go',
    '/usr/lib/go/bin/go',
  ];
  return candidates.find((candidate) => existsSync(candidate));
}

/** Returns the path of the livekit-server binary, building it with `go install` when missing. */
export async function ensureLivekit() {
  const binDir = livekitBinDir();
  const binary = join(binDir, 'server');
  if (existsSync(binary)) return binary;
  const go = findGo();
  if (!go) {
    throw new MissingLivekit(
      `Attune's tests and demo run a real LiveKit server (${livekitVersion}), built from source with Go, and Go was not found. ` +
        `Install Go 1.23 or newer (https://go.dev/dl/, or your package manager), make sure \`go\` is on your PATH, and run ` +
        `the command again; the server is then built once into ${binDir} and reused.`,
    );
  }
  console.log(`[attune] building livekit-server ${livekitVersion} into ${binDir} (once; about two minutes)`);
  const result = spawnSync(go, ['install', livekitModule], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: binDir, CGO_ENABLED: '0' },
  });
  if (result.status !== 0 || !existsSync(binary)) {
    throw new MissingLivekit(
      `Building livekit-server ${livekitVersion} with \`go install ${livekitModule}\` failed (see Go's output above). ` +
        `It needs Go 1.23 or newer and access to the Go module proxy.`,
    );
  }
  return binary;
}

function yamlString(value) {
  return JSON.stringify(String(value));
}

function livekitConfig({ port, tcpPort, udpPort, apiKey, apiSecret, webhookUrl, redisUrl, bindAddress, forceTcp }) {
  const loopback = bindAddress === '127.0.0.1';
  const pliThrottle = process.env.ATTUNE_LIVEKIT_PLI_THROTTLE;
  const lines = [
    `port: ${port}`,
    'rtc:',
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    '  use_external_ip: false',
    // Offers ICE over TCP alone, as a network that blocks UDP leaves it.
    ...(forceTcp ? ['  force_tcp: true'] : []),
    // ATTUNE_LIVEKIT_PLI_THROTTLE=200ms: how often the SFU passes a subscriber's keyframe request on to the publisher, for
    // every layer (LiveKit's default is 500 ms for the low layer and 1 s for the others; docs/benchmarks.md shows what it costs).
    ...(pliThrottle ? ['  pli_throttle:', ...['low_quality', 'mid_quality', 'high_quality'].map((layer) => `    ${layer}: ${pliThrottle}`)] : []),
    // On loopback the only reachable candidate is 127.0.0.1; on any other address, advertise that address alone.
    ...(loopback ? ['  enable_loopback_candidate: true'] : ['  enable_loopback_candidate: false', `  node_ip: ${yamlString(bindAddress)}`]),
    'keys:',
    `  ${yamlString(apiKey)}: ${yamlString(apiSecret)}`,
    'logging:',
    `  level: ${process.env.ATTUNE_LIVEKIT_LOG_LEVEL ?? 'info'}`,
  ];
  if (webhookUrl) {
    const urls = Array.isArray(webhookUrl) ? webhookUrl : [webhookUrl];
    lines.push('webhook:', `  api_key: ${yamlString(apiKey)}`, '  urls:', ...urls.map((url) => `    - ${yamlString(url)}`));
  }
  if (redisUrl) {
    // Accepts `redis://host:port` or plain `host:port`.
    const address = redisUrl.replace(/^redis:\/\//, '').replace(/\/.*$/, '');
    lines.push('redis:', `  address: ${yamlString(address)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Starts a livekit-server on free ports and waits until it answers `OK`.
 * @param {{ webhookUrl?: string | string[], redisUrl?: string, apiKey?: string, apiSecret?: string, bindAddress?: string, commandPrefix?: string[], forceTcp?: boolean }} [options]
 * @returns {Promise<{ url: string, httpUrl: string, apiKey: string, apiSecret: string, port: number, logFile: string, stop: () => Promise<void> }>}
 */
export async function startLivekit(options = {}) {
  const binary = await ensureLivekit();
  let lastError;
  // Free ports are only free until someone else takes them: retry a clash with new ones.
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startOnce(binary, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(binary, { webhookUrl, redisUrl, apiKey = 'attune-test', apiSecret, bindAddress = '127.0.0.1', commandPrefix = [], forceTcp = false } = {}) {
  const secret = apiSecret ?? randomBytes(24).toString('base64url');
  if (secret.length < 32) throw new Error('LiveKit wants an API secret of at least 32 characters');
  const [port, tcpPort, udpPort] = await Promise.all([freePort(), freePort(), freeUdpPort()]);
  const dir = mkdtempSync(join(tmpdir(), 'attune-livekit-'));
  const configFile = join(dir, 'livekit.yaml');
  const logFile = join(dir, 'livekit.log');
  writeFileSync(configFile, livekitConfig({ port, tcpPort, udpPort, apiKey, apiSecret: secret, webhookUrl, redisUrl, bindAddress, forceTcp }));
  const log = openSync(logFile, 'a');
  const [command, ...prefixArgs] = [...commandPrefix, binary];
  const child = spawnTracked(command, [...prefixArgs, '--config', configFile, '--bind', bindAddress], {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const httpUrl = `http://${bindAddress}:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await child.stop();
    if (!process.env.ATTUNE_KEEP_LOGS) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${httpUrl}/`, { timeoutMs: 30_000, expectBody: 'OK', child });
  } catch (error) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    await stop();
    throw new Error(`livekit-server did not start: ${error.message}\n${tail}`);
  }
  return { url: `ws://${bindAddress}:${port}`, httpUrl, apiKey, apiSecret: secret, port, logFile, stop };
}
