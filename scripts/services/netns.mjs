// A livekit-server behind a link the tests can cut: the server runs in its own network namespace,
// joined to this machine by a veth pair on a private /30 (10.213.x.y, test-host addresses that
// never leave the machine). Taking the host end of the pair down cuts every signal and media
// path between the browsers and LiveKit at once, as a dropped network would; bringing it up
// restores them. Needs root and iproute2 (`ip`).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { startLivekit } from './livekit.mjs';

const namePrefix = 'attune-lk-';

export class NetnsUnavailable extends Error {
  name = 'NetnsUnavailable';
}

function ip(...args) {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = error.stderr?.toString().trim();
    throw new Error(`\`ip ${args.join(' ')}\` failed: ${stderr || error.message}`);
  }
}

/** `ip …` for cleanup paths: a thing already gone is not an error there. */
function ipQuietly(...args) {
  spawnSync('ip', args, { stdio: 'ignore' });
}

function unavailable(reason) {
  return new NetnsUnavailable(
    `The network-fault tests run livekit-server in its own Linux network namespace and cut its link with ` +
      `\`ip link set … down\`, which needs root (or CAP_NET_ADMIN) and iproute2; ${reason}. Run them as root on Linux ` +
      `(CI and the project's dev machines are), with iproute2 installed (\`apt-get install -y iproute2\`). ` +
      `Nothing is skipped: without a namespace these tests cannot cut a real link, so they fail with this message.`,
  );
}

function checkPrerequisites() {
  if (process.platform !== 'linux') throw unavailable(`this is ${process.platform}, not Linux`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw unavailable(`this process runs as uid ${process.getuid()}`);
  if (spawnSync('ip', ['-V'], { stdio: 'ignore' }).status !== 0) throw unavailable('the `ip` command was not found');
}

function ownerIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// A run killed with SIGKILL leaves its namespace behind; its name carries the owner's pid.
function removeAbandonedNamespaces() {
  const names = ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(namePrefix));
  for (const name of names) {
    const pid = Number(name.slice(namePrefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !ownerIsAlive(pid)) ipQuietly('netns', 'del', name);
  }
}

// A /30 in 10.213.0.0/16 that no interface here uses yet: .1 on the host end, .2 in the namespace.
function freeSubnet() {
  const inUse = ip('-4', '-o', 'addr', 'show');
  for (let attempt = 0; attempt < 50; attempt++) {
    const block = randomInt(0, 16384) * 4;
    const base = `10.213.${block >> 8}.${block & 255}`;
    const hostAddress = `10.213.${block >> 8}.${(block & 255) + 1}`;
    const namespaceAddress = `10.213.${block >> 8}.${(block & 255) + 2}`;
    if (!inUse.includes(`${hostAddress}/`) && !inUse.includes(`${namespaceAddress}/`)) return { base, hostAddress, namespaceAddress };
  }
  throw new Error('no free /30 left in 10.213.0.0/16');
}

/**
 * Starts livekit-server inside a fresh network namespace and waits until it answers `OK` from
 * the host side of the link (so the browsers, on the host, can reach it).
 * @param {{ webhookUrl?: string | string[], apiKey?: string, apiSecret?: string }} [options]
 */
export async function startLivekitInNetns(options = {}) {
  checkPrerequisites();
  removeAbandonedNamespaces();
  const tag = randomBytes(3).toString('hex');
  const namespace = `${namePrefix}${process.pid}-${tag}`;
  // Interface names are limited to 15 characters.
  const hostVeth = `atn${tag}h`;
  const namespaceVeth = `atn${tag}n`;
  const { base, hostAddress, namespaceAddress } = freeSubnet();
  // While the link is down its connected route is gone, and packets for the namespace would follow
  // the default route off the machine; this route, behind the connected one, drops them here instead.
  const blackholeMetric = '4242';

  let removed = false;
  const removeNamespace = () => {
    if (removed) return;
    removed = true;
    // Deleting the namespace destroys its end of the pair, and with it the host end; deleting the host end first makes that immediate.
    ipQuietly('link', 'del', hostVeth);
    ipQuietly('netns', 'del', namespace);
    ipQuietly('route', 'del', 'blackhole', `${base}/30`, 'metric', blackholeMetric);
  };
  process.on('exit', removeNamespace);

  try {
    try {
      ip('netns', 'add', namespace);
    } catch (error) {
      throw unavailable(`creating a namespace failed (${error.message})`);
    }
    ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', namespaceVeth);
    ip('link', 'set', namespaceVeth, 'netns', namespace);
    ip('addr', 'add', `${hostAddress}/30`, 'dev', hostVeth);
    ip('link', 'set', hostVeth, 'up');
    ip('-n', namespace, 'addr', 'add', `${namespaceAddress}/30`, 'dev', namespaceVeth);
    ip('-n', namespace, 'link', 'set', namespaceVeth, 'up');
    ip('-n', namespace, 'link', 'set', 'lo', 'up');
    ip('route', 'add', 'blackhole', `${base}/30`, 'metric', blackholeMetric);
  } catch (error) {
    removeNamespace();
    process.off('exit', removeNamespace);
    throw error;
  }

  let livekit;
  try {
    livekit = await startLivekit({
      ...options,
      bindAddress: namespaceAddress,
      commandPrefix: ['ip', 'netns', 'exec', namespace],
    });
  } catch (error) {
    removeNamespace();
    process.off('exit', removeNamespace);
    throw error;
  }

  let stopped = false;
  return {
    ...livekit,
    namespace,
    /** The host's end of the link: a server on the host that LiveKit must reach (webhooks) listens here. */
    hostAddress,
    namespaceAddress,
    cutLink() {
      ip('link', 'set', hostVeth, 'down');
    },
    restoreLink() {
      ip('link', 'set', hostVeth, 'up');
    },
    /** Whether the host end of the link is up (`ip` reports UP in its flags). */
    linkIsUp() {
      if (!existsSync(`/sys/class/net/${hostVeth}`)) return false;
      return /<[^>]*\bUP\b[^>]*>/.test(ip('-o', 'link', 'show', hostVeth));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await livekit.stop();
      removeNamespace();
      process.off('exit', removeNamespace);
    },
  };
}
