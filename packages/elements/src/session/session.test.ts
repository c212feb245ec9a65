import { createVisitHarness } from '@attune/core/visit/visit-harness.js';
import { createFakeVisitApi } from '@attune/core/visit/fake-visit-api.js';
import { createFakeMediaRoom, type FakeMediaRoom } from '@attune/core/media/fake-media-room.js';
import { AttuneError, intakeDraftStore, intakeOutboxStore, lazyVault, queueIntake } from '@attune/core';
import { createMemoryVault } from '@attune/core/vault/memory-vault.js';
import { harnessDelays } from '@attune/core/visit/visit-harness.js';
import { visitInScene } from '@attune/core/visit/visit-scenes.js';
import { openDB } from 'idb';
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import './define.js';
import type { AttuneSession } from './session.element.js';

const screen = (el: AttuneSession) => el.shadowRoot!.querySelector('[part="base"]')?.getAttribute('data-screen');
const child = <T extends Element>(el: AttuneSession, tag: string) => el.shadowRoot!.querySelector(tag) as T | null;

/** Where focus really is, through shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<attune-session>', () => {
  it('shows the device check first for a patient (H4’s element)', async () => {
    const el = await fixture<AttuneSession>(html`<attune-session appointment-id="appt-1" .api=${createFakeVisitApi()}></attune-session>`);
    expect(screen(el)).to.equal('device-check');
    expect(child(el, 'attune-device-check')).to.exist;
  });

  it('knocks as soon as the device check completes, with its choices', async () => {
    const rooms: FakeMediaRoom[] = [];
    const createMediaRoom = () => {
      const room = createFakeMediaRoom();
      rooms.push(room);
      return room;
    };
    const el = await fixture<AttuneSession>(
      html`<attune-session appointment-id="appt-1" .api=${createFakeVisitApi()} .createMediaRoom=${createMediaRoom}></attune-session>`,
    );
    child(el, 'attune-device-check')!.dispatchEvent(
      new CustomEvent('attune-device-check-completed', { detail: { result: 'audio-only', audioInputId: 'mic-2' }, bubbles: true, composed: true }),
    );
    await waitUntil(() => el.visit?.getSnapshot().matches({ session: { connected: { stage: 'waiting' } } }), 'never reached the waiting room');
    await el.updateComplete;
    expect(screen(el)).to.equal('waiting-room');
    expect(el.visit!.getSnapshot().context.localMedia).to.deep.equal({ audio: true, video: false, audioInputId: 'mic-2' });
    rooms[0]!.grant({ canPublish: true });
    await waitUntil(() => rooms[0]!.published.length === 1);
    expect(rooms[0]!.published[0]).to.deep.equal({ audio: true, video: false, audioInputId: 'mic-2' });
  });

  it('posts the device check result for the clinician’s queue, and knocks even when that fails', async () => {
    const posted: string[] = [];
    const reporting = { ...createFakeVisitApi(), deviceCheck: async (appointmentId: string, result: string) => void posted.push(`${appointmentId} ${result}`) };
    const el = await fixture<AttuneSession>(
      html`<attune-session appointment-id="appt-1" .api=${reporting} .createMediaRoom=${() => createFakeMediaRoom()}></attune-session>`,
    );
    child(el, 'attune-device-check')!.dispatchEvent(
      new CustomEvent('attune-device-check-completed', { detail: { result: 'audio-only' }, bubbles: true, composed: true }),
    );
    await waitUntil(() => posted.length === 1, 'the result was never posted');
    expect(posted).to.deep.equal(['appt-1 audio-only']);

    const failing = {
      ...createFakeVisitApi(),
      deviceCheck: async () => {
        throw new AttuneError('service/unavailable', 'The visit service is down.');
      },
    };
    const errors: Event[] = [];
    const second = await fixture<AttuneSession>(
      html`<attune-session appointment-id="appt-2" .api=${failing} .createMediaRoom=${() => createFakeMediaRoom()} @attune-error=${(event: Event) => errors.push(event)}></attune-session>`,
    );
    child(second, 'attune-device-check')!.dispatchEvent(
      new CustomEvent('attune-device-check-completed', { detail: { result: 'passed' }, bubbles: true, composed: true }),
    );
    await waitUntil(() => second.visit?.getSnapshot().matches({ session: { connected: { stage: 'waiting' } } }), 'a failed report held up the knock');
    await second.updateComplete;
    expect(screen(second)).to.equal('waiting-room');
    expect(errors).to.deep.equal([]);
  });

  it('shares one visit between waiting room and call, and moves focus to the call when admitted', async () => {
    const harness = createVisitHarness({ role: 'patient', automatic: true });
    const el = await fixture<AttuneSession>(html`<attune-session skip-device-check .actor=${harness.actor}></attune-session>`);
    expect(screen(el)).to.equal('waiting-room');
    expect(child<HTMLElement & { actor: unknown }>(el, 'attune-waiting-room')!.actor).to.equal(harness.actor);
    harness.actor.send({ type: 'JOIN' });
    await harness.settle();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const admissions: Event[] = [];
    el.addEventListener('attune-admitted', (event) => admissions.push(event));
    harness.room.grant({ canPublish: true, canSubscribe: true });
    await harness.settle();
    await el.updateComplete;
    expect(screen(el)).to.equal('call');
    await aTimeout(10);
    expect(admissions.length, 'attune-admitted once').to.equal(1);
    const call = child<HTMLElement & { actor: unknown }>(el, 'attune-video-call')!;
    expect(call.actor).to.equal(harness.actor);
    await waitUntil(() => deepActiveElement()?.getAttribute('part') === 'heading', 'focus did not move to the call');
    expect(deepActiveElement()?.textContent?.trim()).to.equal('Video visit');
    // The toggles turn "pressed" once the patient's media is published; let their colour transition end before axe reads contrast.
    await aTimeout(300);
    await expect(el).to.be.accessible();
  });

  it('never drops the call when moved in the DOM, and leaves the visit when removed for good', async () => {
    const room = createFakeMediaRoom({ permissions: { canPublish: true, canSubscribe: true } });
    const el = await fixture<AttuneSession>(
      html`<attune-session appointment-id="appt-1" visit-role="clinician" .api=${createFakeVisitApi('clinician')} .createMediaRoom=${() => room}></attune-session>`,
    );
    const callButton = () => child<HTMLElement>(el, 'attune-video-call')!.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="join"]');
    await waitUntil(() => callButton());
    callButton()!.click();
    await waitUntil(() => el.visit!.getSnapshot().matches({ session: { connected: { stage: 'inCall' } } }), 'never in the call');
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await aTimeout(20);
    expect(room.connected).to.equal(true);
    expect(el.visit!.getSnapshot().matches({ session: { connected: { stage: 'inCall' } } })).to.equal(true);
    expect(screen(el)).to.equal('call');
    elsewhere.remove();
    await waitUntil(() => !room.connected, 'removing the session did not leave the visit');
    expect(el.visit!.getSnapshot().value).to.equal('left');
  });

  it('builds the HTTP visit API from server-url and getHostToken', async () => {
    const requests: string[] = [];
    const originalFetch = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(`${init?.method} ${String(input)} ${(init?.headers as Record<string, string>)['authorization']}`);
      return new Response(JSON.stringify({ code: 'auth/forbidden', message: 'Not your visit.' }), { status: 403, headers: { 'content-type': 'application/json' } });
    };
    try {
      const el = await fixture<AttuneSession>(
        html`<attune-session skip-device-check appointment-id="appt-9" server-url="http://127.0.0.1:9/api" .getHostToken=${() => 'host-token'}></attune-session>`,
      );
      const waitingRoom = child<HTMLElement>(el, 'attune-waiting-room')!;
      waitingRoom.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="knock"]')!.click();
      await waitUntil(() => el.visit!.getSnapshot().matches('failed'));
      expect(requests).to.deep.equal(['POST http://127.0.0.1:9/api/visits/appt-9/join Bearer host-token']);
      expect(el.visit!.getSnapshot().context.error?.code).to.equal('auth/forbidden');
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('says clearly when it is not configured, and fires attune-error', async () => {
    const el = document.createElement('attune-session');
    el.skipDeviceCheck = true;
    const error = oneEvent(el, 'attune-error');
    document.body.append(el);
    const { detail } = await error;
    expect(detail.code).to.equal('config/invalid');
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.exist;
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('hands the device check a probe of the practice’s LiveKit when the API gives connection tests, and none otherwise', async () => {
    const asked: string[] = [];
    const probing = {
      ...createFakeVisitApi(),
      connectionTest: async (appointmentId: string) => {
        asked.push(appointmentId);
        throw new AttuneError('network/offline', 'The visit service cannot be reached.');
      },
    };
    const el = await fixture<AttuneSession>(html`<attune-session appointment-id="appt-1" .api=${probing}></attune-session>`);
    const probe = child<HTMLElement & { probe?: (signal: AbortSignal) => Promise<unknown> }>(el, 'attune-device-check')!.probe;
    expect(probe).to.be.a('function');
    let failed: unknown;
    await probe!(new AbortController().signal).catch((error: unknown) => (failed = error));
    expect(asked).to.deep.equal(['appt-1']);
    expect((failed as AttuneError).code).to.equal('network/offline');

    const plain = await fixture<AttuneSession>(html`<attune-session appointment-id="appt-1" .api=${createFakeVisitApi()}></attune-session>`);
    expect(child<HTMLElement & { probe?: unknown }>(plain, 'attune-device-check')!.probe).to.equal(undefined);
  });

  describe('inactivity log-off', () => {
    const unsentResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      identifier: { system: 'urn:attune:intake', value: 'response-1' },
      item: [{ linkId: 'feeling', answer: [{ valueString: 'Not sleeping since the move' }] }],
    } as Parameters<typeof queueIntake>[1];

    /** Every attune-logged-off the host page hears from the session. */
    function loggedOffEvents(el: AttuneSession) {
      const heard: Array<{ detail: unknown; from: EventTarget | undefined }> = [];
      el.addEventListener('attune-logged-off', (event) => heard.push({ detail: event.detail, from: event.composedPath()[0] }));
      return heard;
    }

    it('wipes the database the intake form uses by default, and the host hears attune-logged-off once, from the session', async () => {
      // A page that uses defaults everywhere: the intake form sealed a draft in the default vault.
      await lazyVault().put(intakeDraftStore, 'phq-9', { answers: { 'phq9-1': 2 } });
      const harness = await visitInScene('inactivityWarningInCall');
      const el = await fixture<AttuneSession>(html`<attune-session skip-device-check .actor=${harness.actor}></attune-session>`);
      const heard = loggedOffEvents(el);
      expect(screen(el)).to.equal('call');
      harness.clock.fire(harnessDelays.inactivityGraceMs);
      await waitUntil(() => heard.length > 0, 'attune-logged-off never fired');
      await aTimeout(50);

      expect(heard).to.deep.equal([{ detail: { reason: 'inactivity' }, from: el }]);
      expect(await lazyVault().get(intakeDraftStore, 'phq-9')).to.equal(undefined);
      const db = await openDB('attune-vault', 1);
      expect([await db.count('keys'), await db.count('sealed')]).to.deep.equal([0, 0]);
      db.close();
      const call = child<HTMLElement>(el, 'attune-video-call')!;
      expect(call.shadowRoot!.textContent).to.contain('You were signed out');
    });

    it('wipes once for the session and the call inside it, and the call says unsent answers were removed', async () => {
      const vault = createMemoryVault();
      await queueIntake(vault, unsentResponse);
      const harness = await visitInScene('inactivityWarningInCall');
      const el = await fixture<AttuneSession>(html`<attune-session skip-device-check .actor=${harness.actor} .vault=${vault}></attune-session>`);
      const heard = loggedOffEvents(el);
      harness.clock.fire(harnessDelays.inactivityGraceMs);
      await waitUntil(() => heard.length > 0, 'attune-logged-off never fired');
      const call = child<HTMLElement>(el, 'attune-video-call')!;
      await waitUntil(() => call.shadowRoot!.querySelector('[role="status"]')?.textContent?.includes('removed from this device'), 'the call never said so');
      await aTimeout(50);
      expect(vault.wipes).to.equal(1);
      expect(heard.length).to.equal(1);
      await expect(el).to.be.accessible();
    });

    it('logged off in the waiting room: wipes, says unsent answers were removed, and fires attune-logged-off once', async () => {
      const vault = createMemoryVault();
      await queueIntake(vault, unsentResponse);
      const harness = await visitInScene('inactivityWarningWhileWaiting');
      const el = await fixture<AttuneSession>(html`<attune-session skip-device-check .actor=${harness.actor} .vault=${vault}></attune-session>`);
      const heard = loggedOffEvents(el);
      expect(screen(el)).to.equal('waiting-room');
      harness.clock.fire(harnessDelays.inactivityGraceMs);
      await waitUntil(() => heard.length > 0, 'attune-logged-off never fired');
      await el.updateComplete;
      await aTimeout(50);

      expect(screen(el)).to.equal('waiting-room');
      expect(vault.wipes).to.equal(1);
      expect(await vault.list(intakeOutboxStore)).to.deep.equal([]);
      expect(heard).to.deep.equal([{ detail: { reason: 'inactivity' }, from: el }]);
      const waitingRoom = el.shadowRoot!.querySelector('attune-waiting-room')!;
      expect(waitingRoom.shadowRoot!.querySelector('[part~="log-off-notice"]')!.textContent).to.contain('Answers that had not been sent yet were removed');
      await expect(el).to.be.accessible();
    });
  });
});
