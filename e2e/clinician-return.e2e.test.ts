// A clinician whose page reloads mid-visit goes back into the same visit: the demo clinic's own pages
// (examples/clinic: patient.ts, clinician.ts, bundled as `npm start` bundles them) against the real
// reference server and a real livekit-server, in Chromium with fake camera and microphone. The patient
// knocks, the clinician admits from the queue, both decode each other's video; the clinician's page
// reloads; the queue lists the patient "In the visit" with "Return to the visit"; one click puts the
// clinician back in the call and both decode each other's video again, while the patient's page was
// never reloaded and never left the call. The drop-in clinician page (examples/drop-in, under a strict
// CSP) does the same through its own clinician-desk.js.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it, type TestContext } from 'node:test';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildBrowserBundle } from '../scripts/build-browser.mjs';
import { serveStatic, type StaticServer } from '../scripts/services/static-server.mjs';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { waitForCountToGrow } from './support/decoding-progress.js';
import { serveDropInSite, signInToPortal, type DropInSite } from './support/drop-in-site.js';
import { jsonRoute } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { waitFor } from './support/wait.js';

const clinicDir = resolve(import.meta.dirname, '../examples/clinic');

/** The demo clinic's pages, bundled into a directory of the test's own (the demo's .attune/clinic is `npm start`'s). */
async function serveDemoClinic(stack: VisitStack): Promise<StaticServer & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-clinician-return-'));
  await build({
    entryPoints: {
      patient: join(clinicDir, 'patient.ts'),
      clinician: join(clinicDir, 'clinician.ts'),
      'e2ee-worker': fileURLToPath(import.meta.resolve('livekit-client/e2ee-worker')),
    },
    outdir: dir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    splitting: true,
    conditions: ['source', 'browser'],
    tsconfig: resolve(clinicDir, '../../packages/elements/tsconfig.json'),
    logLevel: 'warning',
  });
  for (const file of ['patient.html', 'clinician.html', 'clinic.css']) copyFileSync(join(clinicDir, file), join(dir, file));
  const server = await serveStatic(dir, { routes: { '/config.json': jsonRoute({ serverUrl: stack.serverUrl, livekitUrl: stack.livekit.url }) } });
  return { ...server, dir };
}

/** What the page's `<attune-session>` shows: its screen and that screen's state (`call:inCall`), or null without one. */
function sessionView(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((sessionSelector) => {
    const session = document.querySelector(sessionSelector);
    const screen = session?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-screen');
    if (!screen) return null;
    const shown = session!.shadowRoot!.querySelector('attune-video-call, attune-waiting-room, attune-device-check');
    return `${screen}:${shown?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-state') ?? ''}`;
  }, selector);
}

/** How many people the call shows besides oneself. */
function remoteTiles(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (sessionSelector) =>
      document.querySelector(sessionSelector)?.shadowRoot?.querySelector('attune-video-call')?.shadowRoot?.querySelectorAll('figure[part="tile"]').length ?? 0,
    selector,
  );
}

/** Frames the call's remote video tiles have shown (not the self view), or null while there is none. */
function remoteVideoFrames(page: Page, selector: string): Promise<number | null> {
  return page.evaluate((sessionSelector) => {
    const call = document.querySelector(sessionSelector)?.shadowRoot?.querySelector('attune-video-call');
    const videos = [...(call?.shadowRoot?.querySelectorAll<HTMLVideoElement>('figure[part="tile"] video') ?? [])];
    if (videos.length === 0) return null;
    return videos.reduce((sum, video) => sum + video.getVideoPlaybackQuality().totalVideoFrames, 0);
  }, selector);
}

const patientSession = '#visit';
const clinicianSession = '#visit-slot attune-session';

