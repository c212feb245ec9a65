import { AttuneError, queueIntake, type ClinicianStatus, type QueueEntry, type VisitApi } from '@attune/core';
import { createMemoryVault } from '@attune/core/vault/memory-vault.js';
import { harnessDelays } from '@attune/core/visit/visit-harness.js';
import { visitInScene, type VisitScene } from '@attune/core/visit/visit-scenes.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../queue/define.js';
import { getAttuneLocale, setAttuneLocale } from '../localization.js';
import type { AttuneQueue } from '../queue/queue.element.js';
import './define.js';
import type { AttuneWaitingRoom } from './waiting-room.element.js';

const shadow = (el: AttuneWaitingRoom) => el.shadowRoot!;
const view = (el: AttuneWaitingRoom) => shadow(el).querySelector('[part="base"]')?.getAttribute('data-state');
const heading = (el: AttuneWaitingRoom) => shadow(el).querySelector('[part="heading"]')?.textContent?.trim();
const button = (el: AttuneWaitingRoom, action: string) => shadow(el).querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
const clinicianStatus = (el: AttuneWaitingRoom) => shadow(el).querySelector('[part="clinician-status"]')?.textContent?.replace(/\s+/g, ' ').trim();

async function showScene(scene: VisitScene) {
  const harness = await visitInScene(scene);
  const el = await fixture<AttuneWaitingRoom>(html`<attune-waiting-room .actor=${harness.actor}><p slot="practice">Try the breathing exercise.</p></attune-waiting-room>`);
  return { harness, el };
}

const views: Array<[VisitScene, string, string]> = [
  ['ready', 'ready', 'Your visit is ready'],
  ['knocking', 'knocking', 'Letting your clinician know you are here…'],
  ['waiting', 'waiting', 'Waiting for your clinician'],
  ['inCall', 'admitted', 'Your clinician is ready for you'],
  ['denied', 'denied', 'Your clinician cannot see you now'],
  ['rescheduled', 'denied', 'Your visit has been rescheduled'],
  ['endedWhileWaiting', 'ended', 'This visit has ended'],
  ['leftWhileWaiting', 'left', 'You left the waiting room'],
  ['loggedOff', 'loggedOff', 'You were signed out'],
  ['failed', 'failed', 'We could not reach your visit'],
  ['disconnected', 'disconnected', 'Your connection was lost'],
];

