// A visit on a bad network, for real: livekit-server runs in its own network namespace, and the
// test takes its link down for 10 s in the middle of an E2EE call between an admitted patient and
// the clinician (Chromium with fake devices, the real reference server). The call must say it is
// reconnecting and come back to decoding video by itself. A patient who reloads the page mid-call
// must get back into the same visit without being admitted again.
//
// Level: livekit-client, through the reliability fixture page (e2e/fixtures/reliability), with the
// reference server issuing tokens, the visit key and admission. livekit-client raises Reconnecting
// only when a peer connection has failed or its 15 s signal ping times out (livekit/client-sdk-js#1450),
// so after a 10 s cut that comes just after the link is back; the browser's own peer connection
// state is what changes during the cut, and the test checks both.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { VisitJoin } from '@attune/core';
import { startLivekitInNetns, type NetnsLivekit } from '../scripts/services/netns.mjs';
import type { ConnectionEvent } from './fixtures/reliability/api.js';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { serveFixturePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { waitForDecodingProgress } from './support/decoding-progress.js';
import { waitFor, waitForFramesDecoded } from './support/wait.js';

const cutSeconds = 10;

interface CallSide {
  context: BrowserContext;
  page: Page;
  join: VisitJoin;
  hostToken: string;
}

describe('a visit on a link that fails (livekit-client fixture, livekit-server in a network namespace)', () => {
  let livekit: NetnsLivekit;
  let stack: VisitStack;
  let fixture: FixturePageServer;
  let browser: Browser;

  before(async () => {
    livekit = await startLivekitInNetns();
    [stack, fixture, browser] = await Promise.all([startVisitStack({ livekit }), serveFixturePage('reliability'), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([fixture?.close(), stack?.stop()]);
    await livekit?.stop();
  });

  async function openRoomPage(label: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newMediaContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${label} page] ${error.message}`));
    await page.goto(fixture.pageUrl);
    return { context, page };
  }

  function joinRoom(page: Page, join: VisitJoin): Promise<string> {
    return page.evaluate((options) => window.reliabilityRoom.join(options), { url: join.livekitUrl, token: join.token, e2eeKey: join.e2eeKey });
  }

  function connectionEvents(page: Page): Promise<ConnectionEvent[]> {
    return page.evaluate(() => window.reliabilityRoom.connectionEvents());
  }

  /** Clinician and patient of `appointment` in the call: the patient knocks, is admitted, and each decodes the other. */
  async function startCall(appointment: string, patientUser: string): Promise<{ patient: CallSide; clinician: CallSide }> {
    const [patientToken, clinicianToken] = await Promise.all([stack.login(patientUser), stack.login('clinician-1')]);
    const [patientJoin, clinicianJoin] = await Promise.all([stack.join(appointment, patientToken), stack.join(appointment, clinicianToken)]);
    assert.equal(patientJoin.livekitUrl, livekit.url, 'the server must hand out the LiveKit behind the cuttable link');
    const clinician = { ...(await openRoomPage('clinician')), join: clinicianJoin, hostToken: clinicianToken };
    const patient = { ...(await openRoomPage('patient')), join: patientJoin, hostToken: patientToken };

    await joinRoom(clinician.page, clinician.join);
    await clinician.page.evaluate(() => window.reliabilityRoom.publish());
    await joinRoom(patient.page, patient.join);
    assert.equal(await patient.page.evaluate(() => window.reliabilityRoom.canPublish()), false, 'the patient must start in the lobby');
    const admitted = await stack.post(`/visits/${appointment}/admit`, clinicianToken, { identity: patient.join.identity });
    assert.ok(admitted.status >= 200 && admitted.status < 300, `admit answered ${admitted.status}: ${JSON.stringify(admitted.body)}`);
    await waitFor('the patient to be admitted', () => patient.page.evaluate(() => window.reliabilityRoom.canPublish()), Boolean);
    await patient.page.evaluate(() => window.reliabilityRoom.publish());

    await waitForFramesDecoded(clinician.page, patient.join.identity, { minFrames: 15 });
    await waitForFramesDecoded(patient.page, clinician.join.identity, { minFrames: 15 });
    return { patient, clinician };
  }

  function timeline(events: ConnectionEvent[], since: number): string {
    return events
      .filter((entry) => entry.at >= since)
      .map((entry) => `${((entry.at - since) / 1000).toFixed(1)}s ${entry.event}${entry.detail ? `(${entry.detail})` : ''}`)
      .join(', ');
  }

  it(`reports reconnecting when LiveKit's link was cut for ${cutSeconds} s, then decodes video again without user action`, async (t: TestContext) => {
    const { patient, clinician } = await startCall('demo-visit-1', 'patient-1');
    const sides = [
      { name: 'patient', page: patient.page, remote: clinician.join.identity },
      { name: 'clinician', page: clinician.page, remote: patient.join.identity },
    ];

    const cutAt = Date.now();
    livekit.cutLink();
    try {
      assert.equal(livekit.linkIsUp(), false);
      // The cut must reach WebRTC itself, or "it recovered" would prove nothing: the browser's peer connections leave `connected`.
      await waitFor(
        'the browser to lose both peer connections while the link is down',
        () => Promise.all(sides.map((side) => connectionEvents(side.page))),
        (all) => all.every((events) => events.some((entry) => entry.at >= cutAt && entry.event === 'peer-connection' && entry.detail !== 'connected')),
        { timeoutMs: cutSeconds * 1000 - 500 },
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + cutSeconds * 1000 - Date.now())));
    } finally {
      livekit.restoreLink();
    }
    const restoredAt = Date.now();
    t.diagnostic(`link down for ${((restoredAt - cutAt) / 1000).toFixed(1)} s`);

    // From here on the test only watches: no rejoin, no click, nothing but time.
    for (const side of sides) {
      const events = await waitFor(
        `the ${side.name}'s room to report reconnecting, then reconnect`,
        () => connectionEvents(side.page),
        (all) => {
          const since = all.filter((entry) => entry.at >= cutAt);
          const firstReconnecting = since.findIndex((entry) => entry.event === 'reconnecting' || entry.event === 'signal-reconnecting');
          return firstReconnecting >= 0 && since.slice(firstReconnecting).some((entry) => entry.event === 'reconnected');
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      t.diagnostic(`${side.name} (seconds after the cut): ${timeline(events, cutAt)}`);
      await waitForDecodingProgress(side.page, side.remote, { frames: 30, timeoutMs: 30_000 });
      const after = await connectionEvents(side.page);
      assert.ok(!after.some((entry) => entry.event === 'disconnected'), `the ${side.name}'s room gave up: ${timeline(after, cutAt)}`);
      assert.equal(await side.page.evaluate(() => window.reliabilityRoom.connectionState()), 'connected');
    }

    await Promise.all([patient.context.close(), clinician.context.close()]);
  });

  it('lets a patient who reloads the page mid-call back into the same visit, still admitted, and both decode video again', async () => {
    const { patient, clinician } = await startCall('demo-visit-2', 'patient-2');
    const firstIdentity = patient.join.identity;

    await patient.page.reload();
    // What the patient's page does on load: join the visit again with its host token.
    const rejoin = await stack.join('demo-visit-2', patient.hostToken);
    assert.equal(rejoin.room, patient.join.room, 'the reload must land in the same visit room');
    assert.equal(rejoin.identity, firstIdentity, 'the reload must take over the same participant, not add a second one');
    assert.equal(rejoin.e2eeKey, patient.join.e2eeKey);
    await joinRoom(patient.page, rejoin);
    // Admitted straight away: nobody calls admit again.
    assert.equal(await patient.page.evaluate(() => window.reliabilityRoom.canPublish()), true, 'the server must remember the admission');
    await patient.page.evaluate(() => window.reliabilityRoom.publish());

    await waitForDecodingProgress(patient.page, clinician.join.identity, { frames: 30, timeoutMs: 30_000 });
    await waitForDecodingProgress(clinician.page, firstIdentity, { frames: 30, timeoutMs: 30_000 });
    const identitiesAtClinician = await clinician.page.evaluate(() => window.reliabilityRoom.videoStats());
    assert.deepEqual(
      identitiesAtClinician.map((stat) => stat.from),
      [firstIdentity],
      'the clinician must see the patient once, not a stale participant next to the new one',
    );

    await Promise.all([patient.context.close(), clinician.context.close()]);
  });
});