describe('a clinician whose page reloaded mid-visit returns to it (demo clinic pages, real reference server and livekit-server, Chromium)', () => {
  let stack: VisitStack;
  let clinic: Awaited<ReturnType<typeof serveDemoClinic>>;
  let browser: Browser;

  before(async () => {
    [stack, browser] = await Promise.all([startVisitStack(), launchBrowser()]);
    clinic = await serveDemoClinic(stack);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([clinic?.close(), stack?.stop()]);
    if (clinic) rmSync(clinic.dir, { recursive: true, force: true });
  });

  it('admits, reloads the clinician’s page, returns from the queue’s "Return to the visit", and both decode video again; the patient never left', async (t: TestContext) => {
    const pageErrors: string[] = [];
    const patient = await (await newMediaContext(browser)).newPage();
    const clinician = await (await newMediaContext(browser)).newPage();
    patient.on('pageerror', (error) => pageErrors.push(`patient: ${error.message}`));
    clinician.on('pageerror', (error) => pageErrors.push(`clinician: ${error.message}`));

    // The patient checks their devices and knocks; the clinician admits them from the queue.
    await patient.goto(`${clinic.url}/patient.html`);
    await patient.getByRole('button', { name: 'Continue', exact: true }).click({ timeout: 60_000 });
    await waitFor('the patient in the waiting room', () => sessionView(patient, patientSession), (view) => view === 'waiting-room:waiting', { timeoutMs: 60_000 });
    await clinician.goto(`${clinic.url}/clinician.html`);
    await clinician.locator('attune-queue').getByRole('button', { name: /^Admit Alex R\./ }).click({ timeout: 60_000 });

    await waitFor('the clinician in the call', () => sessionView(clinician, clinicianSession), (view) => view === 'call:inCall', { timeoutMs: 60_000 });
    await waitFor('the patient in the call', () => sessionView(patient, patientSession), (view) => view === 'call:inCall', { timeoutMs: 60_000 });
    await waitForCountToGrow('frames of the patient’s camera at the clinician', () => remoteVideoFrames(clinician, clinicianSession), { by: 15, timeoutMs: 60_000 });
    await waitForCountToGrow('frames of the clinician’s camera at the patient', () => remoteVideoFrames(patient, patientSession), { by: 15, timeoutMs: 60_000 });
    const queue = clinician.locator('attune-queue');
    const returnButtons = queue.getByRole('button', { name: /^Return to the visit/ });
    assert.equal(await returnButtons.count(), 0, 'the clinician in the visit is not offered a way back into it');

    // From here on the patient's page is only watched: a mark that a reload would wipe, and every view it shows.
    await patient.evaluate(() => Object.assign(window, { loadedOnceMark: true }));
    const patientViews: string[] = [];
    let watching = true;
    const watchPatient = (async () => {
      while (watching) {
        const view = await sessionView(patient, patientSession);
        if (patientViews.at(-1) !== view) patientViews.push(String(view));
        await new Promise((done) => setTimeout(done, 200));
      }
    })();

    try {
      await clinician.reload();
      // The reloaded desk opens no visit by itself: the queue shows the patient in the visit, with the way back.
      const returnButton = queue.getByRole('button', { name: /^Return to the visit with Alex R\./ });
      await returnButton.waitFor({ timeout: 30_000 });
      const entry = queue.locator('[part="entry"][data-entry-state="admitted"]');
      assert.match((await entry.textContent()) ?? '', /In the visit/);
      assert.equal(await clinician.locator(clinicianSession).count(), 0, 'the reloaded page is not in the visit yet');
      assert.equal(await queue.getByRole('button', { name: /^Admit / }).count(), 0, 'a patient in the visit is not offered for admission again');

      const joinsBefore = (await stack.store.auditEntries({ target: 'demo-visit-1', action: 'join' })).filter((e) => e.actorUserId === 'clinician-1').length;
      await returnButton.click();

      await waitFor('the clinician back in the call', () => sessionView(clinician, clinicianSession), (view) => view === 'call:inCall', { timeoutMs: 60_000 });
      await waitForCountToGrow('frames of the patient’s camera at the returned clinician', () => remoteVideoFrames(clinician, clinicianSession), {
        by: 30,
        timeoutMs: 60_000,
      });
      await waitForCountToGrow('frames of the returned clinician’s camera at the patient', () => remoteVideoFrames(patient, patientSession), {
        by: 30,
        timeoutMs: 60_000,
      });
      assert.equal(await remoteTiles(patient, patientSession), 1, 'the patient sees the clinician once, not a stale participant beside the returned one');
      assert.equal(await remoteTiles(clinician, clinicianSession), 1);
      assert.equal(await returnButtons.count(), 0, 'back in the visit, the queue offers no way back into it');
      const joins = (await stack.store.auditEntries({ target: 'demo-visit-1', action: 'join' })).filter((e) => e.actorUserId === 'clinician-1');
      assert.equal(joins.length, joinsBefore + 1, 'going back in is one more join of the visit, audited');
      assert.equal(joins.at(-1)!.outcome, 'ok');
    } finally {
      watching = false;
      await watchPatient;
    }

    t.diagnostic(`the patient's session showed: ${patientViews.join(' → ')}`);
    assert.equal(await patient.evaluate(() => (window as { loadedOnceMark?: boolean }).loadedOnceMark), true, 'the patient’s page was never reloaded');
    assert.ok(
      patientViews.every((view) => view.startsWith('call:') && !/ended|left|disconnected|failed/.test(view)),
      `the patient left the call while the clinician was away: ${patientViews.join(' → ')}`,
    );
    assert.deepEqual(pageErrors, []);
  });
});

