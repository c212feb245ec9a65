// The one-tag drop-in (examples/drop-in) under a strict Content-Security-Policy with Trusted Types, as a
// practice would serve it: the browser bundle (built here by the same step as `npm run build`) and the
// example pages from one origin, the real reference server and a real livekit-server. The patient goes
// through the device check and knocks, the clinician's own drop-in page joins and admits them from its
// queue, both decode each other's E2EE video; the intake form reads its questionnaire and submits; and
// nothing the CSP refuses, anywhere.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { phq9 } from '@attune/core';
import { buildBrowserBundle } from '../scripts/build-browser.mjs';
import { launchBrowser } from './support/browser.js';
import { waitForCountToGrow } from './support/decoding-progress.js';
import { serveDropInSite, signInToPortal, type DropInSite } from './support/drop-in-site.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { sessionScreenAndView } from './support/session-page.js';
import { waitFor } from './support/wait.js';

/** The strictest policy the elements run under; each source beyond 'none' says why it is there. */
function strictCsp(serverUrl: string, livekitUrl: string): string {
  const livekitHttp = livekitUrl.replace(/^ws/, 'http');
  return [
    "default-src 'none'",
    // attune.js, its lazy chunks and the practice's own setup file, all from the practice's origin.
    "script-src 'self'",
    // The portal's token endpoint (self), the visit API and FHIR (server), LiveKit's signalling (ws) and its HTTP checks.
    `connect-src 'self' ${serverUrl} ${livekitUrl} ${livekitHttp}`,
    // The E2EE worker, beside attune.js.
    "worker-src 'self'",
    "require-trusted-types-for 'script'",
    // lit's templates, and the policy core makes for the E2EE worker's URL: nothing else may make trusted values.
    'trusted-types lit-html attune-e2ee-worker',
  ].join('; ');
}

/** A script a test adds to a page under the same CSP: two things a strict CSP must refuse. */
const cspProbe = `
const marked = document.createElement('p');
marked.setAttribute('style', 'color: red');
document.body.append(marked);
try {
  new Worker('/attune/e2ee-worker.js', { type: 'module' });
} catch (error) {
  console.error(String(error));
}
`;

/** Frames the call's remote tiles have shown; null while there is no remote video. */
function remoteVideoFrames(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const call = document.querySelector('attune-session')?.shadowRoot?.querySelector('attune-video-call');
    const videos = [...(call?.shadowRoot?.querySelectorAll<HTMLVideoElement>('figure[part="tile"] video') ?? [])];
    return videos.length === 0 ? null : videos.reduce((sum, video) => sum + video.getVideoPlaybackQuality().totalVideoFrames, 0);
  });
}

