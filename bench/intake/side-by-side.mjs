// Issue #4's intake form benchmark: Attune's <attune-intake-form>, LHC-Forms (lforms, the reference
// FHIR renderer) and the physical floor (the same form as plain HTML by one innerHTML assignment), in
// one Chromium run, each figure the median of 15 fresh page loads (a new browser context per load: no
// cache, no IndexedDB carried over). Per load: time to the form being in the DOM and laid out, the JS
// heap it keeps (after GC, minus a page that holds only the parsed Questionnaire), then the time to
// export a QuestionnaireResponse from the filled form; per page, the gzipped JS and CSS it loads.
//   node bench/intake/side-by-side.mjs        (BENCH_RUNS=3 for a quick look; installs lforms into bench/peers)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, ensureChromium } from '../../scripts/services/chromium.mjs';
import { serveStatic } from '../../scripts/services/static-server.mjs';
import { buildAttuneBundle } from './attune-bundle.mjs';
import { questionnaire200 } from './questionnaire-200.mjs';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const peers = resolve(here, '../peers');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const lformsDist = join(peers, 'node_modules/lforms/dist/lforms');

if (!existsSync(lformsDist)) {
  // lforms lists Angular's packages as dependencies at versions that disagree with each other's peers.
  const install = spawnSync('npm', ['ci', '--prefix', peers, '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
}

// The PHQ-9 as core ships it, and core's own field ids (to find the last field the element draws).
const core = await (async () => {
  const result = await build({
    stdin: { contents: "export { phq9, fieldIdFor } from '@attune/core';", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    conditions: ['source'],
    logLevel: 'error',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
})();

const forms = { 'phq-9': core.phq9, 'intake-200': questionnaire200() };
mkdirSync(join(here, 'fixtures'), { recursive: true });
for (const [name, questionnaire] of Object.entries(forms)) {
  writeFileSync(join(here, 'fixtures', `${name}.json`), `${JSON.stringify(questionnaire, null, 2)}\n`);
}

const questionsOf = (items) => items.flatMap((item) => (item.type === 'group' ? questionsOf(item.item ?? []) : item.type === 'display' ? [] : [item]));

/** What the benchmark types into each form: every question shown at the start, the same answers for every contender. */
function fillPlan(questionnaire) {
  const values = { string: 'Sample answer', text: 'Sample notes about this', integer: 7, decimal: 3.5, boolean: true, date: '2024-03-01' };
  return questionsOf(questionnaire.item)
    .filter((item) => !item.enableWhen)
    .map((item) => ({
      linkId: item.linkId,
      attuneId: core.fieldIdFor(item.linkId),
      type: item.type,
      value: values[item.type],
      option: item.type === 'choice' ? 0 : undefined,
    }));
}

// The site: Attune's page bundle, LHC-Forms' dist files, the floor, the fixtures.
const site = mkdtempSync(join(tmpdir(), 'attune-bench-intake-'));
await buildAttuneBundle(join(site, 'attune'));
symlinkSync(lformsDist, join(site, 'lforms'));
symlinkSync(join(here, 'side-by-side'), join(site, 'side-by-side'));
symlinkSync(join(here, 'fixtures'), join(site, 'fixtures'));

/** Runs in every page before its scripts: waits for a form's last field, one frame, and layout. */
const harness = `window.bench = {
  async untilLaidOut(root, find) {
    const field = find() ?? (await new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const found = find();
        if (found) { observer.disconnect(); resolve(found); }
      });
      observer.observe(root, { childList: true, subtree: true });
    }));
    await new Promise(requestAnimationFrame);
    field.getBoundingClientRect();
    return performance.now();
  },
};`;

/** The same answers as a QuestionnaireResponse, for LHC-Forms' way of loading answers. */
function responseFor(questionnaire, plan) {
  const byLinkId = new Map(plan.map((entry) => [entry.linkId, entry]));
  const answerOf = (item, entry) => {
    switch (item.type) {
      case 'choice':
        return { valueCoding: item.answerOption[entry.option].valueCoding };
      case 'boolean':
        return { valueBoolean: entry.value };
      case 'integer':
        return { valueInteger: entry.value };
      case 'decimal':
        return { valueDecimal: entry.value };
      case 'date':
        return { valueDate: entry.value };
      default:
        return { valueString: entry.value };
    }
  };
  const itemsOf = (items) =>
    items.flatMap((item) => {
      if (item.type === 'group') return [{ linkId: item.linkId, item: itemsOf(item.item ?? []) }];
      const entry = byLinkId.get(item.linkId);
      return entry ? [{ linkId: item.linkId, answer: [answerOf(item, entry)] }] : [];
    });
  return { resourceType: 'QuestionnaireResponse', status: 'in-progress', questionnaire: questionnaire.url, item: itemsOf(questionnaire.item) };
}

const contenders = ['attune', 'lforms', 'floor'];
/** Each page finds the last question the same way: by the id its own renderer gives it. */
function lastFieldId(contender, questionnaire) {
  const last = questionsOf(questionnaire.item).filter((item) => !item.enableWhen).at(-1);
  if (contender === 'attune') return core.fieldIdFor(last.linkId);
  if (contender === 'lforms') return lformsFieldId(questionnaire, last.linkId);
  return `f-${last.linkId}`;
}

/** LHC-Forms gives each item an id made of its linkId and one repeat number per level: g1.q1/1/1. */
function lformsFieldId(questionnaire, linkId) {
  const find = (items, trail) => {
    for (const item of items) {
      const here = [...trail, item.linkId];
      if (item.linkId === linkId) return here;
      const found = item.item && find(item.item, here);
      if (found) return found;
    }
    return undefined;
  };
  return `${linkId}/${find(questionnaire.item, []).map(() => 1).join('/')}`;
}

const chromiumPath = await ensureChromium();
const chromiumVersion = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
const server = await serveStatic(site);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });

async function load(contender, form) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(harness);
  const bodies = [];
  page.on('response', (response) => {
    const kind = response.request().resourceType();
    if (kind === 'document' || kind === 'fetch') return;
    bodies.push(response.body().then((body) => ({ kind, url: response.url(), gzip: gzipSync(body, { level: 9 }).byteLength })).catch(() => ({ kind, url: response.url(), gzip: 0 })));
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const questionnaire = forms[form];
  const last = contender === 'blank' ? '' : lastFieldId(contender, questionnaire);
  await page.goto(`${server.url}/side-by-side/${contender}.html?form=${form}&last=${encodeURIComponent(last)}`);
  await page.waitForFunction(() => window.rendered, undefined, { timeout: 60_000, polling: 50 }).catch((error) => {
    throw new Error(`${contender} ${form} did not render: ${errors.join('; ') || error.message}`);
  });
  const rendered = await page.evaluate(() => window.rendered);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const result = {
    fromNavigation: rendered.laidOut,
    fromRenderCall: rendered.laidOut - rendered.start,
    heap: heap.usedSize,
    embedderHeap: heap.embedderHeapUsedSize,
  };
  if (contender !== 'blank') {
    const plan = fillPlan(questionnaire);
    await page.evaluate(([entries, response]) => window.benchPage.fill(entries, response), [plan, responseFor(questionnaire, plan)]);
    const exported = await page.evaluate(async () => {
      const { ms, response } = await window.benchPage.exportResponse();
      const count = (items = []) => items.reduce((sum, item) => sum + (item.answer?.length ? 1 : 0) + count(item.item), 0);
      return { ms, answered: count(response.item), resourceType: response.resourceType };
    });
    if (exported.resourceType !== 'QuestionnaireResponse') throw new Error(`${contender} exported ${exported.resourceType}`);
    if (exported.answered !== plan.length) throw new Error(`${contender} ${form}: ${exported.answered} answers exported, ${plan.length} given`);
    result.exportMs = exported.ms;
    result.answered = exported.answered;
  }
  if (errors.length) throw new Error(`${contender} ${form}: ${errors.join('; ')}`);
  const loaded = await Promise.all(bodies);
  result.jsCss = loaded.filter((body) => body.kind === 'script' || body.kind === 'stylesheet').reduce((sum, body) => sum + body.gzip, 0);
  result.other = loaded.filter((body) => body.kind !== 'script' && body.kind !== 'stylesheet').reduce((sum, body) => sum + body.gzip, 0);
  await context.close();
  return result;
}

const samples = {};
const started = Date.now();
for (let run = 0; run < runs; run++) {
  for (const form of Object.keys(forms)) {
    // Rotate who goes first, so no contender always loads right after the same neighbour.
    const order = ['blank', ...contenders];
    const rotated = [...order.slice(run % order.length), ...order.slice(0, run % order.length)];
    for (const contender of rotated) {
      const key = `${contender} ${form}`;
      (samples[key] ??= []).push(await load(contender, form));
    }
  }
  process.stdout.write(`run ${run + 1}/${runs} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
await browser.close();
await server.close();
rmSync(site, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const stats = (key, metric) => {
  const values = samples[key].map((sample) => sample[metric]);
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
};

const report = { date: new Date().toISOString(), chromium: chromiumVersion, runs, forms: {} };
for (const form of Object.keys(forms)) {
  const baseline = median(samples[`blank ${form}`].map((sample) => sample.heap));
  const baselineEmbedder = median(samples[`blank ${form}`].map((sample) => sample.embedderHeap ?? 0));
  report.forms[form] = {};
  for (const contender of contenders) {
    const key = `${contender} ${form}`;
    report.forms[form][contender] = {
      fromRenderCall: stats(key, 'fromRenderCall'),
      fromNavigation: stats(key, 'fromNavigation'),
      exportMs: stats(key, 'exportMs'),
      heapKept: median(samples[key].map((sample) => sample.heap)) - baseline,
      embedderHeapKept: median(samples[key].map((sample) => sample.embedderHeap ?? 0)) - baselineEmbedder,
      jsCssGzip: median(samples[key].map((sample) => sample.jsCss)),
      otherGzip: median(samples[key].map((sample) => sample.other)),
      answered: samples[key][0].answered,
    };
  }
}

const ms = ({ median: m, min, max }) => `${m.toFixed(1)} (${min.toFixed(1)}–${max.toFixed(1)})`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (a, b) => (b === 0 ? '—' : `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}`);
console.log(`\n${chromiumVersion}; median (min–max) of ${runs} fresh page loads each; times in ms`);
for (const form of Object.keys(forms)) {
  const figures = report.forms[form];
  console.log(`\n${form} (${figures.attune.answered} questions answered for the export)`);
  console.log(`  ${'measure'.padEnd(34)}${contenders.map((name) => name.padEnd(28)).join('')}`);
  const row = (label, pick) => console.log(`  ${label.padEnd(34)}${contenders.map((name) => pick(figures[name]).padEnd(28)).join('')}`);
  row('render call → laid out', (f) => ms(f.fromRenderCall));
  row('navigation start → laid out', (f) => ms(f.fromNavigation));
  row('export QuestionnaireResponse', (f) => ms(f.exportMs));
  row('JS + CSS loaded, gzipped', (f) => kib(f.jsCssGzip));
  row('other assets loaded, gzipped', (f) => kib(f.otherGzip));
  row('JS heap kept over baseline', (f) => kib(f.heapKept));
  row('DOM (embedder) heap over baseline', (f) => kib(f.embedderHeapKept));
  const a = figures.attune;
  const l = figures.lforms;
  const f = figures.floor;
  console.log(`  goals: LHC-Forms / Attune render ${ratio(l.fromRenderCall.median, a.fromRenderCall.median)}× (≥ 15), from navigation ${ratio(l.fromNavigation.median, a.fromNavigation.median)}×;` +
    ` Attune / floor render ${ratio(a.fromRenderCall.median, f.fromRenderCall.median)}× (≤ 3), from navigation ${ratio(a.fromNavigation.median, f.fromNavigation.median)}×;` +
    ` bytes Attune / LHC-Forms ${ratio(a.jsCssGzip, l.jsCssGzip)} (≤ 0.05); heap Attune / LHC-Forms ${ratio(a.heapKept, l.heapKept)} (≤ 0.1)`);
}
writeFileSync(join(tmpdir(), 'attune-bench-intake.json'), JSON.stringify({ report, samples }, null, 2));
console.log(`\nevery sample: ${join(tmpdir(), 'attune-bench-intake.json')}`);
