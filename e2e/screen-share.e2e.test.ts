// Screen share and the in-call camera switch on a real livekit-server, in an admitted E2EE visit: the
// clinician shares a screen from the call's own button, by keyboard, and the patient's call shows it as
// a second video that decodes, until the clinician stops; the patient picks another camera in the call's
// device menu and the clinician keeps decoding the new one. Chromium's fake capture answers
// getDisplayMedia headless with a fake monitor (with --use-fake-ui-for-media-stream, no picker), and lists
// as many fake cameras as `device-count` asks. Real reference server, real livekit-server.
// fake_device_1 is not a usable camera: a sender switched to it encodes no frame (plain RTCPeerConnection
// and replaceTrack alike, here), while fake_device_2 encodes like fake_device_0; so three, and the third.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { waitForCountToGrow } from './support/decoding-progress.js';
import { serveFixturePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { waitFor } from './support/wait.js';

// Playwright's CSS reaches through the open shadow roots of <attune-session> and <attune-video-call>;
// evaluateAll reads what is there now, without waiting for it.

/** Frames the shared screen's video has shown; null while the call shows no shared screen. */
const sharedScreenFrames = (page: Page) =>
  page
    .locator('attune-video-call figure[part~="screen-share"] video')
    .evaluateAll((videos) => ((videos[0] as HTMLVideoElement | undefined)?.getVideoPlaybackQuality().totalVideoFrames ?? null));

/** Videos of other people the call shows (their cameras and a shared screen), not the self view. */
const othersVideos = (page: Page) => page.locator('attune-video-call figure:not([part~="self-view"]) video').count();

/** The label of the camera the page's self view shows (Chromium's fake ones are fake_device_0, _1, …). */
const ownCamera = (page: Page) =>
  page
    .locator('attune-video-call figure[part~="self-view"] video')
    .evaluateAll((videos) => ((videos[0] as HTMLVideoElement | undefined)?.srcObject as MediaStream | null | undefined)?.getVideoTracks()[0]?.label ?? null);

interface Side {
  page: Page;
  hostToken: string;
}

describe('screen share and camera switch in a real E2EE visit (real reference server, real livekit-server, Chromium)', () => {
  let stack: VisitStack;
  let sessionPage: FixturePageServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [stack, sessionPage, browser] = await Promise.all([startVisitStack(), serveFixturePage('reliability-session'), launchBrowser({ fakeCameras: 3 })]);
  });

  after(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await Promise.all([sessionPage?.close(), stack?.stop()]);
  });

  async function open(appointment: string, role: 'patient' | 'clinician', user: string): Promise<Side> {
    const hostToken = await stack.login(user);
    const context = await newMediaContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${user} page] ${error.message}`));
    await page.goto(`${sessionPage.pageUrl}?${new URLSearchParams({ appointment, role, server: stack.serverUrl, token: hostToken })}`);
    return { page, hostToken };
  }

  const view = (side: Side) => side.page.evaluate(() => `${window.sessionProbe.screen()}:${window.sessionProbe.view()}`);

  /** The clinician in the call, the patient knocked and admitted, and each decoding the other's camera. */
  async function admittedVisit(appointment: string, patientUser: string): Promise<{ clinician: Side; patient: Side }> {
    const clinician = await open(appointment, 'clinician', 'clinician-1');
    await clinician.page.getByRole('button', { name: 'Join the visit' }).click();
    const patient = await open(appointment, 'patient', patientUser);
    await patient.page.getByRole('button', { name: 'Let my clinician know I am here' }).click();
    await waitFor('the clinician in the call', () => view(clinician), (seen) => seen === 'call:inCall');
    const waiting = await waitFor(
      'the queue to list the waiting patient',
      async () => (await (await fetch(`${stack.serverUrl}/queue`, { headers: { authorization: `Bearer ${clinician.hostToken}` } })).json()) as Array<{ appointmentId: string; identity: string; state: string }>,
      (entries) => entries.some((entry) => entry.appointmentId === appointment && entry.state === 'waiting'),
    );
    const { identity } = waiting.find((entry) => entry.appointmentId === appointment)!;
    const admitted = await stack.post(`/visits/${appointment}/admit`, clinician.hostToken, { identity });
    assert.ok(admitted.status >= 200 && admitted.status < 300, `admit answered ${admitted.status}`);
    await waitFor('the patient in the call', () => view(patient), (seen) => seen === 'call:inCall', { timeoutMs: 30_000 });
    await waitForCountToGrow('frames of the patient’s camera at the clinician', () => clinician.page.evaluate(() => window.sessionProbe.remoteVideoFrames()), { by: 15 });
    await waitForCountToGrow('frames of the clinician’s camera at the patient', () => patient.page.evaluate(() => window.sessionProbe.remoteVideoFrames()), { by: 15 });
    assert.match((await patient.page.locator('attune-video-call [part="encryption"]').textContent()) ?? '', /Encrypted end to end/);
    return { clinician, patient };
  }

  it('shows the clinician’s shared screen to the patient as a second video that decodes, until the clinician stops', async () => {
    const { clinician, patient } = await admittedVisit('demo-visit-1', 'patient-1');
    assert.equal(await sharedScreenFrames(patient.page), null, 'no shared screen before the clinician shares');
    assert.equal(await othersVideos(patient.page), 1, 'the patient sees the clinician’s camera alone');

    const share = clinician.page.getByRole('button', { name: 'Share screen' });
    await share.press('Enter');
    await waitFor('the clinician’s Share screen to be on', () => share.getAttribute('aria-pressed'), (pressed) => pressed === 'true');
    await waitForCountToGrow('frames of the shared screen at the patient', () => sharedScreenFrames(patient.page), { by: 15 });
    assert.equal(await othersVideos(patient.page), 2, 'the shared screen is a second video beside the clinician’s camera');
    // Adaptive stream pauses video out of view: the presenting layout keeps the camera beside the screen
    // in Playwright's 1280×720 window, so it decodes without scrolling.
    const camera = await patient.page.locator('attune-video-call figure[part="tile"]').boundingBox();
    const viewport = patient.page.viewportSize();
    assert.ok(camera && viewport && camera.y >= 0 && camera.y + camera.height <= viewport.height, `the clinician’s camera in view (${JSON.stringify(camera)} in ${JSON.stringify(viewport)})`);
    await waitForCountToGrow('frames of the clinician’s camera at the patient while sharing', () => patient.page.evaluate(() => window.sessionProbe.remoteVideoFrames()), { by: 15 });

    await share.press('Enter');
    await waitFor('the clinician’s Share screen to be off', () => share.getAttribute('aria-pressed'), (pressed) => pressed === 'false');
    await waitFor('the shared screen to leave the patient’s call', () => sharedScreenFrames(patient.page), (frames) => frames === null);
    assert.equal(await othersVideos(patient.page), 1);
  });

  it('switches the patient’s camera from the call’s device menu, and the clinician keeps decoding it', async () => {
    const { clinician, patient } = await admittedVisit('demo-visit-2', 'patient-2');
    const before = await waitFor('the patient’s own camera in the self view', () => ownCamera(patient.page), (label) => label !== null);
    const cameraMenu = patient.page.getByLabel('Camera to use');
    await waitFor('the call’s camera menu', () => cameraMenu.count(), (count) => count === 1);
    const cameras = await cameraMenu.locator('option').evaluateAll((options) => options.map((option) => ({ value: (option as HTMLOptionElement).value, label: option.textContent?.trim() ?? '' })));
    assert.equal(cameras.length, 3, `three fake cameras in the menu (saw ${JSON.stringify(cameras)})`);
    assert.equal(before, 'fake_device_0');
    const other = cameras.find((camera) => camera.label === 'fake_device_2')!;

    await cameraMenu.selectOption(other.value);
    await waitFor('the patient’s self view to show the other camera', () => ownCamera(patient.page), (label) => label === other.label);
    await waitForCountToGrow('frames of the patient’s new camera at the clinician', () => clinician.page.evaluate(() => window.sessionProbe.remoteVideoFrames()), { by: 30 });
    assert.equal(await ownCamera(patient.page), other.label, 'the switch held');
  });
});
