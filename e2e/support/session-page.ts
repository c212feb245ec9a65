// Reading `<attune-session>` on a page the test did not write a probe into (a practice's own page,
// the drop-in example): through its shadow roots, the way a person sees it.
import type { Page } from 'playwright-core';

/** '<screen>:<state>' of `<attune-session>` and the screen it shows. */
export function sessionScreenAndView(page: Page): Promise<string> {
  return page.evaluate(() => {
    const session = document.querySelector('attune-session');
    const screen = session?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-screen');
    const shown = session?.shadowRoot?.querySelector('attune-device-check, attune-waiting-room, attune-video-call');
    return `${screen}:${shown?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('data-state')}`;
  });
}
