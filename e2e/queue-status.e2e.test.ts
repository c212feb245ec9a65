// Honest information for a waiting patient, end to end: two patients go through the device check
// in `<attune-session>` and wait; each waiting room shows their place in the clinician's queue
// (sent by the server to that patient only); the clinician sets "running 10 minutes late" in an
// English `<attune-queue>` and both waiting rooms show it, the second patient's in Spanish (the
// preset travels as minutes and each waiting room words it); admitting the first moves the second
// up; the clinician's own words reach the Spanish waiting room as written; the queue shows each
// patient's device-check result. Real reference server, real livekit-server (webhooks on), Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { serveInlinePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { waitFor } from './support/wait.js';


// One page, two uses: `?view=queue` is the clinician's desk, anything else a patient's visit with the device check on.
const page = `
import { createHttpVisitApi } from '@attune/core';
import { setAttuneLocale } from '@attune/elements';
import '@attune/elements/queue.js';
import '@attune/elements/session.js';
// The test switches a patient's page to their language once they wait, as a host page's language menu would.
window.switchLanguage = (locale) => setAttuneLocale(locale);
const settings = new URLSearchParams(location.search);
const token = settings.get('token');
if (settings.get('view') === 'queue') {
  const queue = document.createElement('attune-queue');
  queue.pollInterval = 600000;
  queue.api = createHttpVisitApi({ baseUrl: settings.get('server'), getHostToken: () => token });
  document.querySelector('main').append(queue);
} else {
  const session = document.createElement('attune-session');
  session.appointmentId = settings.get('appointment');
  session.serverUrl = settings.get('server');
  session.livekitUrl = settings.get('livekit');
  session.getHostToken = () => token;
  session.worker = new Worker(new URL('./e2ee-worker.js', location.href), { type: 'module' });
  document.querySelector('main').append(session);
}
`;

