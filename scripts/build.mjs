// Builds every package in dependency order (lerna runs `build` topologically): ESM with rollup,
// declarations with `tsc -b`, the custom-elements manifest and the React wrappers.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' };

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['--no-install', 'lerna', 'run', 'build', '--concurrency', '1', '--loglevel', 'warn']);
// Declarations for the packages only; tests, stories and benchmarks are type-checked by `npm test`.
run('npx', ['--no-install', 'tsc', '-b', 'packages/core', 'packages/elements', 'packages/server', 'packages/react']);
run('node', ['scripts/build-browser.mjs']);
