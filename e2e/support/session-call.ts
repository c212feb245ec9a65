// Patient and clinician in one call through `<attune-session>`, each in their own browser profile on
// a page built on e2e/fixtures/reliability-session (which exposes `window.sessionProbe`), against the
// real reference server and livekit-server: what the tests that break the link start from, and how
// they read what each person saw (the call's banners and views, frames of the remote video).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLivekitInNetns, type NetnsLivekit } from '../../scripts/services/netns.mjs';
import { launchBrowser, newMediaContext } from './browser.js';
import { waitForCountToGrow } from './decoding-progress.js';
import { serveInlinePage, type FixturePageServer } from './fixture-pages.js';
import { startVisitStack, type VisitStack } from './visit-stack.js';
import { waitFor } from './wait.js';

export interface SessionSide {
  name: string;
  context: BrowserContext;
  page: Page;
}

/** Seconds from `since` to `at`, as the tests' diagnostics print them. */
export const seconds = (at: number, since: number) => `${((at - since) / 1000).toFixed(1)}s`;

/** `<screen>:<view>` of the side's session now, e.g. `call:inCall`. */
export const screenAndView = (side: SessionSide) => side.page.evaluate(() => `${window.sessionProbe.screen()}:${window.sessionProbe.view()}`);

/** A counter of the frames the side's remote video elements have shown (null without any). */
export const remoteFrames = (side: SessionSide) => () => side.page.evaluate(() => window.sessionProbe.remoteVideoFrames());

/** Every banner the side's call showed, with when it appeared. */
export const bannerHistory = (side: SessionSide) => side.page.evaluate(() => window.sessionProbe.bannerHistory());

export async function waitForView(side: SessionSide, expected: string, timeoutMs = 30_000) {
  await waitFor(`the ${side.name}'s session to show ${expected}`, () => screenAndView(side), (seen) => seen === expected, { timeoutMs });
}

/** What the person at `side` saw since `since`: banners and views in order, for diagnostics and failure messages. */
export async function story(side: SessionSide, since: number): Promise<string> {
  const [banners, views] = await Promise.all([bannerHistory(side), side.page.evaluate(() => window.sessionProbe.viewHistory())]);
  return [
    ...banners.filter((entry) => entry.at >= since).map((entry) => ({ at: entry.at, what: `banner "${entry.text}"` })),
    ...views.filter((entry) => entry.at >= since).map((entry) => ({ at: entry.at, what: `view ${entry.view}` })),
  ]
    .sort((a, b) => a.at - b.at)
    .map((entry) => `${seconds(entry.at, since)} ${entry.what}`)
    .join(', ');
}

/** Like waitForCountToGrow on the remote video, but a failure says what the person saw meanwhile. */
export async function waitForRemoteVideo(side: SessionSide, since: number, by: number, timeoutMs = 30_000) {
  try {
    await waitForCountToGrow(`frames of remote video shown at the ${side.name}`, remoteFrames(side), { by, timeoutMs });
  } catch (error) {
    throw new Error(`${(error as Error).message}. What the ${side.name} saw (seconds from the start): ${await story(side, since)}`);
  }
}

/** Opens sessions on `pageUrl` (a page built on the reliability-session fixture) for the visits `stack` serves. */
export function sessionCalls({ stack, browser, pageUrl }: { stack: VisitStack; browser: Browser; pageUrl: string }) {
  async function openSession(name: string, appointment: string, role: 'patient' | 'clinician', hostToken: string): Promise<SessionSide> {
    const context = await newMediaContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name} page] ${error.message}`));
    const settings = new URLSearchParams({ appointment, role, server: stack.serverUrl, token: hostToken });
    await page.goto(`${pageUrl}?${settings}`);
    return { name, context, page };
  }

  /** Clinician and patient in the call through the elements: the clinician joins, the patient knocks and is admitted. */
  async function startCall(appointment: string, patientUser: string) {
    const startedAt = Date.now();
    const [patientToken, clinicianToken] = await Promise.all([stack.login(patientUser), stack.login('clinician-1')]);
    const clinician = await openSession('clinician', appointment, 'clinician', clinicianToken);
    await clinician.page.getByRole('button', { name: 'Join the visit' }).click();
    await waitForView(clinician, 'call:inCall');

    const patient = await openSession('patient', appointment, 'patient', patientToken);
    await patient.page.getByRole('button', { name: 'Let my clinician know I am here' }).click();
    await waitForView(patient, 'waiting-room:waiting');
    // The clinician's queue would show this; the server gives every join of one user the same identity.
    const { identity } = await stack.join(appointment, patientToken);
    const admitted = await stack.post(`/visits/${appointment}/admit`, clinicianToken, { identity });
    assert.ok(admitted.status >= 200 && admitted.status < 300, `admit answered ${admitted.status}: ${JSON.stringify(admitted.body)}`);
    await waitForView(patient, 'call:inCall');

    for (const side of [patient, clinician]) await waitForRemoteVideo(side, startedAt, 15);
    return { patient, clinician };
  }

  return { openSession, startCall };
}

/**
 * The file's setup for tests that break LiveKit's link: registers `before` and `after` for a livekit-server in
 * its own network namespace, the reference server on it, Chromium, and the page `source` served as `name`.
 * The returned object is filled in by `before`: its `livekit` (to cut or spoil the link) and its `startCall`.
 */
export function sessionCallsOnNetnsLivekit(page: { name: string; source: string; title: string }) {
  const setup = {} as { livekit: NetnsLivekit; startCall: ReturnType<typeof sessionCalls>['startCall'] };
  let stack: VisitStack | undefined;
  let fixture: FixturePageServer | undefined;
  let browser: Browser | undefined;

  before(async () => {
    setup.livekit = await startLivekitInNetns();
    [stack, fixture, browser] = await Promise.all([startVisitStack({ livekit: setup.livekit }), serveInlinePage(page.name, page.source, page.title), launchBrowser()]);
    setup.startCall = sessionCalls({ stack, browser, pageUrl: fixture.pageUrl }).startCall;
  });

  after(async () => {
    await browser?.close();
    await Promise.all([fixture?.close(), stack?.stop()]);
    await setup.livekit?.stop();
  });

  return setup;
}
