// Gzipped size of Attune's visit elements next to LiveKit's prefab layer (VideoConference + PreJoin
// from @livekit/components-react), both bundled and minified by the same esbuild, each without its
// rendering library and without livekit-client (lit for Attune, React for the peer: the host page
// pays for those either way). Run: node bench/size.mjs  (installs the peer into bench/peers first).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const peers = resolve(import.meta.dirname, 'peers');

if (!existsSync(resolve(peers, 'node_modules/@livekit/components-react'))) {
  const install = spawnSync('npm', ['ci', '--prefix', peers, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
}

async function gzippedBundle({ contents, resolveDir, external, conditions = [] }) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external,
    conditions,
    tsconfig: resolve(root, 'packages/elements/tsconfig.json'),
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const js = result.outputFiles[0].contents;
  return { raw: js.byteLength, gzip: gzipSync(js, { level: 9 }).byteLength };
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
    conditions: ['source'],
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
console.log('gzipped size (level 9), minified with esbuild, excluding the rendering library and livekit-client');
console.log(`  Attune device-check + waiting-room + queue + video-call, styles included:  ${kb(attune.gzip)} (raw ${kb(attune.raw)})`);
console.log(`    the same without xstate (shared by every machine):                      ${kb(attuneWithoutXstate.gzip)}`);
console.log(`    the same plus <attune-session>, the tag that composes them:             ${kb(attuneWithSession.gzip)}`);
console.log(`  LiveKit VideoConference + PreJoin, JS only:                               ${kb(peer.gzip)} (raw ${kb(peer.raw)})`);
console.log(`  LiveKit components-styles CSS (gzipped apart):                            ${kb(peerCss)}`);
console.log(`  LiveKit VideoConference + PreJoin, JS + CSS:                              ${kb(peer.gzip + peerCss)}`);
console.log(`  ratio Attune / LiveKit JS + CSS (like for like): ${(attune.gzip / (peer.gzip + peerCss)).toFixed(2)}  (goal: under 0.50)`);
console.log(`  ratio Attune / LiveKit JS only:                  ${(attune.gzip / peer.gzip).toFixed(2)}`);
