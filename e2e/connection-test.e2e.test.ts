// The device check's connection test against the practice's own LiveKit: a probe token from the
// real reference server, a hidden probe room on a real livekit-server, Chromium publishing a short
// silent audio track. On loopback media flows over UDP; a LiveKit that offers only ICE/TCP (as a
// network that blocks UDP leaves it) reads as TCP-only. Meanwhile the clinician's queue stays empty.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectionReport, QueueEntry } from '@attune/core';
import type { Browser, Page } from 'playwright-core';
import { startLivekit } from '../scripts/services/livekit.mjs';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { serveFixturePage, type FixturePageServer } from './support/fixture-pages.js';
import { startVisitStack, type VisitStack } from './support/visit-stack.js';
import { waitFor } from './support/wait.js';

async function clinicianQueue(stack: VisitStack, clinicianToken: string): Promise<QueueEntry[]> {
  const response = await fetch(`${stack.serverUrl}/queue`, { headers: { authorization: `Bearer ${clinicianToken}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as QueueEntry[];
}

/** Opens the patient's `<attune-session>`, runs its device check's connection test by keyboard, and returns what it says. */
async function testConnectionInSession(page: Page, stack: VisitStack, patientToken: string): Promise<string> {
  await page.evaluate(([serverUrl, token]) => window.openSession(serverUrl!, 'demo-visit-1', token!), [stack.serverUrl, patientToken]);
  const turnOn = page.getByRole('button', { name: 'Turn on camera and microphone' });
  const testButton = page.getByRole('button', { name: 'Test connection' });
  await waitFor('the device check to ask for access or be ready', async () => (await turnOn.count()) + (await testButton.count()), (count) => count > 0);
  if ((await turnOn.count()) > 0) await turnOn.press('Enter');
  await testButton.press('Enter');
  const result = page.locator('attune-session').locator('attune-device-check').locator('[part="connection-result"]');
  return waitFor('the connection test result', async () => (await result.textContent())?.trim() ?? '', (text) => text.length > 0);
}

async function testConnection(page: Page, stack: VisitStack, patientToken: string): Promise<ConnectionReport> {
  return page.evaluate(([serverUrl, token]) => window.testConnection(serverUrl!, 'demo-visit-1', token!), [stack.serverUrl, patientToken]);
}

describe("the device check's connection test against the real LiveKit server", () => {
  let fixture: FixturePageServer;
  let browser: Browser;

  before(async () => {
    [fixture, browser] = await Promise.all([serveFixturePage('connection-test'), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await fixture?.close();
  });

  async function openPage(): Promise<Page> {
    const context = await newMediaContext(browser);
    const page = await context.newPage();
    await page.goto(fixture.pageUrl);
    await page.waitForFunction(() => typeof window.testConnection === 'function');
    return page;
  }

  describe('on loopback, with UDP open', () => {
    let stack: VisitStack;
    before(async () => {
      stack = await startVisitStack();
    });
    after(async () => {
      await stack?.stop();
    });

    it('reports the server reachable over UDP, with a round trip, and the probing patient never in the queue', async () => {
      const page = await openPage();
      const [patient, clinician] = await Promise.all([stack.login('patient-1'), stack.login('clinician-1')]);
      let probing = true;
      const queueSeen: QueueEntry[][] = [];
      const watchQueue = (async () => {
        while (probing) {
          queueSeen.push(await clinicianQueue(stack, clinician));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      let report: ConnectionReport;
      try {
        report = await testConnection(page, stack, patient);
      } finally {
        probing = false;
        await watchQueue;
        await page.context().close();
      }
      assert.equal(report.reachable, true, JSON.stringify(report));
      assert.equal(report.transport, 'udp');
      assert.equal(typeof report.roundTripMs, 'number');
      assert.ok(report.roundTripMs! >= 1);
      assert.ok(queueSeen.length >= 2, 'the queue was read while the probe ran');
      assert.deepEqual(queueSeen.flat(), [], 'the probing patient never appeared in the queue');
      // LiveKit's webhooks for the probe room (join, leave) have arrived by now and changed nothing.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual(await clinicianQueue(stack, clinician), []);
    });

    it("runs in <attune-session>'s device check, which says the patient is connected", async () => {
      const page = await openPage();
      try {
        assert.match(await testConnectionInSession(page, stack, await stack.login('patient-1')), /^Connected: \d+ ms round trip\.$/);
      } finally {
        await page.context().close();
      }
    });
  });

  describe('with LiveKit offering only ICE over TCP (UDP blocked)', () => {
    let stack: VisitStack;
    before(async () => {
      stack = await startVisitStack({ livekit: await startLivekit({ forceTcp: true }) });
    });
    after(async () => {
      await stack?.stop();
      await stack?.livekit.stop();
    });

    it('reports the server reachable over TCP only', async () => {
      const page = await openPage();
      try {
        const report = await testConnection(page, stack, await stack.login('patient-1'));
        assert.equal(report.reachable, true, JSON.stringify(report));
        assert.equal(report.transport, 'tcp-only');
      } finally {
        await page.context().close();
      }
    });

    it("tells the patient in <attune-session>'s device check that video may be less smooth", async () => {
      const page = await openPage();
      try {
        assert.match(await testConnectionInSession(page, stack, await stack.login('patient-1')), /only over TCP/);
      } finally {
        await page.context().close();
      }
    });
  });

  describe('with the LiveKit server down', () => {
    let stack: VisitStack;
    before(async () => {
      stack = await startVisitStack({ livekit: await startLivekit() });
      await stack.livekit.stop();
    });
    after(async () => {
      await stack?.stop();
    });

    it('reports the server unreachable, with no transport', async () => {
      const page = await openPage();
      try {
        const report = await testConnection(page, stack, await stack.login('patient-1'));
        assert.deepEqual(report, { reachable: false, transport: 'unknown' });
      } finally {
        await page.context().close();
      }
    });
  });
});
