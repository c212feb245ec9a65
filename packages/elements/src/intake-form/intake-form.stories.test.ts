import { expect, fixture, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import * as stories from '../../../../stories/intake-form.stories.js';

// Every story of the intake form reaches the machine state it is named after and is axe-clean there.
const expected: Record<string, string> = {
  Loading: 'loading',
  LoadFailed: 'load-failed',
  Empty: 'empty',
  EveryItemType: 'empty',
  Drafting: 'drafting',
  Invalid: 'invalid',
  Submitting: 'submitting',
  SubmitFailed: 'submit-failed',
  OfflineQueued: 'offline-queued',
  OfflineQueuedWithRiskFlag: 'offline-queued',
  Submitted: 'submitted',
  SubmittedWithRiskFlag: 'submitted',
  UnsupportedFeatureNotice: 'unsupported',
  MalformedQuestionnaire: 'malformed',
  WrongJson: 'malformed',
};

describe('intake form stories', () => {
  it('has a story for every state the view model names', () => {
    const states = new Set(Object.values(expected));
    for (const state of ['loading', 'load-failed', 'malformed', 'unsupported', 'empty', 'drafting', 'invalid', 'submitting', 'submit-failed', 'offline-queued', 'submitted']) {
      expect(states.has(state), state).to.equal(true);
    }
  });

  for (const [name, state] of Object.entries(expected)) {
    it(`${name} shows the ${state} state, accessibly`, async () => {
      const story = (stories as unknown as Record<string, { render: () => TemplateResult }>)[name]!;
      const element = await fixture(story.render());
      const base = () => element.shadowRoot!.querySelector('[part="base"]');
      await waitUntil(() => base()?.getAttribute('data-state') === state, `${name} did not reach ${state}`, { timeout: 5000 });
      await expect(element).to.be.accessible();
    });
  }

  it('SubmittedWithRiskFlag and OfflineQueuedWithRiskFlag show crisis resources; Submitted does not', async () => {
    for (const story of [stories.SubmittedWithRiskFlag, stories.OfflineQueuedWithRiskFlag]) {
      const flagged = await fixture((story as { render: () => TemplateResult }).render());
      await waitUntil(() => flagged.shadowRoot!.querySelector('[part="crisis"]'));
    }
    const calm = await fixture((stories.Submitted as { render: () => TemplateResult }).render());
    await waitUntil(() => calm.shadowRoot!.querySelector('[part="base"]')?.getAttribute('data-state') === 'submitted');
    expect(calm.shadowRoot!.querySelector('[part="crisis"]')).to.equal(null);
  });
});
