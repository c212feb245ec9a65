// Element tests in the system Chromium with fake camera and microphone.
// Packages resolve through their `source` export condition, so tests run on the TypeScript
// sources without a build step.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './scripts/services/chromium.mjs';
import { countingReporter } from './scripts/test/wtr-counting-reporter.mjs';

// `npm test` asks for a count of results in a file to add them to its closing line.
const countsFile = process.env.ATTUNE_WTR_COUNTS_FILE;

export default {
  files: ['packages/elements/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs },
    }),
  ],
  ...(countsFile ? { reporters: [defaultReporter(), countingReporter(countsFile)] } : {}),
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './packages/elements/tsconfig.json' })],
};
