// `npm test`: every suite, each stage in its own child process, all counted, ending with one line
// `total: N passed, N failed`. A failed stage does not stop the next one. Everything it starts
// (LiveKit, PostgreSQL, browsers, servers) is stopped at the end, on failure and on Ctrl-C too.
//
//   npm test                          all stages
//   npm test -- --only unit,e2e       some stages
//   npm test -- --list                the stage names
//
// Only node builtins at the top: on a fresh clone nothing else is installed yet.
import { ensureInstall } from './ensure-install.mjs';

await ensureInstall();

const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } = await import('node:fs');
const { join, relative, resolve } = await import('node:path');
const { spawnTracked, stopAll } = await import('./services/processes.mjs');
const { chromiumPath, ensureChromium } = await import('./services/chromium.mjs');

const root = resolve(import.meta.dirname, '..');
const workDir = join(root, '.attune', 'test');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Files under `dir` whose path (relative to the root) ends with one of `suffixes`. */
function findFiles(dir, suffixes) {
  const found = [];
  const walk = (current) => {
    if (!existsSync(current)) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.attune', 'storybook-static'].includes(entry.name)) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (suffixes.some((suffix) => entry.name.endsWith(suffix))) found.push(relative(root, path));
    }
  };
  walk(join(root, dir));
  return found.sort();
}

/** Runs a command with the output streaming through; resolves with its exit code. */
async function run(command, args, { env = {}, cwd = root } = {}) {
  console.log(`\n$ ${[relative(root, command) || command, ...args].join(' ')}`);
  const child = spawnTracked(command, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1', ...env },
    graceMs: 5000,
  });
  return (await child.exited) ?? 1;
}

/** One check that passes or fails as a whole (typecheck, lint). */
async function single(name, command, args, options) {
  const code = await run(command, args, options);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, failures: code === 0 ? [] : [name] };
}