describe('<attune-waiting-room>', () => {
  it('explains a failure in the patient’s words, not the developer’s message', async () => {
    const { el } = await showScene('failed');
    const alert = shadow(el).querySelector('[role="alert"]')!.textContent!.trim();
    expect(alert).to.equal('You seem to be offline. Check your internet connection, then try again.');
  });

  for (const [scene, expectedView, expectedHeading] of views) {
    it(`renders "${scene}" as ${expectedView} and is accessible`, async () => {
      const { el } = await showScene(scene);
      expect(view(el)).to.equal(expectedView);
      expect(heading(el)).to.equal(expectedHeading);
      await expect(el).to.be.accessible();
    });
  }

  it('tells the waiting patient the time waited, their place, the clinician’s status and messages in a live log', async () => {
    const { el } = await showScene('waitingWithMessages');
    const details = shadow(el).querySelector('[part="wait-details"]')!.textContent!;
    expect(details).to.contain('You have waited 7 minutes.');
    expect(details).to.contain('You are number 2 in line.');
    expect(clinicianStatus(el), 'the clinician’s own words, as written').to.equal('Your clinician: Running about 10 minutes late');
    // A screen reader hears a new place in line or a new status without looking; not the minute-by-minute time waited.
    const list = shadow(el).querySelector('[part="wait-details"]')!;
    expect(list.getAttribute('aria-live')).to.equal('polite');
    expect(list.querySelector('li')!.textContent).to.contain('You have waited');
    expect(list.querySelector('li')!.getAttribute('aria-live')).to.equal('off');
    const log = shadow(el).querySelector('[part="hold-messages"]')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('polite');
    expect(log.textContent).to.contain('Thank you for waiting. I will be with you shortly.');
    const slot = shadow(el).querySelector<HTMLSlotElement>('slot[name="practice"]')!;
    expect(slot.assignedElements()[0]?.textContent).to.equal('Try the breathing exercise.');
    await expect(el).to.be.accessible();
  });

  it('adds a new hold message to the log as it arrives', async () => {
    const { el, harness } = await showScene('waiting');
    harness.room.receiveFromServer({ type: 'hold-message', message: 'Five more minutes, sorry.' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="hold-messages"]')!.textContent).to.contain('Five more minutes, sorry.');
  });

  it('says it is reconnecting while the wait goes on', async () => {
    const { el } = await showScene('reconnectingWhileWaiting');
    expect(view(el)).to.equal('waiting');
    const banner = shadow(el).querySelector('[part="banner"]')!;
    expect(banner.textContent).to.contain('Reconnecting');
    expect(getComputedStyle(banner).display).not.to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('draws no banner while the link is fine (its status region stays, empty)', async () => {
    const { el } = await showScene('waiting');
    const banner = shadow(el).querySelector('[part="banner"]')!;
    expect(banner.getAttribute('role')).to.equal('status');
    expect(getComputedStyle(banner).display, 'an empty warning box').to.equal('none');
  });

  it('asks "are you still there?" and keeps the wait open when answered', async () => {
    const { el, harness } = await showScene('inactivityWarningWhileWaiting');
    expect(shadow(el).querySelector('[part="inactivity-warning"]')?.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    button(el, 'still-here')!.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="inactivity-warning"]')).to.equal(null);
    expect(harness.actor.getSnapshot().matches({ session: { connected: { presence: 'active' } } })).to.equal(true);
  });

  it('knocks from the keyboard and fires attune-knocked', async () => {
    const { el } = await showScene('ready');
    button(el, 'knock')!.focus();
    const knocked = oneEvent(el, 'attune-knocked');
    await sendKeys({ press: 'Enter' });
    const { detail } = await knocked;
    expect(detail.appointmentId).to.equal('appt-1');
    await el.updateComplete;
    expect(view(el)).to.equal('knocking');
    expect(shadow(el).activeElement?.getAttribute('part')).to.equal('heading');
  });

  it('fires attune-admitted when the server lets the patient in', async () => {
    const { el, harness } = await showScene('waiting');
    const admitted = oneEvent(el, 'attune-admitted');
    harness.room.grant({ canPublish: true, canSubscribe: true });
    const { detail } = await admitted;
    expect(detail.appointmentId).to.equal('appt-1');
  });

  it('lets the patient leave while waiting, fires attune-left and disconnects', async () => {
    const { el, harness } = await showScene('waiting');
    const left = oneEvent(el, 'attune-left');
    button(el, 'leave')!.click();
    await left;
    await harness.settle();
    expect(harness.room.connected).to.equal(false);
  });

  it('fires attune-denied with the reason', async () => {
    const { el, harness } = await showScene('waiting');
    const denied = oneEvent(el, 'attune-denied');
    harness.room.receiveFromServer({ type: 'denied', reason: 'rescheduled' });
    const { detail } = await denied;
    expect(detail.reason).to.equal('rescheduled');
  });

  it('shows hold messages as text, never as markup', async () => {
    const { el, harness } = await showScene('waiting');
    harness.room.receiveFromServer({ type: 'hold-message', message: '<img src=x onerror="window.__xss=1">' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="hold-message"] img')).to.equal(null);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('on its own, an inactivity log-off wipes the vault before telling the host, and says unsent answers went with it', async () => {
    const vault = createMemoryVault();
    await queueIntake(vault, { resourceType: 'QuestionnaireResponse', status: 'completed', identifier: { system: 'urn:attune:intake', value: 'unsent-1' } } as Parameters<typeof queueIntake>[1]);
    const harness = await visitInScene('inactivityWarningWhileWaiting');
    const el = await fixture<AttuneWaitingRoom>(html`<attune-waiting-room .actor=${harness.actor} .vault=${vault}></attune-waiting-room>`);
    const heard: number[] = [];
    el.addEventListener('attune-logged-off', () => heard.push(vault.wipes));
    harness.clock.fire(harnessDelays.inactivityGraceMs);
    await waitUntil(() => heard.length > 0, 'attune-logged-off never fired');
    await el.updateComplete;
    expect(view(el)).to.equal('loggedOff');
    // The host heard it once, and only after the wipe: a host that navigates away at once cannot cut it short.
    expect(heard).to.deep.equal([1]);
    expect(shadow(el).querySelector('[part~="log-off-notice"]')!.textContent).to.contain('Answers that had not been sent yet were removed');
    await expect(el).to.be.accessible();
  });

  describe('the clinician’s running late, in the patient’s language', () => {
    /** A clinician's queue backend that keeps the status the queue sets, as the reference server does. */
    class StatusKeepingApi implements VisitApi {
      status: ClinicianStatus | null = null;
      async queue(): Promise<QueueEntry[]> {
        return [];
      }
      async clinicianStatus() {
        return this.status;
      }
      async setClinicianStatus(status: ClinicianStatus | null) {
        this.status = status;
      }
      async admit() {}
      async deny() {}
      async holdMessage() {}
      async end() {}
      async join(): Promise<never> {
        throw new AttuneError('internal', 'not used');
      }
    }

    /** What the server sends each waiting patient for a status (packages/server queue-announcements.ts). */
    const queueStatusMessage = (status: ClinicianStatus | null) => ({
      type: 'queue-status',
      position: 1,
      waitingCount: 1,
      clinicianStatus: status?.message ?? null,
      clinicianLateMinutes: status?.lateMinutes ?? null,
    });

    async function switchTo(locale: string, ...elements: Array<{ updateComplete: Promise<boolean> }>) {
      await setAttuneLocale(locale);
      document.documentElement.lang = getAttuneLocale();
      await Promise.all(elements.map((el) => el.updateComplete));
    }

    afterEach(() => switchTo('en'));

    it('words a running late itself and is accessible', async () => {
      const { el } = await showScene('waitingClinicianRunningLate');
      expect(clinicianStatus(el)).to.equal('Your clinician is running 10 minutes late');
      expect(shadow(el).querySelector('[part="wait-details"]')!.textContent).to.contain('You are number 3 in line.');
      await expect(el).to.be.accessible();
    });

    it('a preset from a clinician’s English queue reads in Spanish to a Spanish-speaking patient; own words stay as written', async () => {
      const api = new StatusKeepingApi();
      const queue = await fixture<AttuneQueue>(html`<attune-queue .api=${api} .desk=${null}></attune-queue>`);
      const presetButton = () => queue.shadowRoot!.querySelector<HTMLButtonElement>('[data-late-minutes="15"]');
      await waitUntil(() => presetButton() && !presetButton()!.disabled, 'the status control never became ready');
      expect(presetButton()!.textContent!.trim()).to.equal('15 min late');
      presetButton()!.click();
      await waitUntil(() => presetButton()!.getAttribute('aria-pressed') === 'true', 'the preset was not saved');
      expect(api.status).to.deep.equal({ lateMinutes: 15 });

      const { el, harness } = await showScene('waiting');
      await switchTo('es', el);
      harness.room.receiveFromServer(queueStatusMessage(api.status));
      await el.updateComplete;
      expect(clinicianStatus(el)).to.equal('Su clínico va con 15 minutos de retraso');
      expect(shadow(el).textContent, 'no English left over').not.to.contain('late');
      await expect(el).to.be.accessible();

      harness.room.receiveFromServer(queueStatusMessage({ message: 'Back from an urgent call' }));
      await el.updateComplete;
      expect(clinicianStatus(el)).to.equal('Su clínico: Back from an urgent call');
      harness.room.receiveFromServer(queueStatusMessage(null));
      await el.updateComplete;
      expect(clinicianStatus(el)).to.equal(undefined);
    });
  });
});
