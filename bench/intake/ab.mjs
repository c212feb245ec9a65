// Interleaved A/B of <attune-intake-form>'s render on one machine: revision A (a git revision, bundled from
// `git archive`) against B (this work tree), the same pages, forms and measure as side-by-side.mjs, A and B
// loaded alternately in fresh browser contexts so machine load hits both alike. Compare the ratio, not absolutes.
//   node bench/intake/ab.mjs <revision A> [runs=10]      (BENCH_PROFILE=1 also writes a CPU profile of B per form)
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, ensureChromium } from '../../scripts/services/chromium.mjs';
import { serveStatic } from '../../scripts/services/static-server.mjs';
import { buildAttuneBundle } from './attune-bundle.mjs';

const here = import.meta.dirname;
const repo = resolve(here, '../..');
const [revision = 'HEAD', runsArg = '10'] = process.argv.slice(2);
const runs = Number(runsArg);

const work = mkdtempSync(join(tmpdir(), 'attune-intake-ab-'));
const oldTree = join(work, 'tree');
mkdirSync(oldTree);
execSync(`git archive ${revision} packages | tar -x -C ${oldTree}`, { cwd: repo });
symlinkSync(join(repo, 'node_modules'), join(oldTree, 'node_modules'));
const site = join(work, 'site');
await buildAttuneBundle(join(site, 'a'), { root: oldTree });
await buildAttuneBundle(join(site, 'b'));
const page = readFileSync(join(here, 'side-by-side/attune.html'), 'utf8');
for (const side of ['a', 'b']) writeFileSync(join(site, `${side}.html`), page.replace('/attune/intake-form.js', `/${side}/intake-form.js`));
symlinkSync(join(here, 'fixtures'), join(site, 'fixtures'));

// side-by-side.mjs writes the fixtures; the last question shown at the start is the one waited for.
const fixtures = { 'phq-9': 'q-69722-7', 'intake-200': undefined };
const intake = JSON.parse(readFileSync(join(here, 'fixtures/intake-200.json'), 'utf8'));
const questionsOf = (items) => items.flatMap((item) => (item.type === 'group' ? questionsOf(item.item ?? []) : item.type === 'display' ? [] : [item]));
// core's fieldIdFor: linkId characters outside [A-Za-z0-9_-] become .<hex>.
const fieldIdFor = (linkId) => `q-${[...linkId].map((char) => (/[A-Za-z0-9_-]/.test(char) ? char : `.${char.codePointAt(0).toString(16)}`)).join('')}`;
fixtures['intake-200'] = fieldIdFor(questionsOf(intake.item).filter((item) => !item.enableWhen).at(-1).linkId);

const harness = readFileSync(join(here, 'side-by-side.mjs'), 'utf8').match(/const harness = `([\s\S]*?)`;/)[1];
const browser = await chromium.launch({ executablePath: await ensureChromium(), args: chromiumArgs });
const server = await serveStatic(site);

async function load(side, form, profile) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.addInitScript(harness);
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  const cdp = profile ? await context.newCDPSession(tab) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await tab.goto(`${server.url}/${side}.html?form=${form}&last=${fixtures[form]}`);
  await tab.waitForFunction(() => window.rendered, undefined, { timeout: 60_000, polling: 20 }).catch((error) => {
    throw new Error(`${side} ${form} did not render: ${errors.join('; ') || error.message}`);
  });
  const { start, laidOut } = await tab.evaluate(() => window.rendered);
  const interactive = await tab.waitForFunction(() => window.interactive, undefined, { timeout: 60_000, polling: 20 }).then((handle) => handle.jsonValue());
  if (cdp) {
    const { profile: cpu } = await cdp.send('Profiler.stop');
    writeFileSync(join(tmpdir(), `attune-intake-${form}-${side}.cpuprofile`), JSON.stringify(cpu));
    printSelfTime(cpu, `${form} ${side}`);
  }
  await context.close();
  return { render: laidOut - start, navigation: laidOut, interactive: interactive - start };
}

/** The functions with the most self time in a profile, by script. */
function printSelfTime(cpu, label) {
  const byNode = new Map(cpu.nodes.map((node) => [node.id, node]));
  const self = new Map();
  cpu.samples.forEach((id, index) => {
    const { functionName, url, lineNumber, columnNumber } = byNode.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-1)[0] || '(native)'}:${lineNumber}:${columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + (cpu.timeDeltas[index] ?? 0) / 1000);
  });
  console.log(`\n${label}: self time, ms`);
  for (const [key, ms] of [...self].sort((x, y) => y[1] - x[1]).slice(0, 15)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${key}`);
}

const samples = {};
for (let run = 0; run < runs; run++) {
  for (const form of Object.keys(fixtures)) {
    for (const side of run % 2 ? ['b', 'a'] : ['a', 'b']) (samples[`${form} ${side}`] ??= []).push(await load(side, form, false));
  }
}
if (process.env.BENCH_PROFILE) for (const form of Object.keys(fixtures)) for (const side of ['a', 'b']) await load(side, form, true);
await browser.close();
await server.close();
rmSync(work, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
console.log(`\nA = ${revision}, B = work tree; median of ${runs} interleaved fresh loads each, ms`);
for (const form of Object.keys(fixtures)) {
  for (const metric of ['render', 'navigation', 'interactive']) {
    const a = median(samples[`${form} a`].map((sample) => sample[metric]));
    const b = median(samples[`${form} b`].map((sample) => sample[metric]));
    const label = { render: 'render call → laid out', navigation: 'navigation → laid out ', interactive: 'render call → takes answers' }[metric];
    console.log(`  ${form.padEnd(11)} ${label.padEnd(27)}  A ${a.toFixed(1).padStart(7)}  B ${b.toFixed(1).padStart(7)}  B/A ${(b / a).toFixed(2)}`);
  }
}
