// The patient's visit from knock to end, through Attune's own elements: patient and clinician each
// run `<attune-session>` in their own browser context (fake camera and microphone) against the real
// reference server and a real livekit-server. The clinician's decisions go through the visit API,
// as the queue's buttons would send them. What the test reads is what a person sees: the session's
// screen and view, the waiting room's messages and the frames the call's video elements show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { waitForCountToGrow } from './support/decoding-progress.js';
import { serveFixturePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { waitFor } from './support/wait.js';

interface Side {
  name: string;
  context: BrowserContext;
  page: Page;
  hostToken: string;
}

describe('the visit through <attune-session> (real reference server, real livekit-server, Chromium)', () => {
  let stack: VisitStack;
  let sessionPage: FixturePageServer;
  let rawRoomPage: FixturePageServer;
  let browser: Browser;
  const opened: Side[] = [];

  before(async () => {
    [stack, sessionPage, rawRoomPage, browser] = await Promise.all([
      startVisitStack(),
      serveFixturePage('reliability-session'),
      serveFixturePage('e2ee-room'),
      launchBrowser(),
    ]);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([sessionPage?.close(), rawRoomPage?.close(), stack?.stop()]);
  });

  async function openSession(name: string, appointment: string, role: 'patient' | 'clinician', user: string): Promise<Side> {
    const hostToken = await stack.login(user);
    const context = await newMediaContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name} page] ${error.message}`));
    const settings = new URLSearchParams({ appointment, role, server: stack.serverUrl, token: hostToken });
    await page.goto(`${sessionPage.pageUrl}?${settings}`);
    const side = { name, context, page, hostToken };
    opened.push(side);
    return side;
  }

  async function closeAll(): Promise<void> {
    await Promise.all(opened.splice(0).map((side) => side.context.close()));
  }

  const screenAndView = (side: Side) => side.page.evaluate(() => `${window.sessionProbe.screen()}:${window.sessionProbe.view()}`);
  const remoteFrames = (side: Side) => () => side.page.evaluate(() => window.sessionProbe.remoteVideoFrames());

  async function waitForView(side: Side, expected: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(`the ${side.name}'s session to show ${expected}`, () => screenAndView(side), (seen) => seen === expected, { timeoutMs });
  }

  /** The identity the waiting patient has in the room, as the clinician's queue lists it. */
  async function waitingIdentity(clinician: Side, appointment: string): Promise<string> {
    const entries = await waitFor(
      `the queue to list a patient waiting for ${appointment}`,
      () => queue(clinician),
      (list) => list.some((entry) => entry.appointmentId === appointment && entry.state === 'waiting'),
    );
    return entries.find((entry) => entry.appointmentId === appointment)!.identity;
  }

  async function queue(clinician: Side): Promise<Array<{ appointmentId: string; identity: string; state: string }>> {
    const response = await fetch(`${stack.serverUrl}/queue`, { headers: { authorization: `Bearer ${clinician.hostToken}` } });
    assert.equal(response.status, 200);
    return (await response.json()) as Array<{ appointmentId: string; identity: string; state: string }>;
  }

  async function knock(patient: Side): Promise<void> {
    await patient.page.getByRole('button', { name: 'Let my clinician know I am here' }).click();
    await waitForView(patient, 'waiting-room:waiting');
  }

  async function clinicianInCall(appointment: string): Promise<Side> {
    const clinician = await openSession('clinician', appointment, 'clinician', 'clinician-1');
    await clinician.page.getByRole('button', { name: 'Join the visit' }).click();
    await waitForView(clinician, 'call:inCall');
    return clinician;
  }

  // The demo clinic has two visits: leaving and the security check keep visit 1 open for the full
  // visit, which ends it; visit 2 ends in a denial.
  it('lets the patient leave while waiting, and the queue drops them', async () => {
    try {
      const clinician = await openSession('clinician', 'demo-visit-1', 'clinician', 'clinician-1');
      const patient = await openSession('patient', 'demo-visit-1', 'patient', 'patient-1');
      await knock(patient);
      await waitingIdentity(clinician, 'demo-visit-1');
      await patient.page.getByRole('button', { name: 'Leave the waiting room' }).click();
      await waitForView(patient, 'waiting-room:left');
      await waitFor(
        'the queue to drop the patient who left',
        () => queue(clinician),
        (list) => !list.some((entry) => entry.appointmentId === 'demo-visit-1' && entry.state === 'waiting'),
      );
    } finally {
      await closeAll();
    }
  });

  it('gives the clinician nothing from a waiting patient who publishes straight through livekit-client', async () => {
    try {
      const clinician = await clinicianInCall('demo-visit-1');
      const patientToken = await stack.login('patient-1');
      const join = await stack.join('demo-visit-1', patientToken);
      const context = await newMediaContext(browser);
      opened.push({ name: 'raw patient', context, page: await context.newPage(), hostToken: patientToken });
      const page = opened.at(-1)!.page;
      await page.goto(rawRoomPage.pageUrl);
      await page.evaluate((options) => window.e2eeRoom.join(options), { url: join.livekitUrl, token: join.token, e2eeKey: join.e2eeKey });
      assert.equal(await page.evaluate(() => window.e2eeRoom.canPublish()), false);
      // Going around the elements: ask livekit-client to publish camera and microphone anyway.
      const attempt = await page.evaluate(() =>
        window.e2eeRoom.publish().then(
          () => 'resolved',
          (error: unknown) => `rejected: ${String(error)}`,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const tiles = await clinician.page.evaluate(() => window.sessionProbe.remoteVideoTiles());
      const frames = await clinician.page.evaluate(() => window.sessionProbe.remoteVideoFrames());
      assert.equal(frames, null, `the clinician shows video from a waiting patient (publish ${attempt}, ${tiles} tiles)`);
      assert.equal(tiles, 0, 'a patient in the lobby has no place in the call');
    } finally {
      await closeAll();
    }
  });

  it('knock → admitted by the clinician → both see each other’s video → the clinician ends it → both see the end', async () => {
    try {
      const clinician = await clinicianInCall('demo-visit-1');
      const patient = await openSession('patient', 'demo-visit-1', 'patient', 'patient-1');
      await knock(patient);
      assert.equal(await patient.page.evaluate(() => window.sessionProbe.remoteVideoFrames()), null, 'a waiting patient is shown no video');

      const identity = await waitingIdentity(clinician, 'demo-visit-1');
      const admitted = await stack.post('/visits/demo-visit-1/admit', clinician.hostToken, { identity });
      assert.ok(admitted.status >= 200 && admitted.status < 300, `admit answered ${admitted.status}`);
      await waitForView(patient, 'call:inCall');
      // Admission hands keyboard focus to the call.
      const focused = await patient.page.evaluate(() => {
        let active: Element | null = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.textContent?.trim();
      });
      assert.equal(focused, 'Video visit');

      for (const [side, other] of [[patient, clinician], [clinician, patient]] as const) {
        await waitForCountToGrow(`frames of the ${other.name}'s video shown at the ${side.name}`, remoteFrames(side), { by: 15 });
      }
      const encryption = await patient.page.evaluate(
        () =>
          document.querySelector('attune-session')!.shadowRoot!.querySelector('attune-video-call')!.shadowRoot!.querySelector('[part="encryption"]')!
            .textContent,
      );
      assert.match(encryption ?? '', /Encrypted end to end/);

      await clinician.page.getByRole('button', { name: 'End visit for everyone' }).click();
      await waitForView(clinician, 'call:ended');
      await waitForView(patient, 'call:ended');
      const patientSays = await patient.page.evaluate(() => document.querySelector('attune-session')!.shadowRoot!.querySelector('attune-video-call')!.shadowRoot!.textContent);
      assert.match(patientSays ?? '', /Your clinician ended the visit\./);
    } finally {
      await closeAll();
    }
  });

  it('shows the clinician’s hold message to the waiting patient, then the denial', async () => {
    try {
      const clinician = await openSession('clinician', 'demo-visit-2', 'clinician', 'clinician-1');
      const patient = await openSession('patient', 'demo-visit-2', 'patient', 'patient-2');
      await knock(patient);
      const identity = await waitingIdentity(clinician, 'demo-visit-2');

      const held = await stack.post('/visits/demo-visit-2/hold-message', clinician.hostToken, { identity, message: 'Running ten minutes late, sorry.' });
      assert.ok(held.status >= 200 && held.status < 300, `hold-message answered ${held.status}`);
      await waitFor(
        'the hold message in the waiting room',
        () =>
          patient.page.evaluate(
            () =>
              document.querySelector('attune-session')!.shadowRoot!.querySelector('attune-waiting-room')!.shadowRoot!.querySelector('[part="hold-messages"]')
                ?.textContent ?? '',
          ),
        (text) => text.includes('Running ten minutes late, sorry.'),
      );

      const denied = await stack.post('/visits/demo-visit-2/deny', clinician.hostToken, { identity, reason: 'rescheduled' });
      assert.ok(denied.status >= 200 && denied.status < 300, `deny answered ${denied.status}`);
      await waitForView(patient, 'waiting-room:denied');
      const heading = await patient.page.getByRole('heading', { level: 2 }).textContent();
      assert.equal(heading?.trim(), 'Your visit has been rescheduled');
    } finally {
      await closeAll();
    }
  });

});
