// The patient's whole way in, by keyboard, through `<attune-session>` as a practice page drops it
// in (device check on): the device check with the fake camera and microphone → Continue → the
// session knocks by itself → the clinician admits (through the visit API, as the queue's button
// does) → the patient's chosen camera reaches the clinician, decoded. Real reference server, real
// livekit-server, Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { waitForCountToGrow } from './support/decoding-progress.js';
import { serveFixturePage, serveInlinePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { sessionScreenAndView } from './support/session-page.js';
import { waitFor } from './support/wait.js';

// A practice's page: one tag, the appointment, the server and the signed-in user's token; the device check stays on.
const practicePage = `
import '@attune/elements/session.js';
const settings = new URLSearchParams(location.search);
const session = document.createElement('attune-session');
session.appointmentId = settings.get('appointment');
session.serverUrl = settings.get('server');
session.livekitUrl = settings.get('livekit');
const token = settings.get('token');
session.getHostToken = () => token;
session.worker = new Worker(new URL('./e2ee-worker.js', location.href), { type: 'module' });
document.querySelector('main').append(session);
`;

describe('a patient’s way in with the keyboard: device check → knock → admitted → seen', () => {
  let stack: VisitStack;
  let practice: FixturePageServer;
  let clinicianPage: FixturePageServer;
  let browser: Browser;

  before(async () => {
    [stack, practice, clinicianPage, browser] = await Promise.all([startVisitStack(), serveInlinePage('practice', practicePage, 'Your visit'), serveFixturePage('reliability-session'), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([practice?.close(), clinicianPage?.close(), stack?.stop()]);
  });

  it('takes the patient from the device check into the call, and the clinician sees their camera', async () => {
    const [patientToken, clinicianToken] = await Promise.all([stack.login('patient-1'), stack.login('clinician-1')]);

    const clinicianContext = await newMediaContext(browser);
    const clinician = await clinicianContext.newPage();
    const clinicianSettings = new URLSearchParams({ appointment: 'demo-visit-1', role: 'clinician', server: stack.serverUrl, token: clinicianToken });
    await clinician.goto(`${clinicianPage.pageUrl}?${clinicianSettings}`);
    await clinician.getByRole('button', { name: 'Join the visit' }).press('Enter');
    await waitFor('the clinician in the call', () => clinician.evaluate(() => window.sessionProbe.view()), (view) => view === 'inCall');

    const patientContext = await newMediaContext(browser);
    const patient = await patientContext.newPage();
    patient.on('pageerror', (error) => console.error(`[patient page] ${error.message}`));
    const settings = new URLSearchParams({ appointment: 'demo-visit-1', server: stack.serverUrl, livekit: stack.livekit.url, token: patientToken });
    await patient.goto(`${practice.pageUrl}?${settings}`);

    await waitFor('the device check', () => sessionScreenAndView(patient), (seen) => seen.startsWith('device-check:'));
    const turnOn = patient.getByRole('button', { name: 'Turn on camera and microphone' });
    const continueButton = patient.getByRole('button', { name: 'Continue', exact: true });
    await waitFor('the device check to ask for access or be ready', async () => (await turnOn.count()) + (await continueButton.count()), (count) => count > 0);
    if ((await turnOn.count()) > 0) await turnOn.press('Enter');
    await continueButton.press('Enter');

    // Continue is the knock: no second step.
    await waitFor('the patient in the waiting room', () => sessionScreenAndView(patient), (seen) => seen === 'waiting-room:waiting');
    const { identity } = await stack.join('demo-visit-1', patientToken);
    const admitted = await stack.post('/visits/demo-visit-1/admit', clinicianToken, { identity });
    assert.ok(admitted.status >= 200 && admitted.status < 300, `admit answered ${admitted.status}`);
    await waitFor('the patient in the call', () => sessionScreenAndView(patient), (seen) => seen === 'call:inCall');

    await waitForCountToGrow('frames of the patient’s camera at the clinician', () => clinician.evaluate(() => window.sessionProbe.remoteVideoFrames()), { by: 15 });
    const microphonePressed = await patient.evaluate(
      () =>
        document
          .querySelector('attune-session')!
          .shadowRoot!.querySelector('attune-video-call')!
          .shadowRoot!.querySelector('[data-action="microphone"]')!
          .getAttribute('aria-pressed'),
    );
    assert.equal(microphonePressed, 'true');
    await Promise.all([patientContext.close(), clinicianContext.close()]);
  });
});
