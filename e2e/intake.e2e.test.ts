// A patient fills the PHQ-9 in <attune-intake-form> in real Chromium against the real reference
// server (SQLite file): the draft survives a reload, sealed in IndexedDB; the submit made while
// offline waits in the encrypted outbox and goes out once when the connection returns; the response
// and its score are then on the server, and the patient sees crisis resources for item 9.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createFhirRecords, type QuestionnaireResponse } from '@attune/core';
import { createAttuneServer, listen, loadConfig } from '@attune/server';
import { launchBrowser } from './support/browser.js';
import { jsonRoute, serveInlinePage, type FixturePageServer } from './support/fixture-pages.js';
import { waitFor } from './support/wait.js';

const intakePage = `
import { createFhirRecords, phq9 } from '@attune/core';
import '@attune/elements/intake-form.js';
const config = await (await fetch('./config.json')).json();
const form = document.createElement('attune-intake-form');
form.questionnaire = phq9;
form.subject = config.subject;
form.records = createFhirRecords({ baseUrl: config.fhirBase, getToken: () => config.token });
window.submitted = [];
form.addEventListener('attune-response-submitted', (event) => window.submitted.push(event.detail.response));
document.querySelector('main').append(form);
`;

describe('intake form end to end', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof createAttuneServer>>;
  let listening: Awaited<ReturnType<typeof listen>>;
  let pageServer: FixturePageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let clinicianToken: string;

  const login = async (user: string) => {
    const response = await fetch(`${listening.url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
    assert.equal(response.status, 200);
    return ((await response.json()) as { token: string }).token;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attune-intake-e2e-'));
    const config = loadConfig(
      { ATTUNE_DEV: 'true', ATTUNE_SEED_DEMO: 'true', ATTUNE_DB: join(dir, 'attune.db'), ATTUNE_HOST: '127.0.0.1', ATTUNE_PORT: '0', ATTUNE_HOST_JWT_SECRET: 'intake-e2e-host-secret-0123456789abcdef' },
      [],
    );
    server = await createAttuneServer(config);
    listening = await listen(server, { host: '127.0.0.1', port: 0 });
    const patientToken = await login('patient-2');
    clinicianToken = await login('clinician-1');

    pageServer = await serveInlinePage('intake', intakePage, 'Intake', {
      routes: { '/config.json': jsonRoute({ fhirBase: `${listening.url}/fhir`, token: patientToken, subject: 'Patient/demo-patient-2' }) },
    });
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await pageServer?.close();
    await listening?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const formState = () => page.locator('attune-intake-form [part="base"]').getAttribute('data-state');
  const choose = (linkId: string, index: number) => page.locator(`attune-intake-form #q-${linkId} input[type="radio"]`).nth(index).check();
  const phq9Items = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];

  it('keeps a sealed draft across a reload', async () => {
    await page.goto(`${pageServer.url}/index.html`);
    await waitFor('the form', formState, (state) => state === 'empty');
    for (const linkId of phq9Items.slice(0, 4)) await choose(linkId, 2);
    await page.locator('attune-intake-form [part="autosave"]').filter({ hasText: 'saved' }).waitFor();
    const sealed = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const request = indexedDB.open('attune-vault');
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error);
      });
      const records = await new Promise<Array<{ data: ArrayBuffer }>>((done) => {
        const request = db.transaction('sealed').objectStore('sealed').getAll();
        request.onsuccess = () => done(request.result);
      });
      db.close();
      return records.map((record) => new TextDecoder().decode(record.data));
    });
    assert.ok(sealed.length >= 1);
    assert.ok(sealed.every((text) => !text.includes('LA6570-1') && !text.includes('44250-9')), 'IndexedDB holds no answer in the clear');

    await page.reload();
    await waitFor('the resumed draft', formState, (state) => state === 'drafting');
    for (const linkId of phq9Items.slice(0, 4)) {
      assert.equal(await page.locator(`attune-intake-form #q-${linkId} input[type="radio"]`).nth(2).isChecked(), true, linkId);
    }
  });

  it('queues the submit while offline and sends it once when back online, then shows crisis resources', async () => {
    for (const linkId of phq9Items.slice(4, 8)) await choose(linkId, 1);
    await choose('44260-8', 1);
    await context.setOffline(true);
    await page.locator('attune-intake-form [part="actions"] button', { hasText: 'Submit' }).click();
    await waitFor('the offline notice', formState, (state) => state === 'offline-queued');
    assert.equal(await page.locator('attune-intake-form [part="crisis"] a').first().getAttribute('href'), 'tel:988', 'crisis resources do not wait for the network');

    await context.setOffline(false);
    await waitFor('the submit', formState, (state) => state === 'submitted', { timeoutMs: 15_000 });
    assert.equal(await page.locator('attune-intake-form [part="crisis"] a').first().getAttribute('href'), 'tel:988');
    const submitted = (await page.evaluate(() => (window as unknown as { submitted: QuestionnaireResponse[] }).submitted)) as QuestionnaireResponse[];
    assert.equal(submitted.length, 1);
    assert.equal(submitted[0]!.status, 'completed');

    const records = createFhirRecords({ baseUrl: `${listening.url}/fhir`, getToken: () => clinicianToken });
    const stored = await records.search<QuestionnaireResponse>('QuestionnaireResponse', { subject: 'Patient/demo-patient-2' });
    assert.deepEqual(stored.map((response) => response.identifier?.value), [submitted[0]!.identifier!.value]);
    const scores = await records.search('Observation', { subject: 'Patient/demo-patient-2' });
    assert.equal(scores.length, 1);
    assert.equal(scores[0]!['valueInteger'], 4 * 2 + 4 * 1 + 1);
    assert.deepEqual(scores[0]!['derivedFrom'], [{ reference: `QuestionnaireResponse/${stored[0]!.id}` }]);
  });
});
