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

export async function ensureInstall() {
  if (!installIsStale()) return;
  console.log('[attune] installing dependencies (npm ci)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--foreground-scripts=false', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', PUPPETEER_SKIP_DOWNLOAD: '1' },
  });
  if (result.status !== 0) {
    console.error('[attune] `npm ci` failed (see above). Fix the cause, then run the command again.');
    process.exit(result.status ?? 1);
  }
}
