// A throwaway PostgreSQL cluster for tests and the multi-instance demo: its own data directory in a
// temp dir, its own free port, trust auth on 127.0.0.1 only, gone again when stop() runs or the
// process exits. Never touches the machine's own clusters.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureAptPackages, MissingPrerequisite } from './apt.mjs';

const DATABASE = 'attune_test';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function findPostgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

async function ensurePostgresBin() {
  const found = findPostgresBin();
  if (found) return found;
  await ensureAptPackages(['postgresql'], 'PostgreSQL is needed for the PostgreSQL store tests.');
  const installed = findPostgresBin();
  if (!installed) {
    throw new MissingPrerequisite(
      'PostgreSQL was installed but no initdb was found under /usr/lib/postgresql/*/bin. ' +
        'Install the Debian package "postgresql" by hand and run the command again.',
    );
  }
  return installed;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function postgresUid() {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new MissingPrerequisite(
      'Running as root, but there is no "postgres" system user to run the throwaway cluster as ' +
        '(PostgreSQL refuses to run as root). Install the Debian package "postgresql", which creates it.',
    );
  }
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

// initdb and postgres refuse to run as root: as root, run them as the postgres user.
function run(bin, command, args) {
  const file = join(bin, command);
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} failed (exit ${result.status}): ${(result.stderr || result.stdout || '').trim()}`);
  }
  return result.stdout;
}

const running = new Set();
let cleanupRegistered = false;

function stopNow(cluster) {
  if (!running.has(cluster)) return;
  running.delete(cluster);
  try {
    run(cluster.bin, 'pg_ctl', ['-D', cluster.dir, '-m', 'immediate', '-w', 'stop']);
  } catch {
    // Already stopped (e.g. killed with the process group): only the directory is left to remove.
  }
  rmSync(cluster.dir, { recursive: true, force: true });
}

function registerCleanup() {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  process.on('exit', () => {
    for (const cluster of [...running]) stopNow(cluster);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      for (const cluster of [...running]) stopNow(cluster);
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Starts a fresh cluster and creates the database `attune_test`.
 * @returns {Promise<{ url: string, port: number, stop(): Promise<void> }>}
 */
export async function startPostgres() {
  const bin = await ensurePostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'attune-pg-'));
  if (isRoot) {
    const { uid, gid } = postgresUid();
    chownSync(dir, uid, gid);
  }
  const cluster = { bin, dir };
  running.add(cluster);
  registerCleanup();
  try {
    run(bin, 'initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      // A throwaway cluster: durability buys nothing and costs seconds.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    run(bin, 'pg_ctl', ['-D', dir, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    run(bin, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', DATABASE]);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
      port,
      async stop() {
        stopNow(cluster);
      },
    };
  } catch (error) {
    stopNow(cluster);
    throw error;
  }
}

// `node scripts/services/postgres.mjs` starts one and keeps it until Ctrl-C: handy by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const pg = await startPostgres();
    console.log(`PostgreSQL ready at ${pg.url} (Ctrl-C stops it and removes its data)`);
    setInterval(() => {}, 1 << 30);
  } catch (error) {
    console.error(error instanceof MissingPrerequisite ? error.message : `Could not start PostgreSQL: ${error.message}`);
    process.exit(2);
  }
}
