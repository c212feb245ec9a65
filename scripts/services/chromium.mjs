// Chromium for element tests, e2e flows, the Storybook smoke run and benchmarks: Debian's package,
// never a downloaded browser build.
import { existsSync } from 'node:fs';
import { ensureAptPackages } from './apt.mjs';

/** Flags verified on these machines: headless, fake media, no background traffic. */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export function chromiumPath() {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

/** Installs Chromium from apt when it is missing; returns its path. */
export async function ensureChromium() {
  const path = chromiumPath();
  if (existsSync(path)) return path;
  await ensureAptPackages(['chromium'], 'Chromium runs the element tests, the end-to-end flows and the Storybook smoke run.');
  return path;
}
