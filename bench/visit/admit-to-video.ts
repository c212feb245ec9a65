// Admit click → the patient's first decoded remote video frame, Attune next to bare livekit-client,
// interleaved in one run against one real reference server and one real livekit-server (loopback).
//   node --import tsx --conditions=source bench/visit/admit-to-video.ts      (BENCH_RUNS=10 by default)
//
// Three ways for a patient to get the clinician's picture, each in a fresh room per run with the
// same publisher (the clinician's `<attune-session>`, fake camera, E2EE):
//   attune        `<attune-session>` knocked and waiting; t0 = the Admit click in `<attune-queue>`.
//   bare-connect  the issue's baseline: bare livekit-client, t0 = it starts connecting with a full-grant
//                 token; connect → subscribe → decode.
//   bare-lobby    bare livekit-client already in the room with the server's lobby token; t0 = the same
//                 Admit click, so the path is the same as Attune's: admit → permissions → subscribe → decode.
// t1 = requestVideoFrameCallback's presentation time of the first remote frame. Both clocks are
// epoch milliseconds in pages of one browser on one machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { AccessToken, RoomServiceClient, TrackType } from 'livekit-server-sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newMediaContext } from '../../e2e/support/browser.js';
import { waitFor } from '../../e2e/support/wait.js';
import { chromiumPath } from '../../scripts/services/chromium.mjs';
import { livekitVersion } from '../../scripts/services/livekit.mjs';
import { serveStatic, type StaticServer } from '../../scripts/services/static-server.mjs';
import type { FirstFrame, Milestones } from './pages/api.js';
import { startBenchStack, type BenchStack } from './bench-stack.js';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const runs = Number(process.env.BENCH_RUNS ?? 10);
/** Quiet time before t0, so no side is still busy joining when the clock starts. */
const settleMs = 1_000;

type Kind = 'attune' | 'bare-connect' | 'bare-lobby';
const allKinds: Kind[] = ['attune', 'bare-connect', 'bare-lobby'];
/** BENCH_KINDS=attune,bare-lobby for a quick look at some; every figure recorded comes from all three. */
const kinds = process.env.BENCH_KINDS ? allKinds.filter((kind) => process.env.BENCH_KINDS!.split(',').includes(kind)) : allKinds;

interface Sample {
  kind: Kind;
  run: number;
  ms: number;
  late: boolean;
  /** Keyframe requests (PLI/FIR) the patient's receiver had sent by its first frame. */
  keyframeRequests: number;
  /** Milestones after t0, ms. */
  steps: Record<string, number>;
}

