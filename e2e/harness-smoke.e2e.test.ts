// The whole chain, for real: the reference server issues tokens and the visit's E2EE key, a real
// livekit-server carries the encrypted media and data, and Chromium with fake devices decodes it.
// A participant holding the wrong key must receive the packets and decode nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AccessToken } from 'livekit-server-sdk';
import type { Browser, Page } from 'playwright-core';
import type { VisitJoin } from '@attune/core';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { serveFixturePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { videoStats, waitFor, waitForFramesDecoded } from './support/wait.js';

const appointment = 'demo-visit-1';

describe('the harness, end to end with E2EE', () => {
  let stack: VisitStack;
  let fixture: FixturePageServer;
  let browser: Browser;
  let patient: { page: Page; join: VisitJoin };
  let clinician: { page: Page; join: VisitJoin; hostToken: string };

  async function openRoomPage(label: string): Promise<Page> {
    const page = await (await newMediaContext(browser)).newPage();
    page.on('pageerror', (error) => console.error(`[${label} page] ${error.message}`));
    await page.goto(fixture.pageUrl);
    return page;
  }

  async function joinRoom(page: Page, join: { livekitUrl: string; token: string; e2eeKey: string }): Promise<string> {
    return page.evaluate((options) => window.e2eeRoom.join(options), { url: join.livekitUrl, token: join.token, e2eeKey: join.e2eeKey });
  }

  before(async () => {
    [stack, fixture, browser] = await Promise.all([startVisitStack(), serveFixturePage('e2ee-room'), launchBrowser()]);
    const [patientToken, clinicianToken] = await Promise.all([stack.login('patient-1'), stack.login('clinician-1')]);
    const [patientJoin, clinicianJoin] = await Promise.all([stack.join(appointment, patientToken), stack.join(appointment, clinicianToken)]);
    patient = { page: await openRoomPage('patient'), join: patientJoin };
    clinician = { page: await openRoomPage('clinician'), join: clinicianJoin, hostToken: clinicianToken };
  });

  after(async () => {
    await browser?.close();
    await Promise.all([fixture?.close(), stack?.stop()]);
  });

  it('gives patient and clinician the same room and visit key, on the LiveKit server it runs', () => {
    assert.equal(patient.join.room, clinician.join.room);
    assert.equal(patient.join.e2eeKey, clinician.join.e2eeKey);
    assert.equal(Buffer.from(patient.join.e2eeKey, 'base64').length, 32);
    assert.equal(patient.join.livekitUrl, stack.livekit.url);
    assert.notEqual(patient.join.identity, clinician.join.identity);
  });

  it('keeps the patient in the lobby until admitted, then each decodes the other\'s encrypted video and data', async () => {
    assert.equal(await joinRoom(clinician.page, clinician.join), clinician.join.identity);
    await clinician.page.evaluate(() => window.e2eeRoom.publish());
    assert.equal(await joinRoom(patient.page, patient.join), patient.join.identity);
    assert.equal(await patient.page.evaluate(() => window.e2eeRoom.canPublish()), false, 'a waiting patient must not be able to publish');

    const admitted = await stack.post(`/visits/${appointment}/admit`, clinician.hostToken, { identity: patient.join.identity });
    assert.ok(admitted.status >= 200 && admitted.status < 300, `admit answered ${admitted.status}: ${JSON.stringify(admitted.body)}`);
    await waitFor('the patient to be allowed to publish', () => patient.page.evaluate(() => window.e2eeRoom.canPublish()), Boolean);
    await patient.page.evaluate(() => window.e2eeRoom.publish());

    const atClinician = await waitForFramesDecoded(clinician.page, patient.join.identity);
    const atPatient = await waitForFramesDecoded(patient.page, clinician.join.identity);
    assert.ok(atClinician.framesDecoded > 0 && atPatient.framesDecoded > 0);

    await patient.page.evaluate(() => window.e2eeRoom.sendData('hello from the patient'));
    await clinician.page.evaluate(() => window.e2eeRoom.sendData('hello from the clinician'));
    await waitFor('the patient\'s message at the clinician', () => clinician.page.evaluate(() => window.e2eeRoom.received()), (messages) =>
      messages.some((message) => message.from === patient.join.identity && message.text === 'hello from the patient'),
    );
    await waitFor('the clinician\'s message at the patient', () => patient.page.evaluate(() => window.e2eeRoom.received()), (messages) =>
      messages.some((message) => message.from === clinician.join.identity && message.text === 'hello from the clinician'),
    );
  });

  it('lets a participant with the wrong key receive the encrypted packets but decode no frame and read no message', async () => {
    // Minted straight from LiveKit's keys: the intruder is in the room with full rights, only the key is wrong.
    const grant = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity: 'intruder-wrong-key', ttl: 300 });
    grant.addGrant({ roomJoin: true, room: clinician.join.room, canPublish: true, canSubscribe: true, canPublishData: true });
    const wrongKey = randomBytes(32).toString('base64');
    assert.notEqual(wrongKey, clinician.join.e2eeKey);
    const intruder = await openRoomPage('intruder');
    await joinRoom(intruder, { livekitUrl: stack.livekit.url, token: await grant.toJwt(), e2eeKey: wrongKey });
    await intruder.evaluate(() => window.e2eeRoom.publish());

    // Media from both visit participants must reach the intruder, or "nothing decoded" would prove nothing.
    await waitFor(
      'encrypted video packets from both participants at the intruder',
      () => videoStats(intruder),
      (stats) =>
        [patient.join.identity, clinician.join.identity].every((identity) =>
          stats.some((stat) => stat.from === identity && stat.packetsReceived >= 30),
        ),
    );
    await clinician.page.evaluate(() => window.e2eeRoom.sendData('for the patient only'));
    // Meanwhile the patient, holding the right key, keeps decoding and reads the message.
    const before = await waitForFramesDecoded(patient.page, clinician.join.identity);
    await waitForFramesDecoded(patient.page, clinician.join.identity, { minFrames: before.framesDecoded + 15 });
    await waitFor('the message at the patient', () => patient.page.evaluate(() => window.e2eeRoom.received()), (messages) =>
      messages.some((message) => message.text === 'for the patient only'),
    );

    const atIntruder = await videoStats(intruder);
    for (const identity of [patient.join.identity, clinician.join.identity]) {
      const stat = atIntruder.find((entry) => entry.from === identity);
      assert.ok(stat && stat.packetsReceived > 0, `no packets from ${identity} at the intruder`);
      assert.equal(stat.framesDecoded, 0, `the intruder decoded video from ${identity} with the wrong key`);
    }
    const intruderMessages = await intruder.evaluate(() => window.e2eeRoom.received());
    assert.ok(!intruderMessages.some((message) => message.text.includes('patient')), 'the intruder read a data message');
    assert.ok((await intruder.evaluate(() => window.e2eeRoom.encryptionErrors())).length > 0, 'no decryption error was reported');

    // And the visit's participants cannot decode the intruder's video either.
    const fromIntruder = await waitFor(
      'the intruder\'s packets at the patient',
      () => videoStats(patient.page),
      (stats) => stats.some((stat) => stat.from === 'intruder-wrong-key' && stat.packetsReceived >= 30),
    );
    assert.equal(fromIntruder.find((stat) => stat.from === 'intruder-wrong-key')?.framesDecoded, 0);
  });
});
