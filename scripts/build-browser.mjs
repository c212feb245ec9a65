// The one-tag browser build of @attune/elements: `dist/browser/attune.js`, one minified ES module
// that registers every element with lit, xstate, livekit-client and idb inside, for a page with no
// bundler (`<script type="module" src="…/attune.js">`). Beside it: `e2ee-worker.js` (a worker cannot
// be inlined under a strict CSP: `worker-src 'self'` refuses blob: and data: URLs), the chunks that
// load on demand (the Spanish catalogue) and the source maps.
// esbuild, not rollup: one call bundles node_modules, splits off the lazy chunks and minifies, with no
// resolve/commonjs/terser plugins to add. Run: node scripts/build-browser.mjs [outDir]
import { readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { minifyCssLiteralsForEsbuild } from './minify-css-literals.mjs';

const root = resolve(import.meta.dirname, '..');
const elementsDir = join(root, 'packages/elements');
export const browserBuildDir = join(elementsDir, 'dist/browser');

/** Every element folder with a `define.ts` registers its tag in the bundle: a new element needs no edit here. */
function entrySource() {
  const defines = readdirSync(join(elementsDir, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(elementsDir, 'src', entry.name, 'define.ts')))
    .map((entry) => `import '@attune/elements/${entry.name}.js';`);
  return [
    ...defines,
    // The classes, `setAttuneLocale` and the API clients, for pages that script the elements without a bundler.
    `export * from '@attune/elements';`,
    `export { createHttpVisitApi, createFhirRecords } from '@attune/core';`,
  ].join('\n');
}

// core starts the E2EE worker from `new URL('livekit-client/e2ee-worker', import.meta.url)` for an app's
// bundler to resolve; esbuild leaves such URLs alone, so the browser build points it at its sibling file.
const workerBesideBundle = {
  name: 'e2ee-worker-beside-bundle',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]core[\\/]src[\\/]media[\\/]livekit-media-room\.ts$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const bundlerUrl = "new URL('livekit-client/e2ee-worker', import.meta.url)";
      if (!source.includes(bundlerUrl)) throw new Error(`${relative(root, path)} no longer starts the worker from ${bundlerUrl}: update scripts/build-browser.mjs`);
      return { contents: source.replace(bundlerUrl, "new URL('./e2ee-worker.js', import.meta.url)"), loader: 'ts' };
    });
  },
};

/**
 * Builds the browser bundle into `outDir` (emptied first) and returns the gzipped size (level 9, as
 * bench/size.mjs measures) of what a page loads up front and of the worker.
 */
export async function buildBrowserBundle(outDir = browserBuildDir) {
  rmSync(outDir, { recursive: true, force: true });
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const result = await build({
    ...common,
    stdin: { contents: entrySource(), resolveDir: root, sourcefile: 'attune-browser-entry.ts', loader: 'ts' },
    // Chunks sit beside attune.js so `import.meta.url` (the worker's URL) means the same directory in every file.
    splitting: true,
    outdir: outDir,
    entryNames: 'attune',
    chunkNames: '[name]-[hash]',
    conditions: ['source'],
    tsconfig: join(elementsDir, 'tsconfig.json'),
    plugins: [workerBesideBundle, minifyCssLiteralsForEsbuild],
    metafile: true,
    absWorkingDir: root,
  });
  await build({ ...common, entryPoints: { 'e2ee-worker': fileURLToPath(import.meta.resolve('livekit-client/e2ee-worker')) }, outdir: outDir });

  const gzipped = (path) => gzipSync(readFileSync(path), { level: 9 }).byteLength;
  const outputs = result.metafile.outputs;
  // attune.js by name: every chunk an import() reaches is an entry point in esbuild's metafile too.
  const entry = Object.keys(outputs).find((path) => path.endsWith('/attune.js'));
  const upFront = new Set();
  const visit = (path) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return {
    upFront: [...upFront].reduce((sum, path) => sum + gzipped(resolve(root, path)), 0),
    worker: gzipped(join(outDir, 'e2ee-worker.js')),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = resolve(process.argv[2] ?? browserBuildDir);
  const size = await buildBrowserBundle(outDir);
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`browser bundle: ${relative(root, outDir)}/attune.js loads ${kib(size.upFront)} gzipped (level 9) up front; e2ee-worker.js ${kib(size.worker)}`);
}