/** Bundles the pages as a practice would ship them: minified, production, no development condition. */
async function servePages(): Promise<StaticServer & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-visit-pages-'));
  await build({
    entryPoints: {
      'attune-patient': join(here, 'pages/attune-patient.ts'),
      'attune-clinician': join(here, 'pages/attune-clinician.ts'),
      baseline: join(here, 'pages/baseline.ts'),
      'e2ee-worker': fileURLToPath(import.meta.resolve('livekit-client/e2ee-worker')),
    },
    outdir: dir,
    bundle: true,
    // BENCH_PROFILE=<dir> keeps names readable in the CPU profiles it writes; figures are only recorded minified.
    minify: !process.env.BENCH_PROFILE,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser', 'module'],
    tsconfig: join(root, 'packages/elements/tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  for (const page of ['attune-patient', 'attune-clinician', 'baseline']) {
    writeFileSync(
      join(dir, `${page}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${page}</title><script type="module" src="./${page}.js"></script></head><body><main></main></body></html>`,
    );
  }
  return { ...(await serveStatic(dir)), dir };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

class VisitBenchmark {
  private readonly rooms: RoomServiceClient;

  constructor(
    private readonly stack: BenchStack,
    private readonly browser: Browser,
    private readonly pagesUrl: string,
  ) {
    this.rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret);
  }

  private async open(context: BrowserContext, page: string, settings: Record<string, string> = {}): Promise<Page> {
    const tab = await context.newPage();
    tab.on('pageerror', (error) => console.error(`[${page}] ${error.message}`));
    await tab.goto(`${this.pagesUrl}/${page}.html?${new URLSearchParams(settings)}`);
    return tab;
  }

  /** Waits until the clinician's camera is published in the room (as LiveKit sees it). */
  private async clinicianVideoPublished(room: string): Promise<void> {
    await waitFor(
      "the clinician's camera published",
      async () => (await this.rooms.listParticipants(room)).some((p) => p.tracks.some((track) => track.type === TrackType.VIDEO)),
      Boolean,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  private async fullGrantToken(room: string, identity: string): Promise<string> {
    const token = new AccessToken(this.stack.livekit.apiKey, this.stack.livekit.apiSecret, { identity, ttl: 600 });
    token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
    return token.toJwt();
  }

  async run(kind: Kind, run: number): Promise<Sample> {
    const appointment = `bench-${kind}-${run}`;
    const room = await this.stack.newAppointment(appointment);
    const [patientToken, clinicianToken] = await Promise.all([this.stack.login('patient-1'), this.stack.login('clinician-1')]);
    const clinicianContext = await newMediaContext(this.browser);
    const patientContext = await newMediaContext(this.browser);
    try {
      const server = this.stack.serverUrl;
      const clinician = await this.open(clinicianContext, 'attune-clinician', { appointment, server, token: clinicianToken });
      await clinician.getByRole('button', { name: 'Join the visit' }).click();
      await waitFor('the clinician in the call', () => clinician.evaluate(() => window.attuneClinician.view()), (view) => view === 'call:inCall');
      await this.clinicianVideoPublished(room);

      let patient: Page;
      if (kind === 'attune') {
        patient = await this.open(patientContext, 'attune-patient', { appointment, server, token: patientToken });
        await patient.getByRole('button', { name: 'Let my clinician know I am here' }).click();
        await waitFor('the patient waiting', () => patient.evaluate(() => window.attunePatient.view()), (view) => view === 'waiting-room:waiting');
      } else {
        patient = await this.open(patientContext, 'baseline');
        if (kind === 'bare-lobby') {
          const lobby = await this.stack.join(appointment, patientToken);
          await patient.evaluate((join) => window.baseline.connect(join).then(() => undefined), { url: lobby.livekitUrl, token: lobby.token, e2eeKey: lobby.e2eeKey });
        }
      }
      const admit = clinician.getByRole('button', { name: /^Admit / });
      if (kind !== 'bare-connect') await admit.waitFor({ state: 'visible', timeout: 30_000 });
      await new Promise((resolvePromise) => setTimeout(resolvePromise, settleMs));

      // BENCH_PROFILE=<dir>: a CPU profile of the patient's page from just before t0 to its first frame.
      const profiler = process.env.BENCH_PROFILE ? await patientContext.newCDPSession(patient) : undefined;
      if (profiler) {
        await profiler.send('Profiler.enable');
        await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
        await profiler.send('Profiler.start');
      }
      let t0: number;
      if (kind === 'bare-connect') {
        const join = { url: this.stack.livekit.url, token: await this.fullGrantToken(room, `bench-${run}`), e2eeKey: await this.stack.visitKey(appointment) };
        t0 = await patient.evaluate((full) => window.baseline.connect(full), join);
      } else {
        await admit.click();
        t0 = (await clinician.evaluate(() => window.attuneClinician.admitClickedAt()))!;
      }

      const first = await waitFor(
        `the ${kind} patient's first remote frame`,
        () => patient.evaluate((which) => (which === 'attune' ? window.attunePatient : window.baseline).firstRemoteFrame(), kind),
        (frame): frame is FirstFrame => frame !== null,
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      if (profiler) {
        const { profile } = await profiler.send('Profiler.stop');
        writeFileSync(join(process.env.BENCH_PROFILE!, `${kind}-${run}.cpuprofile`), JSON.stringify(profile));
      }
      const milestones: Milestones = await patient.evaluate((which) => (which === 'attune' ? window.attunePatient : window.baseline).milestones(), kind);
      const { keyframeRequests } = await patient.evaluate((which) => (which === 'attune' ? window.attunePatient : window.baseline).receiverStats(), kind);
      const steps = Object.fromEntries(Object.entries(milestones).map(([name, at]) => [name, Math.round(at - t0)]));
      steps.longTasksMs = await patient.evaluate(([which, from, to]) => (which === 'attune' ? window.attunePatient : window.baseline).mainThreadBusy(from, to), [kind, t0, first!.at] as const);
      return { kind, run, ms: first!.at - t0, late: first!.late, keyframeRequests, steps };
    } finally {
      await Promise.all([clinicianContext.close(), patientContext.close()]);
      const token = await this.stack.login('clinician-1');
      await this.stack.post(`/visits/${appointment}/end`, token);
    }
  }
}

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const startedAt = Date.now();
const [stack, pages, browser] = await Promise.all([startBenchStack(), servePages(), launchBrowser()]);
const samples: Sample[] = [];
const failures: string[] = [];
try {
  const benchmark = new VisitBenchmark(stack, browser, pages.url);
  for (let run = 1; run <= runs; run += 1) {
    for (const kind of kinds) {
      try {
        const sample = await benchmark.run(kind, run);
        samples.push(sample);
        const notes = [sample.late ? 'late watcher: upper bound' : '', sample.keyframeRequests ? `${sample.keyframeRequests} keyframe request(s)` : ''].filter(Boolean);
        console.log(`run ${run} ${kind.padEnd(12)} ${sample.ms.toFixed(0).padStart(5)} ms  ${JSON.stringify(sample.steps)}${notes.length ? `  (${notes.join(', ')})` : ''}`);
      } catch (error) {
        failures.push(`run ${run} ${kind}: ${(error as Error).message}`);
        console.log(`run ${run} ${kind.padEnd(12)} FAILED: ${(error as Error).message}`);
      }
    }
  }
} finally {
  await browser.close();
  await pages.close();
  rmSync(pages.dir, { recursive: true, force: true });
  await stack.stop();
}

const summary = Object.fromEntries(
  kinds.map((kind) => {
    const times = samples.filter((sample) => sample.kind === kind).map((sample) => sample.ms);
    const stepNames = [...new Set(samples.filter((sample) => sample.kind === kind).flatMap((sample) => Object.keys(sample.steps)))];
    const steps = Object.fromEntries(
      stepNames.map((name) => [name, median(samples.filter((sample) => sample.kind === kind && name in sample.steps).map((sample) => sample.steps[name]!))]),
    );
    const askedForKeyframe = samples.filter((sample) => sample.kind === kind && sample.keyframeRequests > 0).length;
    // The runs whose first keyframe arrived decodable: the spread is two clusters, and this one shows each path's own cost.
    const smooth = samples.filter((sample) => sample.kind === kind && sample.keyframeRequests === 0).map((sample) => sample.ms);
    return [
      kind,
      times.length
        ? { n: times.length, median: median(times), min: Math.min(...times), max: Math.max(...times), askedForKeyframe, medianWithoutKeyframeRequest: smooth.length ? median(smooth) : undefined, steps }
        : { n: 0 },
    ];
  }),
) as Record<Kind, { n: number; median?: number; min?: number; max?: number; askedForKeyframe?: number; medianWithoutKeyframeRequest?: number | undefined; steps?: Record<string, number> }>;

console.log(`\nadmit → first remote video frame decoded at the patient (ms), ${runs} interleaved runs each`);
console.log('kind           n  median    min    max  asked-keyframe  median-of-the-rest  median milestones after t0 (ms)');
for (const kind of kinds) {
  const row = summary[kind];
  if (!row.n) {
    console.log(`${kind.padEnd(12)}   0`);
    continue;
  }
  const figure = (value: number) => value.toFixed(0).padStart(6);
  console.log(`${kind.padEnd(12)} ${String(row.n).padStart(3)} ${figure(row.median!)} ${figure(row.min!)} ${figure(row.max!)}  ${String(row.askedForKeyframe).padStart(14)}  ${row.medianWithoutKeyframeRequest === undefined ? '               n/a' : figure(row.medianWithoutKeyframeRequest).padStart(18)}  ${JSON.stringify(row.steps)}`);
}
const ratio = (baseline: Kind) =>
  summary.attune?.median !== undefined && summary[baseline]?.median !== undefined ? summary.attune.median / summary[baseline].median! : undefined;
console.log(`ratio attune / bare-connect (the issue's baseline): ${ratio('bare-connect')?.toFixed(2) ?? 'n/a'}  (goal ≤ 1.10)`);
console.log(`ratio attune / bare-lobby (same admit path):        ${ratio('bare-lobby')?.toFixed(2) ?? 'n/a'}`);
const smoothRatio = (baseline: Kind) => {
  const [attune, other] = [summary.attune?.medianWithoutKeyframeRequest, summary[baseline]?.medianWithoutKeyframeRequest];
  return attune !== undefined && other !== undefined ? (attune / other).toFixed(2) : 'n/a';
};
console.log(`  the same over runs that needed no keyframe request: ${smoothRatio('bare-connect')} and ${smoothRatio('bare-lobby')}`);
const late = samples.filter((sample) => sample.late).length;
if (late) console.log(`${late} sample(s) had frames before the watcher saw the video: those figures are upper bounds.`);
if (failures.length) console.log(`${failures.length} run(s) failed:\n  ${failures.join('\n  ')}`);
console.log(`took ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);

// The record is a full interleaved run only; a quick look at some kinds prints without overwriting it.
if (kinds.length === allKinds.length) writeFileSync(
  join(here, 'results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      command: 'node --import tsx --conditions=source bench/visit/admit-to-video.ts',
      machine: { cores: (await import('node:os')).cpus().length, node: process.version, chromium: chromiumVersion(), livekitServer: livekitVersion },
      runs,
      summary,
      ratios: { attuneOverBareConnect: ratio('bare-connect'), attuneOverBareLobby: ratio('bare-lobby') },
      failures,
      samples,
    },
    null,
    2,
  )}\n`,
);
process.exitCode = failures.length ? 1 : 0;