describe('the drop-in clinician page (examples/drop-in under a strict CSP) opens the visit on admitting and on returning', () => {
  let stack: VisitStack;
  let bundleDir: string;
  let site: DropInSite;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'attune-clinician-return-bundle-'));
    [stack, browser] = await Promise.all([startVisitStack(), launchBrowser(), buildBrowserBundle(bundleDir)]);
    const livekitHttp = stack.livekit.url.replace(/^ws/, 'http');
    site = await serveDropInSite({
      bundleDir,
      serverUrl: stack.serverUrl,
      // The policy examples/drop-in/README.md gives a practice.
      csp: `default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self' ${stack.serverUrl} ${stack.livekit.url} ${livekitHttp}; require-trusted-types-for 'script'; trusted-types lit-html attune-e2ee-worker`,
      hostTokenFor: (user) => stack.login(user),
    });
  });

  after(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await Promise.all([site?.close(), stack?.stop()]);
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  const signedIn = (user: string) => signInToPortal(browser, site, user, contexts);

  it('joins the visit when the clinician admits, and again from "Return to the visit" after a reload', async () => {
    const patient = await signedIn('patient-1');
    await patient.page.goto(`${site.url}/index.html`);
    const turnOn = patient.page.getByRole('button', { name: 'Turn on camera and microphone' });
    const continueButton = patient.page.getByRole('button', { name: 'Continue', exact: true });
    await waitFor('the device check to ask for access or be ready', async () => (await turnOn.count()) + (await continueButton.count()), (count) => count > 0, {
      timeoutMs: 60_000,
    });
    if ((await turnOn.count()) > 0) await turnOn.click();
    await continueButton.click();
    await waitFor('the patient in the waiting room', () => sessionView(patient.page, 'attune-session'), (view) => view === 'waiting-room:waiting', { timeoutMs: 30_000 });

    // The clinician does not press Join first: admitting is the decision to be in the visit.
    const clinician = await signedIn('clinician-1');
    await clinician.page.goto(`${site.url}/clinician.html`);
    const queue = clinician.page.locator('attune-queue');
    await queue.getByRole('button', { name: /^Admit Alex R\./ }).click({ timeout: 30_000 });
    await waitFor('the clinician in the call on admitting', () => sessionView(clinician.page, 'attune-session'), (view) => view === 'call:inCall', { timeoutMs: 30_000 });
    await waitFor('the patient in the call', () => sessionView(patient.page, 'attune-session'), (view) => view === 'call:inCall', { timeoutMs: 30_000 });
    await waitForCountToGrow('frames of the patient’s camera at the clinician', () => remoteVideoFrames(clinician.page, 'attune-session'), { by: 15 });

    await clinician.page.reload();
    await queue.getByRole('button', { name: /^Return to the visit with Alex R\./ }).click({ timeout: 30_000 });
    await waitFor('the clinician back in the call', () => sessionView(clinician.page, 'attune-session'), (view) => view === 'call:inCall', { timeoutMs: 30_000 });
    await waitForCountToGrow('frames of the patient’s camera at the returned clinician', () => remoteVideoFrames(clinician.page, 'attune-session'), { by: 30 });
    await waitForCountToGrow('frames of the returned clinician’s camera at the patient', () => remoteVideoFrames(patient.page, 'attune-session'), { by: 30 });
    assert.equal(await sessionView(patient.page, 'attune-session'), 'call:inCall');
    assert.deepEqual(patient.violations(), [], 'the CSP refused something on the patient’s page');
    assert.deepEqual(clinician.violations(), [], 'the CSP refused something on the clinician’s page');
  });
});
