import { intakeDraftStore, intakeOutboxStore, lazyVault, openVault, queueIntake, type Vault } from '@attune/core';
import { createMemoryVault } from '@attune/core/vault/memory-vault.js';
import { harnessDelays } from '@attune/core/visit/visit-harness.js';
import { visitInScene } from '@attune/core/visit/visit-scenes.js';
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { openDB } from 'idb';
import './define.js';
import type { AttuneVideoCall } from './video-call.element.js';

// The log-off runs against a real IndexedDB vault in real Chromium: the point is what is left on the device.
let counter = 0;
const freshName = () => `attune-log-off-test-${Date.now()}-${counter++}`;

const shadow = (el: AttuneVideoCall) => el.shadowRoot!;
const view = (el: AttuneVideoCall) => shadow(el).querySelector('[part="base"]')?.getAttribute('data-state');
const statusText = (el: AttuneVideoCall) => shadow(el).querySelector('[role="status"]')?.textContent?.trim() ?? '';

const unsentResponse = (id: string) =>
  ({
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    identifier: { system: 'urn:attune:intake', value: id },
    authored: '2026-11-23T10:00:00Z',
    item: [{ linkId: 'feeling', answer: [{ valueString: 'Not sleeping since the move' }] }],
  }) as Parameters<typeof queueIntake>[1];

/** What IndexedDB itself holds, read past the Vault. */
async function stored(name: string) {
  const db = await openDB(name, 1);
  const counts = { keys: await db.count('keys'), sealed: await db.count('sealed') };
  db.close();
  return counts;
}

/** A patient alone in the call who has just been asked "are you still there?". */
async function warnedCall(vault: Vault | undefined) {
  const harness = await visitInScene('inactivityWarningInCall');
  const loggedOff: unknown[] = [];
  const errors: Array<{ code: string; message: string }> = [];
  const el = await fixture<AttuneVideoCall>(
    html`<attune-video-call
      .actor=${harness.actor}
      .vault=${vault}
      @attune-logged-off=${(event: CustomEvent) => loggedOff.push(event.detail)}
      @attune-error=${(event: CustomEvent) => errors.push(event.detail)}
    ></attune-video-call>`,
  );
  expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.contain('Are you still there?');
  return { harness, el, loggedOff, errors };
}

describe('<attune-video-call> inactivity log-off', () => {
  it('wipes the sealed drafts, the outbox and their key, then fires attune-logged-off once', async () => {
    const name = freshName();
    // The intake form's own handle on the vault, as it would be on the same page.
    const intakeVault = await openVault({ name });
    await intakeVault.put(intakeDraftStore, 'phq-9', { answers: { 'phq9-1': 2 }, pageIndex: 1 });
    await queueIntake(intakeVault, unsentResponse('response-1'));
    expect(await stored(name)).to.deep.equal({ keys: 1, sealed: 2 });

    const { harness, el, loggedOff, errors } = await warnedCall(lazyVault({ name }));
    harness.clock.fire(harnessDelays.inactivityGraceMs);
    await waitUntil(() => loggedOff.length > 0, 'attune-logged-off never fired');
    await el.updateComplete;

    expect(view(el)).to.equal('loggedOff');
    expect(await intakeVault.get(intakeDraftStore, 'phq-9')).to.equal(undefined);
    expect(await intakeVault.list(intakeOutboxStore)).to.deep.equal([]);
    // Reading after the wipe made no new key: nothing at all is left in the database.
    expect(await stored(name)).to.deep.equal({ keys: 0, sealed: 0 });
    expect(statusText(el)).to.contain('Answers that had not been sent yet were removed');
    await expect(el).to.be.accessible();

    await aTimeout(50);
    expect(loggedOff).to.deep.equal([{ reason: 'inactivity' }]);
    expect(errors).to.deep.equal([]);
  });

  it('keeps no wiped key alive in another handle: what the intake form seals afterwards opens under a new key', async () => {
    const name = freshName();
    const intakeVault = await openVault({ name });
    await intakeVault.put(intakeDraftStore, 'phq-9', { answers: { 'phq9-1': 2 } });

    const { harness, loggedOff } = await warnedCall(lazyVault({ name }));
    harness.clock.fire(harnessDelays.inactivityGraceMs);
    await waitUntil(() => loggedOff.length > 0, 'attune-logged-off never fired');
    expect(await stored(name)).to.deep.equal({ keys: 0, sealed: 0 });

    await intakeVault.put(intakeDraftStore, 'phq-9', { answers: { 'phq9-1': 0 } });
    // A fresh page (a fresh handle) can open it: it was sealed under the key now stored, not the wiped one.
    const afterReload = await openVault({ name });
    expect(await afterReload.get(intakeDraftStore, 'phq-9')).to.deep.equal({ answers: { 'phq9-1': 0 } });
    expect(await stored(name)).to.deep.equal({ keys: 1, sealed: 1 });
  });

  it('says nothing of removed answers when none were waiting to be sent', async () => {
    const vault = createMemoryVault();
    await vault.put(intakeDraftStore, 'phq-9', { answers: {} });
    const { harness, el, loggedOff } = await warnedCall(vault);
    harness.clock.fire(harnessDelays.inactivityGraceMs);
    await waitUntil(() => loggedOff.length > 0, 'attune-logged-off never fired');
    await el.updateComplete;
    expect(vault.wipes).to.equal(1);
    expect(view(el)).to.equal('loggedOff');
    expect(statusText(el)).to.equal('');
  });

  it('still logs off when the wipe fails, and reports vault/wipe-failed without the browser’s words', async () => {
    const vault = createMemoryVault();
    await queueIntake(vault, unsentResponse('response-1'));
    vault.failWipe = new Error('UnknownError: could not clear answers for Jane Example');
    const { harness, el, loggedOff, errors } = await warnedCall(vault);
    harness.clock.fire(harnessDelays.inactivityGraceMs);
    await waitUntil(() => loggedOff.length > 0, 'attune-logged-off never fired');
    await el.updateComplete;

    expect(view(el)).to.equal('loggedOff');
    expect(shadow(el).textContent).to.contain('You were signed out');
    expect(errors.map((error) => error.code)).to.deep.equal(['vault/wipe-failed']);
    expect(errors[0]!.message).not.to.match(/Jane|UnknownError|clear answers/);
    // The answers were not removed, so the screen does not claim they were.
    expect(statusText(el)).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('wipes once for a visit that was already logged off when the call was shown', async () => {
    const vault = createMemoryVault();
    const harness = await visitInScene('loggedOff');
    const loggedOff: unknown[] = [];
    const el = await fixture<AttuneVideoCall>(
      html`<attune-video-call .actor=${harness.actor} .vault=${vault} @attune-logged-off=${(event: CustomEvent) => loggedOff.push(event.detail)}></attune-video-call>`,
    );
    await waitUntil(() => loggedOff.length > 0, 'attune-logged-off never fired');
    el.requestUpdate();
    await el.updateComplete;
    await aTimeout(20);
    expect(vault.wipes).to.equal(1);
    expect(loggedOff.length).to.equal(1);
  });
});
