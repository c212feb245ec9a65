// Chromium for e2e flows: the system browser (never a downloaded one), fake camera and microphone.
import { after } from 'node:test';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumArgs, ensureChromium } from '../../scripts/services/chromium.mjs';

const launched = new Set<Browser>();

// A test file's setup that fails after its browser started never hands the browser to its own `after`,
// and an open browser keeps the file's process alive: close whatever is still open when the file ends.
// (Only under the test runner: the benchmarks launch browsers through here too.)
if (process.env['NODE_TEST_CONTEXT']) {
  after(async () => {
    await Promise.all([...launched].map((browser) => browser.close().catch(() => undefined)));
  });
}

/** `fakeCameras`: how many cameras Chromium's fake capture lists (one unless told; a device switch needs two). */
export async function launchBrowser({ fakeCameras = 1 }: { fakeCameras?: number } = {}): Promise<Browser> {
  const executablePath = await ensureChromium();
  const args = fakeCameras === 1 ? chromiumArgs : chromiumArgs.map((arg) => (arg === '--use-fake-device-for-media-stream' ? `${arg}=device-count=${fakeCameras}` : arg));
  const browser = await chromium.launch({ executablePath, args });
  launched.add(browser);
  browser.on('disconnected', () => launched.delete(browser));
  return browser;
}

/** A fresh profile (its own cookies and storage) that may use the fake camera and microphone. */
export function newMediaContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera', 'microphone'] });
}