describe('the one-tag drop-in under a strict CSP with Trusted Types', () => {
  let stack: VisitStack;
  let bundleDir: string;
  let bundleSize: { upFront: number; worker: number };
  let site: DropInSite;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'attune-browser-bundle-'));
    const started = await Promise.all([startVisitStack(), launchBrowser(), buildBrowserBundle(bundleDir)]);
    [stack, browser, bundleSize] = started;
    site = await serveDropInSite({
      bundleDir,
      serverUrl: stack.serverUrl,
      csp: strictCsp(stack.serverUrl, stack.livekit.url),
      hostTokenFor: (user) => stack.login(user),
      extraFiles: {
        '/csp-probe.js': cspProbe,
        '/csp-probe.html': '<!doctype html><html lang="en"><head><title>probe</title><script type="module" src="/attune/attune.js"></script><script type="module" src="/csp-probe.js"></script></head><body></body></html>',
      },
    });
  });

  after(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await Promise.all([site?.close(), stack?.stop()]);
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  it('reports what a page loads up front as attune.js and its static chunks, not a lazy chunk', () => {
    // esbuild's metafile marks every chunk an import() reaches as an entry point too; the figure once came from one of them (4.6 KiB).
    const ownBytes = gzipSync(readFileSync(join(bundleDir, 'attune.js')), { level: 9 }).byteLength;
    assert.ok(bundleSize.upFront >= ownBytes, `up front ${bundleSize.upFront} B is less than attune.js alone (${ownBytes} B gzipped)`);
  });

  const signedIn = (user: string) => signInToPortal(browser, site, user, contexts);

  it('sees what the policy refuses: an inline style attribute and a worker from a plain string', async () => {
    const { page, violations } = await signedIn('patient-2');
    await page.goto(`${site.url}/csp-probe.html`);
    const seen = await waitFor('both refusals', violations, (list) => list.some((text) => /^style-src-attr/.test(text)) && list.some((text) => /^require-trusted-types-for .*Worker constructor/.test(text)));
    console.log(`refused, as it must be:\n  ${seen.join('\n  ')}`);
  });

  it('takes the patient through the device check and the knock, admitted from the clinician’s queue, into an E2EE call, with nothing refused', async () => {
    const patient = await signedIn('patient-1');
    await patient.page.goto(`${site.url}/index.html`);
    await waitFor('the device check', () => sessionScreenAndView(patient.page), (seen) => seen.startsWith('device-check:'));
    const turnOn = patient.page.getByRole('button', { name: 'Turn on camera and microphone' });
    const continueButton = patient.page.getByRole('button', { name: 'Continue', exact: true });
    await waitFor('the device check to ask for access or be ready', async () => (await turnOn.count()) + (await continueButton.count()), (count) => count > 0);
    if ((await turnOn.count()) > 0) await turnOn.click();
    await continueButton.click();
    await waitFor('the patient in the waiting room', () => sessionScreenAndView(patient.page), (seen) => seen === 'waiting-room:waiting');

    const clinician = await signedIn('clinician-1');
    await clinician.page.goto(`${site.url}/clinician.html`);
    await clinician.page.getByRole('button', { name: 'Join the visit' }).click();
    await waitFor('the clinician in the call', () => sessionScreenAndView(clinician.page), (seen) => seen === 'call:inCall');

    // Admitted from the clinician's own page: the dropped-in queue lists the waiting patient, one click admits.
    const queue = clinician.page.locator('attune-queue');
    const admit = queue.getByRole('button', { name: /^Admit / });
    await waitFor('the queue on the clinician’s page to list the waiting patient', () => admit.count(), (count) => count === 1);
    assert.match((await queue.locator('[part="summary"]').textContent()) ?? '', /^1 waiting\./);
    await admit.click();
    await waitFor('the patient in the call', () => sessionScreenAndView(patient.page), (seen) => seen === 'call:inCall', { timeoutMs: 30_000 });
    await waitFor('the queue to count the admitted patient as in the visit', () => queue.locator('[part="summary"]').textContent(), (text) => /^0 waiting\./.test(text ?? ''));

    await waitForCountToGrow('frames of the patient’s camera at the clinician', () => remoteVideoFrames(clinician.page), { by: 15 });
    await waitForCountToGrow('frames of the clinician’s camera at the patient', () => remoteVideoFrames(patient.page), { by: 15 });
    for (const side of [patient, clinician]) {
      assert.ok(
        side.page.workers().some((worker) => worker.url().endsWith('/attune/e2ee-worker.js')),
        `the E2EE worker runs beside the bundle (workers: ${side.page.workers().map((worker) => worker.url()).join(', ') || 'none'})`,
      );
    }
    assert.deepEqual(patient.violations(), [], 'the CSP refused something on the patient’s page');
    assert.deepEqual(clinician.violations(), [], 'the CSP refused something on the clinician’s page');
  });

  it('reads the intake questionnaire from the practice’s FHIR server and submits the answers, with nothing refused', async () => {
    const clinicianToken = await stack.login('clinician-1');
    const stored = await stack.post('/fhir/Questionnaire', clinicianToken, phq9);
    assert.equal(stored.status, 201, `storing the PHQ-9 answered ${stored.status}`);

    const patient = await signedIn('patient-1');
    await patient.page.goto(`${site.url}/intake.html`);
    const formState = () => patient.page.locator('attune-intake-form [part="base"]').getAttribute('data-state');
    await waitFor('the form', formState, (state) => state === 'empty');
    const items = patient.page.locator('attune-intake-form fieldset[id^="q-"]');
    const count = await items.count();
    assert.ok(count >= 9, `the PHQ-9 shows its nine items (saw ${count})`);
    for (let index = 0; index < count; index++) await items.nth(index).locator('input[type="radio"]').first().check();
    await patient.page.locator('attune-intake-form [part="actions"] button', { hasText: 'Submit' }).click();
    await waitFor('the submit', formState, (state) => state === 'submitted', { timeoutMs: 15_000 });

    const responses = await fetch(`${stack.serverUrl}/fhir/QuestionnaireResponse?subject=Patient/demo-patient-1`, { headers: { authorization: `Bearer ${clinicianToken}` } });
    const bundle = (await responses.json()) as { total: number };
    assert.equal(bundle.total, 1, 'the response is on the server');
    assert.deepEqual(patient.violations(), [], 'the CSP refused something on the intake page');
  });
});
