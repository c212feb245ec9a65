// Chromium for e2e flows: the system browser (never a downloaded one), fake camera and microphone.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumArgs, ensureChromium } from '../../scripts/services/chromium.mjs';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await ensureChromium();
  return chromium.launch({ executablePath, args: chromiumArgs });
}

/** A fresh profile (its own cookies and storage) that may use the fake camera and microphone. */
export function newMediaContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera', 'microphone'] });
}
