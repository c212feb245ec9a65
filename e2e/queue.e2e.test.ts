// The clinician's queue against the real reference server and a real livekit-server: a patient
// knocks in one browser context and the queue in another shows them through the desk room (the
// queue's polling is set to ten minutes, so only a push can bring them in time); the clinician
// admits from the queue; a patient who leaves while waiting drops out of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { jsonRoute, serveFixturePage, serveInlinePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { waitFor } from './support/wait.js';

const tenMinutes = 600_000;

// The clinician's page: only the queue element, pointed at the server with the clinician's host token.
const queuePage = `
import { createHttpVisitApi } from '@attune/core';
import '@attune/elements/queue.js';
const config = await (await fetch('./config.json')).json();
const queue = document.createElement('attune-queue');
queue.pollInterval = ${tenMinutes};
queue.api = createHttpVisitApi({ baseUrl: config.serverUrl, getHostToken: () => config.hostToken });
window.queueEvents = [];
for (const name of ['attune-patient-arrived', 'attune-admitted']) {
  queue.addEventListener(name, (event) => window.queueEvents.push({ name, detail: event.detail }));
}
document.querySelector('main').append(queue);
`;

function serveQueuePage(serverUrl: string, hostToken: string): Promise<FixturePageServer> {
  return serveInlinePage('queue', queuePage, 'Queue', { routes: { '/config.json': jsonRoute({ serverUrl, hostToken }) } });
}

/** What the clinician sees, read through the element's shadow root. */
function queueView(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('attune-queue')?.shadowRoot;
    return {
      state: root?.querySelector('[part="base"]')?.getAttribute('data-state') ?? null,
      summary: root?.querySelector('[part="summary"]')?.textContent?.trim() ?? '',
      labels: [...(root?.querySelectorAll('[part="label"]') ?? [])].map((node) => node.textContent?.trim() ?? ''),
      announcement: root?.querySelector('[part="announcement"]')?.textContent?.trim() ?? '',
    };
  });
}

describe('the clinician’s queue, live through the desk room', () => {
  let stack: VisitStack;
  let roomFixture: FixturePageServer;
  let queueServer: Awaited<ReturnType<typeof serveQueuePage>>;
  let browser: Browser;
  let clinicianPage: Page;
  const queueRequests: string[] = [];

  async function knock(user: string, appointmentId: string): Promise<{ page: Page; identity: string }> {
    const token = await stack.login(user);
    const visit = await stack.join(appointmentId, token);
    const page = await (await newMediaContext(browser)).newPage();
    page.on('pageerror', (error) => console.error(`[${user} page] ${error.message}`));
    await page.goto(roomFixture.pageUrl);
    const identity = await page.evaluate((options) => window.e2eeRoom.join(options), {
      url: visit.livekitUrl,
      token: visit.token,
      e2eeKey: visit.e2eeKey,
    });
    return { page, identity };
  }

  before(async () => {
    [stack, roomFixture, browser] = await Promise.all([startVisitStack(), serveFixturePage('e2ee-room'), launchBrowser()]);
    queueServer = await serveQueuePage(stack.serverUrl, await stack.login('clinician-1'));
    clinicianPage = await (await newMediaContext(browser)).newPage();
    clinicianPage.on('pageerror', (error) => console.error(`[clinician page] ${error.message}`));
    clinicianPage.on('request', (request) => {
      if (new URL(request.url()).pathname === '/queue') queueRequests.push(request.url());
    });
    await clinicianPage.goto(queueServer.pageUrl);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([roomFixture?.close(), queueServer?.close(), stack?.stop()]);
  });

  it('loads an empty queue and links to the desk room', async () => {
    const view = await waitFor('the queue to go live on the desk room', () => queueView(clinicianPage), (seen) => seen.state === 'live' && seen.summary.includes('Updates live'));
    assert.deepEqual(view.labels, []);
  });

  it('shows a knocking patient without polling, announces them, and admits them from the queue', async () => {
    const fetchesBefore = queueRequests.length;
    const patient = await knock('patient-1', 'demo-visit-1');
    assert.equal(await patient.page.evaluate(() => window.e2eeRoom.canPublish()), false, 'a waiting patient cannot publish');

    // Polling is ten minutes apart: only the desk room's push can bring the patient in time.
    const view = await waitFor('the patient in the queue', () => queueView(clinicianPage), (seen) => seen.labels.length === 1, { timeoutMs: 20_000 });
    assert.match(view.labels[0]!, /Alex R\./);
    assert.match(view.announcement, /New patient waiting: Alex R\./);
    assert.ok(queueRequests.length > fetchesBefore, 'the queue re-fetched after the push');
    const arrived = await clinicianPage.evaluate(() => (window as unknown as { queueEvents: Array<{ name: string; detail: { entry?: { identity: string } } }> }).queueEvents);
    assert.ok(arrived.some((event) => event.name === 'attune-patient-arrived' && event.detail.entry?.identity === patient.identity));

    await clinicianPage.getByRole('button', { name: /^Admit Alex R\./ }).click();
    await waitFor('the patient to be allowed to publish', () => patient.page.evaluate(() => window.e2eeRoom.canPublish()), Boolean);
    const events = await clinicianPage.evaluate(() => (window as unknown as { queueEvents: Array<{ name: string; detail: { identity?: string } }> }).queueEvents);
    assert.ok(events.some((event) => event.name === 'attune-admitted' && event.detail.identity === patient.identity));
    await patient.page.evaluate(() => window.e2eeRoom.leave());
    await waitFor('the admitted patient to leave the queue', () => queueView(clinicianPage), (seen) => seen.labels.length === 0);
  });

  it('drops a patient who leaves while waiting', async () => {
    const patient = await knock('patient-2', 'demo-visit-2');
    await waitFor('the second patient in the queue', () => queueView(clinicianPage), (seen) => seen.labels.some((label) => label.includes('Sam K.')));
    await patient.page.context().close();
    await waitFor('the queue to drop the patient who left', () => queueView(clinicianPage), (seen) => !seen.labels.some((label) => label.includes('Sam K.')), {
      timeoutMs: 30_000,
    });
  });
});
