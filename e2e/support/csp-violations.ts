// Everything a strict CSP refused on a page: `securitypolicyviolation` events (from any shadow root:
// the event is composed) and the console's CSP and Trusted Types errors, from the page and its workers.
import type { ConsoleMessage, Page } from 'playwright-core';

const cspMessage = /Content[- ]Security[- ]Policy|Trusted ?Type/i;

/** Starts watching `page` (call before it navigates); the returned function lists what was refused so far. */
export async function watchCspViolations(page: Page): Promise<() => string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (violation: string) => violations.push(violation));
  // An init script runs through DevTools, so the CSP under test does not stop it.
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = (window as unknown as { reportCspViolation(violation: string): void }).reportCspViolation;
        report(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} (${event.sample})`);
      },
      true,
    );
  });
  const fromConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error' && cspMessage.test(message.text())) violations.push(`console: ${message.text()}`);
  };
  page.on('console', fromConsole);
  page.on('worker', (worker) => worker.on('console', fromConsole));
  page.on('pageerror', (error) => {
    if (cspMessage.test(error.message)) violations.push(`page error: ${error.message}`);
  });
  return () => [...violations];
}
