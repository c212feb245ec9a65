// `npm test` and `npm start` work on a fresh clone: before importing any dependency they call
// ensureInstall(), which runs `npm ci` when node_modules is missing or older than the lock file.
// Only node builtins here, since nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function installIsStale() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return true;
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs;
}

function npm(args) {
  const command = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return spawnSync(command, [...args, '--foreground-scripts=false', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', PUPPETEER_SKIP_DOWNLOAD: '1' },
  }).status;
}

/** Installs exactly what package-lock.json pins. */
export function installDependencies() {
  console.log('[attune] installing dependencies (npm ci)');
  if (npm(['ci']) === 0) return;
  // npm 11's `npm ci` also wants lock entries for other platforms' optional packages (rollup's
  // native builds); a registry mirror that serves only this platform's cannot provide them
  // (npm/cli#4828). `npm install --no-save` installs the same locked versions without them.
  console.log('[attune] `npm ci` refused; installing the locked versions with `npm install --no-save`');
  const status = npm(['install', '--no-save']);
  if (status !== 0) {
    console.error('[attune] installing the dependencies failed (see above). Fix the cause, then run the command again.');
    process.exit(status ?? 1);
  }
}

export async function ensureInstall() {
  if (installIsStale()) installDependencies();
}

if (import.meta.url === `file://${process.argv[1]}`) installDependencies();
