import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { serveFixturePage, type FixturePageServer } from './support/fixture-pages.js';

describe('@attune/react: wrappers generated from the custom-elements manifest', () => {
  let browser: Browser;
  let fixture: FixturePageServer;
  before(async () => {
    fixture = await serveFixturePage('react-wrappers');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('renders the element from React, passes properties, and maps attune-* events to onAttune… props', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(fixture.pageUrl);
    const admit = page.locator('attune-queue').getByRole('button', { name: /admit/i });
    await admit.waitFor({ timeout: 15_000 });
    await admit.click();
    await page.waitForFunction(() => (window as unknown as { report: { admittedEvents: string[] } }).report.admittedEvents.length > 0);
    const report = await page.evaluate(() => (window as unknown as { report: { admittedByApi: string[]; admittedEvents: string[] } }).report);
    assert.deepEqual(report.admittedByApi, ['p-1'], 'the api property reached the element');
    assert.deepEqual(report.admittedEvents, ['appt-1'], 'onAttuneAdmitted received the attune-admitted event');
    assert.deepEqual(errors, []);
  });
});
