// Chromium for e2e flows: the system browser (never a downloaded one), fake camera and microphone.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumArgs, ensureChromium } from '../../scripts/services/chromium.mjs';

/** `fakeCameras`: how many cameras Chromium's fake capture lists (one unless told; a device switch needs two). */
export async function launchBrowser({ fakeCameras = 1 }: { fakeCameras?: number } = {}): Promise<Browser> {
  const executablePath = await ensureChromium();
  const args = fakeCameras === 1 ? chromiumArgs : chromiumArgs.map((arg) => (arg === '--use-fake-device-for-media-stream' ? `${arg}=device-count=${fakeCameras}` : arg));
  return chromium.launch({ executablePath, args });
}

/** A fresh profile (its own cookies and storage) that may use the fake camera and microphone. */
export function newMediaContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera', 'microphone'] });
}