/** Reads node:test's TAP summary; skipped and todo tests count as failures (no test may be skipped). */
function countTap(file, exitCode) {
  const tap = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const total = (key) => Number(tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = total('pass');
  let failed = total('fail') + total('cancelled') + total('skipped') + total('todo');
  const failures = [...tap.matchAll(/^\s*not ok \d+ - (.+)$/gm)].map((match) => match[1]);
  for (const match of tap.matchAll(/^\s*ok \d+ - (.+?) # (SKIP|TODO)/gm)) failures.push(`${match[1]} (${match[2].toLowerCase()})`);
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    failures.push(`the test process exited with code ${exitCode}`);
  }
  return { passed, failed, failures };
}

/** node:test over `files` through tsx, from the TypeScript sources; spec to the console, TAP to a file for counting. */
async function nodeTests(stage, files, env, { sourceCondition = true } = {}) {
  const tapFile = join(workDir, `${stage}.tap`);
  rmSync(tapFile, { force: true });
  const code = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      ...(sourceCondition ? ['--conditions=source'] : []),
      '--test',
      '--test-concurrency=1',
      // Also each file's limit: a file that never ends (a setup that failed half way leaves a browser or a server
      // holding it open) is cancelled after ten minutes and counted as failed, instead of holding the suite forever.
      '--test-timeout=600000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    { env },
  );
  return countTap(tapFile, code);
}

function livekitEnv(livekit) {
  return {
    ATTUNE_TEST_LIVEKIT_URL: livekit.url,
    ATTUNE_TEST_LIVEKIT_HTTP_URL: livekit.httpUrl,
    ATTUNE_TEST_LIVEKIT_API_KEY: livekit.apiKey,
    ATTUNE_TEST_LIVEKIT_API_SECRET: livekit.apiSecret,
  };
}

/** Merges the results of checks run one after another into one stage result. */
function combine(...parts) {
  return {
    passed: parts.reduce((sum, part) => sum + part.passed, 0),
    failed: parts.reduce((sum, part) => sum + part.failed, 0),
    failures: parts.flatMap((part) => part.failures),
  };
}

/** The custom-elements manifest (from the elements' JSDoc) and the React wrappers generated from it. */
async function generateManifestAndWrappers() {
  const manifest = await single('custom-elements manifest (cem analyze)', bin('cem'), ['analyze', '--quiet']);
  const wrappers = await single('React wrappers (scripts/generate-react.mjs)', process.execPath, ['scripts/generate-react.mjs']);
  return combine(manifest, wrappers);
}

const stages = {
  // The React package type-checks against the wrappers, so they are generated first.
  async typecheck() {
    const generated = await generateManifestAndWrappers();
    return combine(generated, await single('typecheck (tsc -b)', bin('tsc'), ['-b']));
  },

  async lint() {
    const eslint = await single('eslint', bin('eslint'), ['.', '--max-warnings=0']);
    const security = await single('security check', process.execPath, ['scripts/check-security.mjs']);
    const translations = await single('translations check', process.execPath, ['scripts/check-translations.mjs']);
    return {
      passed: eslint.passed + security.passed + translations.passed,
      failed: eslint.failed + security.failed + translations.failed,
      failures: [...eslint.failures, ...security.failures, ...translations.failures],
    };
  },

  async unit() {
    const packageTests = [...findFiles('packages/core/src', ['.test.ts']), ...findFiles('packages/server/src', ['.test.ts'])];
    // The scripts' own tests run without the `source` condition: some dependencies (eslint plugins)
    // publish a `source` export that points at files they do not ship.
    const scriptTests = findFiles('scripts', ['.test.mjs']);
    if (packageTests.length + scriptTests.length === 0) return { passed: 0, failed: 0, failures: [], note: 'no unit test files yet' };
    const { startLivekit } = await import('./services/livekit.mjs');
    const { startPostgres } = await import('./services/postgres.mjs');
    const [livekit, postgres] = await Promise.all([startLivekit(), startPostgres()]);
    try {
      const env = { ...livekitEnv(livekit), ATTUNE_TEST_POSTGRES_URL: postgres.url };
      const parts = [];
      if (packageTests.length > 0) parts.push(await nodeTests('unit-packages', packageTests, env, { sourceCondition: true }));
      if (scriptTests.length > 0) parts.push(await nodeTests('unit-scripts', scriptTests, env, { sourceCondition: false }));
      return {
        passed: parts.reduce((sum, part) => sum + part.passed, 0),
        failed: parts.reduce((sum, part) => sum + part.failed, 0),
        failures: parts.flatMap((part) => part.failures),
      };
    } finally {
      await Promise.all([livekit.stop(), postgres.stop()]);
    }
  },

  async elements() {
    const files = findFiles('packages/elements/src', ['.test.ts']);
    if (files.length === 0) return { passed: 0, failed: 0, failures: [], note: 'no element test files yet' };
    await ensureChromium();
    const countsFile = join(workDir, 'elements.json');
    rmSync(countsFile, { force: true });
    const code = await run(bin('wtr'), ['--config', 'web-test-runner.config.mjs'], {
      env: { ATTUNE_WTR_COUNTS_FILE: countsFile, CHROME_PATH: chromiumPath() },
    });
    if (!existsSync(countsFile)) {
      return { passed: 0, failed: 1, failures: [`web-test-runner exited with code ${code} before reporting results`] };
    }
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    if (code !== 0 && counts.failed === 0) {
      counts.failed = 1;
      counts.failures.push(`web-test-runner exited with code ${code}`);
    }
    return counts;
  },

  async e2e() {
    const files = findFiles('e2e', ['.e2e.test.ts']);
    if (files.length === 0) return { passed: 0, failed: 0, failures: [], note: 'no e2e test files yet' };
    await ensureChromium();
    const { startLivekit } = await import('./services/livekit.mjs');
    // One shared server for the stage; tests that need their own setup start it via startLivekit.
    const livekit = await startLivekit();
    try {
      return await nodeTests('e2e', files, { ...livekitEnv(livekit), CHROME_PATH: chromiumPath() });
    } finally {
      await livekit.stop();
    }
  },

  async storybook() {
    const stories = findFiles('stories', ['.stories.ts']);
    if (stories.length === 0) return { passed: 0, failed: 0, failures: [], note: 'no stories yet' };
    await ensureChromium();
    // Storybook's controls read the manifest; it is counted in the typecheck stage, made here too when that stage did not run.
    const manifest = existsSync(join(root, 'packages/elements/custom-elements.json'))
      ? { passed: 0, failed: 0, failures: [] }
      : await generateManifestAndWrappers();
    const build = await single('storybook build', bin('storybook'), ['build', '-o', '.attune/storybook', '--quiet'], {
      env: { STORYBOOK_DISABLE_TELEMETRY: '1' },
    });
    if (build.failed) return { passed: manifest.passed, failed: manifest.failed + 1, failures: [...manifest.failures, ...build.failures] };
    const countsFile = join(workDir, 'storybook.json');
    rmSync(countsFile, { force: true });
    const code = await run(process.execPath, ['scripts/storybook-smoke.mjs', '.attune/storybook', countsFile], {
      env: { CHROME_PATH: chromiumPath() },
    });
    const counts = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 0, failures: [] };
    if (code !== 0 && counts.failed === 0) {
      counts.failed = 1;
      counts.failures.push(`the Storybook smoke run exited with code ${code}`);
    }
    return {
      passed: counts.passed + manifest.passed,
      failed: counts.failed + manifest.failed,
      failures: [...manifest.failures, ...counts.failures],
    };
  },
};

function parseOnly(argv) {
  const index = argv.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (index === -1) return Object.keys(stages);
  const value = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
  const names = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(name in stages));
  if (names.length === 0 || unknown.length > 0) {
    console.error(`Unknown stage(s): ${unknown.join(', ') || '(none given)'}. Stages: ${Object.keys(stages).join(', ')}`);
    process.exit(2);
  }
  return names;
}

if (process.argv.includes('--list')) {
  console.log(Object.keys(stages).join('\n'));
  process.exit(0);
}

const selected = parseOnly(process.argv.slice(2));
mkdirSync(workDir, { recursive: true });
const results = [];
for (const name of selected) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  let result;
  try {
    result = await stages[name]();
  } catch (error) {
    // A stage that cannot even start (a missing prerequisite, a service that will not come up) is one failure.
    console.error(`\n[attune] the ${name} stage could not run: ${error.message}`);
    result = { passed: 0, failed: 1, failures: [`${name}: ${error.message.split('\n')[0]}`] };
  }
  results.push({ name, seconds: Math.round((Date.now() - started) / 1000), ...result });
}
await stopAll();

const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log('\n=== summary ===');
for (const result of results) {
  const note = result.note ? ` (${result.note})` : '';
  console.log(`${result.name.padEnd(10)} ${String(result.passed).padStart(4)} passed ${String(result.failed).padStart(4)} failed  ${result.seconds}s${note}`);
  for (const failure of result.failures.slice(0, 20)) console.log(`    ✗ ${failure}`);
  if (result.failures.length > 20) console.log(`    … and ${result.failures.length - 20} more`);
}
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
