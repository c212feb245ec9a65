// The intake form benchmark: Attune's <attune-intake-form>, LHC-Forms (lforms, the reference FHIR
// renderer) and the physical floor (plain HTML by one innerHTML assignment), in the same Chromium
// run, each the median of 15 fresh page loads: render time, QuestionnaireResponse export time,
// gzipped bytes the page loads, and the JS heap the rendered form keeps over a blank page.
//   node bench/intake/run.mjs            (installs lforms into bench/intake on first run)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, ensureChromium } from '../../scripts/services/chromium.mjs';
import { serveStatic } from '../../scripts/services/static-server.mjs';
import { largeQuestionnaire } from './questionnaires.mjs';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const lforms = join(here, 'node_modules/lforms/dist/lforms');

if (!existsSync(lforms)) {
  const install = spawnSync('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
}

const out = mkdtempSync(join(tmpdir(), 'attune-bench-intake-'));
const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main></main>${body}</body></html>`;

// The questionnaires, the same files for every page (their bytes are not counted: every renderer needs them).
const { phq9 } = await import(resolve(root, 'node_modules/.attune-bench-phq9.mjs')).catch(async () => {
  const result = await build({
    stdin: { contents: "export { phq9 } from '@attune/core';", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    conditions: ['source'],
    logLevel: 'error',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
});
const forms = { phq9, large: largeQuestionnaire() };

for (const name of ['attune', 'floor', 'lforms', 'blank']) {
  mkdirSync(join(out, name), { recursive: true });
  for (const [form, questionnaire] of Object.entries(forms)) writeFileSync(join(out, name, `${form}.json`), JSON.stringify(questionnaire));
}

const bundle = (entry, dir) =>
  build({
    entryPoints: { page: join(here, 'pages', entry) },
    outdir: join(out, dir),
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser'],
    tsconfig: join(root, 'packages/elements/tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
await bundle('attune.ts', 'attune');
await bundle('floor.ts', 'floor');
writeFileSync(join(out, 'attune/index.html'), page('Attune', '<script type="module" src="./page.js"></script>'));
writeFileSync(join(out, 'floor/index.html'), page('Floor', '<script type="module" src="./page.js"></script>'));
writeFileSync(join(out, 'blank/index.html'), page('Blank', ''));

for (const file of ['webcomponent/styles.css', 'webcomponent/assets/lib/zone.min.js', 'webcomponent/runtime.js', 'webcomponent/polyfills.js', 'webcomponent/main.js', 'fhir/R4/lformsFHIR.min.js']) {
  copyFileSync(join(lforms, file), join(out, 'lforms', file.split('/').pop()));
}
copyFileSync(join(here, 'pages/lforms.js'), join(out, 'lforms/page.js'));
writeFileSync(
  join(out, 'lforms/index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title><link rel="stylesheet" href="./styles.css">
<script src="./zone.min.js"></script><script src="./runtime.js" type="module"></script><script src="./polyfills.js" type="module"></script>
<script src="./main.js" type="module"></script><script src="./lformsFHIR.min.js" defer></script></head>
<body><main><div id="form-container"></div></main><script type="module" src="./page.js"></script></body></html>`,
);

const server = await serveStatic(out);
const browser = await chromium.launch({ executablePath: await ensureChromium(), args: chromiumArgs });

async function load(name, form) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  const bodies = [];
  tab.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith('.json') || url.pathname.endsWith('.ico')) return;
    // A response without a body (a redirect) adds nothing.
    bodies.push(response.body().then((body) => gzipSync(body, { level: 9 }).byteLength, () => 0));
  });
  await tab.goto(`${server.url}/${name}/index.html?form=${form}`);
  const result =
    name === 'blank' ? {} : await tab.waitForFunction(() => window.benchResult, undefined, { timeout: 60_000 }).then((handle) => handle.jsonValue());
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await tab.waitForLoadState('networkidle');
  const bytes = (await Promise.all(bodies)).reduce((sum, size) => sum + size, 0);
  await context.close();
  return { ...result, heap: usedSize, bytes };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const results = {};
for (const form of Object.keys(forms)) {
  const blank = [];
  for (let i = 0; i < runs; i += 1) blank.push((await load('blank', form)).heap);
  const baseline = median(blank);
  for (const name of ['attune', 'lforms', 'floor']) {
    const samples = [];
    for (let i = 0; i < runs; i += 1) samples.push(await load(name, form));
    results[`${name}/${form}`] = {
      renderMs: median(samples.map((s) => s.renderMs)),
      renderMsRange: [Math.min(...samples.map((s) => s.renderMs)), Math.max(...samples.map((s) => s.renderMs))],
      exportMs: median(samples.map((s) => s.exportMs)),
      gzipBytes: median(samples.map((s) => s.bytes)),
      heapKeptBytes: median(samples.map((s) => s.heap)) - baseline,
      questions: samples[0].questions,
    };
    process.stderr.write(`${name}/${form} done\n`);
  }
}

await browser.close();
await server.close();
rmSync(out, { recursive: true, force: true });

const chromiumVersion = browser.version();
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const lines = [
  `Intake form benchmark — median of ${runs} fresh page loads each, Chromium ${chromiumVersion}, ${new Date().toISOString().slice(0, 10)}`,
  '',
  '| form | renderer | render | export | gzipped bytes loaded | heap kept | questions drawn |',
  '|---|---|---|---|---|---|---|',
];
for (const [key, value] of Object.entries(results)) {
  const [name, form] = key.split('/');
  lines.push(`| ${form} | ${name} | ${ms(value.renderMs)} (${ms(value.renderMsRange[0])}–${ms(value.renderMsRange[1])}) | ${ms(value.exportMs)} | ${kb(value.gzipBytes)} | ${kb(value.heapKeptBytes)} | ${value.questions} |`);
}
const ratio = (a, b) => (b === 0 ? 'n/a' : (a / b).toFixed(1));
for (const form of Object.keys(forms)) {
  const attune = results[`attune/${form}`];
  const peer = results[`lforms/${form}`];
  const floor = results[`floor/${form}`];
  lines.push(
    '',
    `${form}: LHC-Forms / Attune render ${ratio(peer.renderMs, attune.renderMs)}×, Attune / floor render ${ratio(attune.renderMs, floor.renderMs)}×, ` +
      `LHC-Forms / Attune bytes ${ratio(peer.gzipBytes, attune.gzipBytes)}×, LHC-Forms / Attune heap ${ratio(peer.heapKeptBytes, attune.heapKeptBytes)}×`,
  );
}
console.log(lines.join('\n'));
writeFileSync(join(here, 'results.json'), `${JSON.stringify({ runs, chromium: chromiumVersion, results }, null, 2)}\n`);
