// Gzipped size of Attune's visit elements next to LiveKit's prefab layer (VideoConference + PreJoin
// from @livekit/components-react), both bundled and minified by the same esbuild, each without its
// rendering library and without livekit-client (lit for Attune, React for the peer: the host page
// pays for those either way). Run: node bench/size.mjs  (installs the peer into bench/peers first).
import { build } from 'esbuild';
import { minifyCssLiteralsForEsbuild } from '../scripts/minify-css-literals.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const peers = resolve(import.meta.dirname, 'peers');

if (!existsSync(resolve(peers, 'node_modules/@livekit/components-react'))) {
  const install = spawnSync('npm', ['ci', '--prefix', peers, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
}

/**
 * Bundles `contents` with code splitting, as an app's bundler would, and counts what a page loads up
 * front: the entry and the chunks it imports statically. Chunks reached only by `import()` (Attune's
 * Spanish catalogue) load on demand and are reported apart.
 */
async function gzippedBundle({ contents, resolveDir, external, conditions = [] }) {
  const entry = {
    name: 'size-entry',
    setup(plugin) {
      plugin.onResolve({ filter: /^size-entry$/ }, () => ({ path: 'size-entry', namespace: 'size-entry' }));
      plugin.onLoad({ filter: /.*/, namespace: 'size-entry' }, () => ({ contents, resolveDir, loader: 'ts' }));
    },
  };
  const result = await build({
    entryPoints: ['size-entry'],
    // Attune's lit `css` templates minified, as the package's own build ships them (scripts/minify-css-literals.mjs).
    plugins: [entry, minifyCssLiteralsForEsbuild],
    bundle: true,
    splitting: true,
    outdir: '/size-out',
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    external,
    conditions,
    tsconfig: resolve(root, 'packages/elements/tsconfig.json'),
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files = new Map(result.outputFiles.map((file) => [relative(process.cwd(), file.path), file.contents]));
  const outputs = result.metafile.outputs;
  // Up front: the entry and its static imports. On demand: what an `import()` from there reaches. esbuild
  // also emits chunks for `import()`s it tree-shook away (the intake form's FHIRPath); nothing loads those.
  const reach = (from, kinds, seen = new Set()) => {
    for (const path of from) {
      if (seen.has(path)) continue;
      seen.add(path);
      reach(outputs[path].imports.filter((imported) => !imported.external && kinds.includes(imported.kind)).map((imported) => imported.path), kinds, seen);
    }
    return seen;
  };
  // The page's entry, not a chunk an `import()` starts (those have an entryPoint too).
  const upFront = reach([Object.keys(outputs).find((path) => outputs[path].entryPoint === 'size-entry:size-entry')], ['import-statement']);
  const onDemand = [...reach(upFront, ['import-statement', 'dynamic-import'])].filter((path) => !upFront.has(path));
  const measure = (paths) =>
    paths.reduce((sum, path) => ({ raw: sum.raw + files.get(path).byteLength, gzip: sum.gzip + gzipSync(files.get(path), { level: 9 }).byteLength }), { raw: 0, gzip: 0 });
  const loaded = measure([...upFront]);
  return { ...loaded, onDemand: measure(onDemand) };
}

const attuneElements = ['device-check', 'waiting-room', 'queue', 'video-call'];
const missing = attuneElements.filter((name) => !existsSync(resolve(root, `packages/elements/src/${name}/define.ts`)));
if (missing.length) {
  console.error(`Missing elements: ${missing.join(', ')}`);
  process.exit(1);
}

const litExternals = ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/reactive-element', '@lit/reactive-element/*'];
const attuneBundle = (names, extraExternal = []) =>
  gzippedBundle({
    contents: names.map((name) => `import '@attune/elements/${name}.js';`).join('\n'),
    resolveDir: root,
    external: [...litExternals, 'livekit-client', ...extraExternal],
    conditions: ['source', 'module'],
  });
const attune = await attuneBundle(attuneElements);
// What limits the figure: the statechart library every Attune machine runs on, and the session tag that composes the four.
const attuneWithoutXstate = await attuneBundle(attuneElements, ['xstate']);
const attuneWithSession = await attuneBundle([...attuneElements, 'session']);

const peer = await gzippedBundle({
  contents: "export { VideoConference, PreJoin } from '@livekit/components-react';",
  resolveDir: peers,
  external: ['react', 'react-dom', 'react/*', 'react-dom/*', 'livekit-client'],
});
// The prefabs render unstyled without the package's one stylesheet; Attune's styles are inside its JS (lit css).
const peerCss = gzipSync(readFileSync(resolve(peers, 'node_modules/@livekit/components-styles/dist/general/index.css')), { level: 9 }).byteLength;

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log('gzipped size (level 9) a page loads up front, minified by esbuild with code splitting, excluding the rendering library and livekit-client');
console.log(`  Attune device-check + waiting-room + queue + video-call, styles included:  ${kb(attune.gzip)} (raw ${kb(attune.raw)})`);
console.log(`    loaded on demand only (the Spanish catalogue):                          ${kb(attune.onDemand.gzip)}`);
console.log(`    the same without xstate (shared by every machine):                      ${kb(attuneWithoutXstate.gzip)}`);
console.log(`    the same plus <attune-session>, the tag that composes them:             ${kb(attuneWithSession.gzip)}`);
console.log(`  LiveKit VideoConference + PreJoin, JS only:                               ${kb(peer.gzip)} (raw ${kb(peer.raw)}; on demand ${kb(peer.onDemand.gzip)})`);
console.log(`  LiveKit components-styles CSS (gzipped apart):                            ${kb(peerCss)}`);
console.log(`  LiveKit VideoConference + PreJoin, JS + CSS:                              ${kb(peer.gzip + peerCss)}`);
console.log(`  ratio Attune / LiveKit JS + CSS (like for like): ${(attune.gzip / (peer.gzip + peerCss)).toFixed(2)}  (goal: under 0.50)`);
console.log(`  ratio Attune / LiveKit JS only:                  ${(attune.gzip / peer.gzip).toFixed(2)}`);