/** The patient's session screen, waiting-room state and the wait details they read. */
function waitingRoom(patient: Page) {
  return patient.evaluate(() => {
    const session = document.querySelector('attune-session');
    const room = session?.shadowRoot?.querySelector('attune-waiting-room');
    return {
      screen: session?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-screen') ?? null,
      state: room?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-state') ?? null,
      details: room?.shadowRoot?.querySelector('[part="wait-details"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    };
  });
}

/** Each queue entry's label and device-check text, as the clinician reads them. */
function queueEntries(clinician: Page) {
  return clinician.evaluate(() =>
    [...(document.querySelector('attune-queue')?.shadowRoot?.querySelectorAll('[part="entry"]') ?? [])].map((entry) => {
      const details = [...entry.querySelectorAll('[part="details"] > div')].map((row) => [row.querySelector('dt')?.textContent?.trim(), row.querySelector('dd')?.textContent?.trim()]);
      return { label: entry.querySelector('[part="label"]')?.textContent?.trim() ?? '', deviceCheck: details.find(([name]) => name === 'Device check')?.[1] ?? '' };
    }),
  );
}

describe('a waiting patient’s place in line and the clinician’s status', () => {
  let stack: VisitStack;
  let served: FixturePageServer;
  let browser: Browser;
  let clinician: Page;
  const patients: Record<string, Page> = {};

  /** Opens the patient's visit, passes the device check with the fake camera and microphone, and waits. */
  async function arrive(user: string, appointment: string): Promise<Page> {
    const token = await stack.login(user);
    const patient = await (await newMediaContext(browser)).newPage();
    patient.on('pageerror', (error) => console.error(`[${user} page] ${error.message}`));
    const settings = new URLSearchParams({ appointment, server: stack.serverUrl, livekit: stack.livekit.url, token });
    await patient.goto(`${served.pageUrl}?${settings}`);
    const turnOn = patient.getByRole('button', { name: 'Turn on camera and microphone' });
    const continueButton = patient.getByRole('button', { name: 'Continue', exact: true });
    await waitFor(`${user}'s device check`, async () => (await turnOn.count()) + (await continueButton.count()), (count) => count > 0, { timeoutMs: 20_000 });
    if ((await turnOn.count()) > 0) await turnOn.press('Enter');
    await continueButton.press('Enter');
    await waitFor(`${user} waiting`, () => waitingRoom(patient), (seen) => seen.screen === 'waiting-room' && seen.state === 'waiting', { timeoutMs: 20_000 });
    return patient;
  }

  before(async () => {
    [stack, served, browser] = await Promise.all([startVisitStack(), serveInlinePage('queue-status', page, 'Clinic'), launchBrowser()]);
    clinician = await (await newMediaContext(browser)).newPage();
    clinician.on('pageerror', (error) => console.error(`[clinician page] ${error.message}`));
    const settings = new URLSearchParams({ view: 'queue', server: stack.serverUrl, token: await stack.login('clinician-1') });
    await clinician.goto(`${served.pageUrl}?${settings}`);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([served?.close(), stack?.stop()]);
  });

  it('tells the first patient they are next and the second they are number 2', async () => {
    patients.first = await arrive('patient-1', 'demo-visit-1');
    await waitFor('the first patient told they are next', () => waitingRoom(patients.first!), (seen) => seen.details.includes('You are next.'), { timeoutMs: 20_000 });
    patients.second = await arrive('patient-2', 'demo-visit-2');
    const second = await waitFor('the second patient told their place', () => waitingRoom(patients.second!), (seen) => seen.details.includes('You are number 2 in line.'), {
      timeoutMs: 20_000,
    });
    assert.doesNotMatch(second.details, /Your clinician/, 'no status before the clinician sets one');
    assert.match((await waitingRoom(patients.first!)).details, /You are next\./);
  });

  it('shows each patient’s device-check result in the clinician’s queue', async () => {
    const entries = await waitFor('both patients in the queue with their device check', () => queueEntries(clinician), (seen) =>
      seen.length === 2 && seen.every((entry) => entry.deviceCheck !== '' && entry.deviceCheck !== 'Not done'),
    );
    assert.deepEqual(
      entries.map((entry) => entry.label.split(' ')[0]),
      ['Alex', 'Sam'],
    );
    for (const entry of entries) assert.match(entry.deviceCheck, /^(Passed|Audio only)$/);
  });

  it('shows "running 10 minutes late" in both waiting rooms when the clinician sets it, each in the patient’s language', async () => {
    await patients.second!.evaluate(() => (window as unknown as { switchLanguage(locale: string): Promise<void> }).switchLanguage('es'));
    await waitFor('the second patient’s waiting room in Spanish', () => waitingRoom(patients.second!), (seen) => seen.details.includes('Su lugar en la fila es el número 2.'), {
      timeoutMs: 20_000,
    });
    await clinician.getByRole('button', { name: '10 min late' }).click();
    await waitFor('the clinician’s status in English', () => waitingRoom(patients.first!), (seen) => seen.details.includes('Your clinician is running 10 minutes late'), {
      timeoutMs: 20_000,
    });
    const second = await waitFor('the clinician’s status in Spanish', () => waitingRoom(patients.second!), (seen) => seen.details.includes('Su clínico va con 10 minutos de retraso'), {
      timeoutMs: 20_000,
    });
    assert.doesNotMatch(second.details, /late/, 'not the clinician’s English');
    assert.match(second.details, /Su lugar en la fila es el número 2\./, 'the place is unchanged');
  });

  it('moves the second patient up when the first is admitted', async () => {
    await clinician.getByRole('button', { name: /^Admit Alex R\./ }).click();
    await waitFor('the first patient in the call', () => waitingRoom(patients.first!), (seen) => seen.screen === 'call', { timeoutMs: 20_000 });
    const second = await waitFor('the second patient told they are next', () => waitingRoom(patients.second!), (seen) => seen.details.includes('Sigue usted.'), { timeoutMs: 20_000 });
    assert.match(second.details, /Su clínico va con 10 minutos de retraso/);
  });

  it('shows the clinician’s own words as written, and takes the status away when the clinician clears it', async () => {
    const ownWords = clinician.getByLabel('Or write your own');
    await ownWords.fill('Back from a home visit at 11');
    await ownWords.press('Enter');
    await waitFor('the clinician’s own words in the waiting room', () => waitingRoom(patients.second!), (seen) => seen.details.includes('Su clínico: Back from a home visit at 11'), {
      timeoutMs: 20_000,
    });
    await clinician.getByRole('button', { name: 'Clear status' }).click();
    const second = await waitFor('the status gone from the waiting room', () => waitingRoom(patients.second!), (seen) => !seen.details.includes('Su clínico'), { timeoutMs: 20_000 });
    assert.match(second.details, /Sigue usted\./);
  });
});
