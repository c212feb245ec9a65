// `npm start` as a newcomer meets it: the demo clinic comes up, a patient and a clinician hold a
// visit with live video both ways, and Ctrl-C leaves no LiveKit, server or database process behind.
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../scripts/services/processes.mjs';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { waitFor } from './support/wait.js';

const root = resolve(import.meta.dirname, '..');

/** The demo's own processes: anything whose command line names the start script's LiveKit config, server CLI or clinic. */
function demoProcesses(serverPort: number): string[] {
  const table = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => line.includes(`--port ${serverPort}`) || line.includes('scripts/start.mjs'))
    .filter((line) => !line.includes('ps -eo'));
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** True once a remote participant's video (not the self view) is playing frames in the page. */
async function remoteVideoPlaying(page: Page): Promise<boolean> {
  return page
    .locator('figure[part="tile"] video')
    .evaluateAll((videos) =>
      videos.some((video) => {
        const element = video as HTMLVideoElement;
        return element.videoWidth > 0 && element.getVideoPlaybackQuality().totalVideoFrames > 0;
      }),
    )
    .catch(() => false);
}

describe('npm start: the demo clinic', () => {
  let start: ChildProcess;
  let output = '';
  let browser: Browser;
  let serverPort: number;
  let clinicUrl: string;

  before(async () => {
    serverPort = await freePort();
    const clinicPort = await freePort();
    start = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: { ...process.env, ATTUNE_PORT: String(serverPort), ATTUNE_CLINIC_PORT: String(clinicPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout!.on('data', (chunk) => (output += chunk));
    start.stderr!.on('data', (chunk) => (output += chunk));
    await waitFor('npm start to come up', () => /demo clinic is running/.test(output) || start.exitCode !== null, Boolean, { timeoutMs: 240_000 });
    assert.equal(start.exitCode, null, `npm start exited early:\n${output.slice(-2000)}`);
    clinicUrl = `http://127.0.0.1:${clinicPort}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (start && start.exitCode === null) start.kill('SIGKILL');
  });

  it('serves both pages, and a visit between them shows live video in both', async () => {
    const patient = await (await newMediaContext(browser)).newPage();
    const clinician = await (await newMediaContext(browser)).newPage();
    const pageErrors: string[] = [];
    for (const page of [patient, clinician]) page.on('pageerror', (error) => pageErrors.push(error.message));

    await patient.goto(`${clinicUrl}/patient.html`);
    await patient.getByRole('button', { name: 'Continue', exact: true }).click({ timeout: 60_000 });
    await clinician.goto(`${clinicUrl}/clinician.html`);
    await clinician.locator('attune-queue').getByRole('button', { name: /admit/i }).first().click({ timeout: 60_000 });

    await waitFor('the patient to see the clinician’s video', () => remoteVideoPlaying(patient), Boolean, { timeoutMs: 60_000 });
    await waitFor('the clinician to see the patient’s video', () => remoteVideoPlaying(clinician), Boolean, { timeoutMs: 60_000 });
    assert.deepEqual(pageErrors, []);
  });

  it('stops everything it started on Ctrl-C', async () => {
    const livekitPort = output.match(/LiveKit\s+ws:\/\/127\.0\.0\.1:(\d+)/)?.[1];
    assert.ok(livekitPort, 'npm start printed the LiveKit URL');
    assert.ok(await answers(`http://127.0.0.1:${livekitPort}/`), 'LiveKit is up before Ctrl-C');
    assert.ok(await answers(`http://127.0.0.1:${serverPort}/health`), 'the reference server is up before Ctrl-C');
    start.kill('SIGINT');
    await waitFor('npm start to exit', () => start.exitCode !== null || start.signalCode !== null, Boolean, { timeoutMs: 20_000 });
    await waitFor('no demo process left', () => demoProcesses(serverPort), (left) => left.length === 0, { timeoutMs: 10_000 });
    assert.equal(await answers(`http://127.0.0.1:${livekitPort}/`), false, 'LiveKit stopped');
    assert.equal(await answers(`http://127.0.0.1:${serverPort}/health`), false, 'the reference server stopped');
  });
});
