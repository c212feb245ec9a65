import { AttuneError, cssrsFlagLabels, type ClinicianStatus, type DeskConnector, type DeskHandlers, type QueueEntry, type VisitApi } from '@attune/core';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './define.js';
import type { AttuneQueue } from './queue.element.js';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

function entry(identity: string, label: string, waitedMinutes: number, options: Partial<QueueEntry> = {}): QueueEntry {
  return {
    appointmentId: `appt-${identity}`,
    identity,
    label,
    arrivedAt: minutesAgo(waitedMinutes),
    state: 'waiting',
    deviceCheck: 'passed',
    intake: 'completed',
    riskFlags: [],
    ...options,
  };
}

const riskFlag = { code: 'phq9-item9', label: 'PHQ-9 item 9', raisedAt: minutesAgo(30) };

/** A visit API with a scripted queue that records every call. */
class FakeVisitApi implements VisitApi {
  calls: string[] = [];
  failures: Error[] = [];
  hang = false;
  constructor(public current: QueueEntry[]) {}
  async queue() {
    this.calls.push('queue');
    if (this.hang) return new Promise<QueueEntry[]>(() => {});
    const failure = this.failures.shift();
    if (failure) throw failure;
    return this.current;
  }
  async admit(appointmentId: string, identity: string) {
    this.calls.push(`admit ${appointmentId} ${identity}`);
    this.current = this.current.filter((e) => e.identity !== identity);
  }
  async deny(appointmentId: string, identity: string) {
    this.calls.push(`deny ${appointmentId} ${identity}`);
    this.current = this.current.filter((e) => e.identity !== identity);
  }
  async holdMessage(appointmentId: string, identity: string, message: string) {
    this.calls.push(`hold ${appointmentId} ${identity} ${message}`);
  }
  async joinDesk() {
    return { livekitUrl: 'ws://127.0.0.1:1', token: 'desk', room: 'desk-1', identity: 'desk-1', expiresAt: 0 };
  }
  async join(): Promise<never> {
    throw new AttuneError('internal', 'not used');
  }
  async end() {}
}

/** Also keeps the clinician's status; a write can be held open or made to fail. */
class StatusVisitApi extends FakeVisitApi {
  status: ClinicianStatus | null = null;
  writes: Array<ClinicianStatus | null> = [];
  failNextWrite = false;
  heldWrite: (() => void) | undefined;
  holdWrites = false;
  async clinicianStatus() {
    return this.status;
  }
  async setClinicianStatus(status: ClinicianStatus | null) {
    this.writes.push(status);
    if (this.holdWrites) await new Promise<void>((resolve) => (this.heldWrite = resolve));
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new AttuneError('service/unavailable', 'down');
    }
    this.status = status;
  }
}

/** Stands in for the desk room so a test can announce a knock. */
function fakeDesk() {
  const desk: { handlers?: DeskHandlers; connector: DeskConnector } = {
    connector: async (_join, handlers) => {
      desk.handlers = handlers;
      return { close: () => {} };
    },
  };
  return desk;
}

const shadow = (el: AttuneQueue) => el.shadowRoot!;
const state = (el: AttuneQueue) => shadow(el).querySelector('[part="base"]')?.getAttribute('data-state');
const labels = (el: AttuneQueue) => [...shadow(el).querySelectorAll('[part="label"]')].map((node) => node.textContent?.trim());
const buttonNamed = (el: AttuneQueue, name: string) =>
  [...shadow(el).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);

async function showQueue(api: FakeVisitApi, desk: DeskConnector | null = null) {
  const el = await fixture<AttuneQueue>(html`<attune-queue .api=${api} .desk=${desk}></attune-queue>`);
  await waitUntil(() => state(el) === 'live', 'the queue never went live');
  return el;
}

describe('<attune-queue>', () => {
  it("names a C-SSRS flag's risk level, which rides in the flag's label", async () => {
    const flag = (level: 'low' | 'high') => ({ code: 'cssrs-positive', label: cssrsFlagLabels[level], raisedAt: minutesAgo(5) });
    const api = new FakeVisitApi([
      entry('a', 'Alex Doe', 12, { riskFlags: [flag('high')] }),
      entry('b', 'Blair Roe', 3, { riskFlags: [flag('low')] }),
      entry('c', 'Casey Poe', 20, { riskFlags: [{ code: 'cssrs-positive', label: 'from another system', raisedAt: minutesAgo(5) }] }),
    ]);
    const el = await showQueue(api);
    const flagText = (name: string) =>
      [...shadow(el).querySelectorAll('[part="entry"]')].find((item) => item.textContent!.includes(name))!.querySelector('[part="risk-flag"]')!.textContent!;
    expect(flagText('Alex Doe')).to.contain('C-SSRS: positive screen, high risk');
    expect(flagText('Blair Roe')).to.contain('C-SSRS: positive screen, low risk');
    // A label Attune did not write gives no level: the plain name, nothing guessed.
    expect(flagText('Casey Poe').trim()).to.match(/C-SSRS: positive screen$/);
  });

  it('lists waiting patients in a list, anyone at risk first, with every detail in text', async () => {
    const api = new FakeVisitApi([
      entry('a', 'Alex Doe', 12),
      entry('b', 'Blair Roe', 3, { riskFlags: [riskFlag], deviceCheck: 'audio-only', intake: 'in-progress' }),
      entry('c', 'Casey Poe', 20, { deviceCheck: 'unknown', intake: 'none' }),
    ]);
    const el = await showQueue(api);
    const list = shadow(el).querySelector('[part="list"]')!;
    expect(list.getAttribute('role')).to.equal('list');
    expect(labels(el)).to.deep.equal(['Blair Roe', 'Casey Poe', 'Alex Doe']);
    const first = shadow(el).querySelector('[part="entry"]')!;
    expect(first.hasAttribute('data-risk')).to.equal(true);
    // Never colour alone: the flag is spelled out.
    expect(first.querySelector('[part="risk-flag"]')!.textContent).to.contain('Risk:');
    expect(first.querySelector('[part="risk-flag"]')!.textContent).to.contain('PHQ-9 item 9');
    expect(first.textContent).to.contain('Audio only');
    expect(first.textContent).to.contain('In progress');
    expect(first.textContent).to.contain('3 min');
    expect(shadow(el).querySelector('[part="summary"]')!.textContent).to.contain('3 waiting, 1 with a risk flag');
    expect(buttonNamed(el, 'Admit Blair Roe')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('admits with the entry’s identity from the keyboard and fires attune-admitted', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 5)]);
    const el = await showQueue(api);
    const admitted = oneEvent(el, 'attune-admitted');
    buttonNamed(el, 'Admit Alex Doe')!.focus();
    await sendKeys({ press: 'Enter' });
    const { detail } = await admitted;
    expect(detail).to.deep.equal({ appointmentId: 'appt-a', identity: 'a' });
    expect(api.calls).to.include('admit appt-a a');
    await waitUntil(() => shadow(el).querySelector('[part="empty"]') !== null, 'the admitted patient stayed in the list');
    await expect(el).to.be.accessible();
  });

  it('sends a hold message from a small form, by keyboard alone, and returns focus', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 5)]);
    const el = await showQueue(api);
    buttonNamed(el, 'Admit Alex Doe')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.getAttribute('aria-label')).to.equal('Send a message to Alex Doe');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const textarea = shadow(el).querySelector('textarea')!;
    expect(shadow(el).activeElement).to.equal(textarea);
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'Running 10 minutes late' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.calls.includes('hold appt-a a Running 10 minutes late'), 'the message was not sent');
    await waitUntil(() => shadow(el).activeElement?.getAttribute('aria-label') === 'Send a message to Alex Doe', 'focus did not come back');
  });

  it('closes the hold form on Escape without sending', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 5)]);
    const el = await showQueue(api);
    buttonNamed(el, 'Send a message to Alex Doe')!.click();
    await el.updateComplete;
    await sendKeys({ type: 'never mind' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(shadow(el).querySelector('textarea')).to.equal(null);
    expect(api.calls.some((call) => call.startsWith('hold'))).to.equal(false);
  });

  it('denies only after confirmation, focusing Cancel first', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 5)]);
    const el = await showQueue(api);
    buttonNamed(el, 'Deny Alex Doe')!.click();
    await el.updateComplete;
    const confirmation = shadow(el).querySelector('[part="deny-confirmation"]')!;
    expect(confirmation.textContent).to.contain('Deny Alex Doe?');
    expect(shadow(el).activeElement?.textContent?.trim()).to.equal('Cancel');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(api.calls.some((call) => call.startsWith('deny'))).to.equal(false);
    expect(shadow(el).activeElement?.getAttribute('aria-label')).to.equal('Deny Alex Doe');
    buttonNamed(el, 'Deny Alex Doe')!.click();
    await el.updateComplete;
    buttonNamed(el, 'Deny visit')!.click();
    await waitUntil(() => api.calls.includes('deny appt-a a'), 'the denial was not sent');
  });

  it('announces a new arrival in a status region and fires attune-patient-arrived', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 5)]);
    const desk = fakeDesk();
    const el = await showQueue(api, desk.connector);
    await waitUntil(() => desk.handlers !== undefined, 'the desk room was never joined');
    await waitUntil(() => shadow(el).querySelector('[part="summary"]')!.textContent!.includes('Updates live'), 'not live');
    const status = shadow(el).querySelector('[part="announcement"]')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('');
    api.current = [...api.current, entry('n', 'Noor Vance', 0)];
    const arrived = oneEvent(el, 'attune-patient-arrived');
    desk.handlers!.onQueueChanged();
    expect((await arrived).detail.entry.identity).to.equal('n');
    await waitUntil(() => status.textContent!.includes('New patient waiting: Noor Vance'), 'no announcement');
    expect(labels(el)).to.deep.equal(['Alex Doe', 'Noor Vance']);
    expect(shadow(el).textContent).to.contain('Less than a minute');
    await expect(el).to.be.accessible();
  });

  it('is accessible while loading', async () => {
    const api = new FakeVisitApi([]);
    api.hang = true;
    const el = await fixture<AttuneQueue>(html`<attune-queue .api=${api} .desk=${null}></attune-queue>`);
    expect(state(el)).to.equal('loading');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a retry, and recovers', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 5)]);
    api.failures = [new AttuneError('network/offline', 'offline')];
    const el = await fixture<AttuneQueue>(html`<attune-queue .api=${api} .desk=${null}></attune-queue>`);
    await waitUntil(() => state(el) === 'error', 'no error state');
    expect(shadow(el).querySelector('[role="alert"]')).to.exist;
    await expect(el).to.be.accessible();
    buttonNamed(el, 'Try again')!.click();
    await waitUntil(() => state(el) === 'live', 'no recovery');
    expect(labels(el)).to.deep.equal(['Alex Doe']);
  });

  it('keeps the list and says it may be stale when a refresh fails', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 5, { riskFlags: [riskFlag] })]);
    const desk = fakeDesk();
    const el = await showQueue(api, desk.connector);
    await waitUntil(() => desk.handlers !== undefined, 'the desk room was never joined');
    api.failures = [new AttuneError('network/failed', 'down'), new AttuneError('network/failed', 'down')];
    desk.handlers!.onQueueChanged();
    await waitUntil(() => shadow(el).querySelector('[part="stale-notice"]') !== null, 'no stale notice');
    expect(labels(el)).to.deep.equal(['Alex Doe']);
    await expect(el).to.be.accessible();
  });

  it('shows a patient already in the visit with no admit, message or deny, and does not count them as waiting', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 9, { state: 'admitted' }), entry('b', 'Blair Roe', 4, { state: 'held' })]);
    const el = await showQueue(api);
    const [inVisit, held] = shadow(el).querySelectorAll('[part="entry"]');
    expect(inVisit!.textContent).to.contain('In the visit');
    expect([...inVisit!.querySelectorAll('button')].map((button) => button.dataset.action)).to.deep.equal(['return']);
    expect(held!.textContent).to.contain('On hold');
    expect(buttonNamed(el, 'Admit Blair Roe')).to.exist;
    expect(shadow(el).querySelector('[part="summary"]')!.textContent).to.contain('1 waiting');
    await expect(el).to.be.accessible();
  });

  it('offers Return to the visit only for a patient in the visit, by keyboard, and fires attune-return-to-visit', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 9, { state: 'admitted' }), entry('b', 'Blair Roe', 4), entry('c', 'Casey Poe', 2, { state: 'held' })]);
    const el = await showQueue(api);
    const returns = [...shadow(el).querySelectorAll<HTMLButtonElement>('[data-action="return"]')];
    expect(returns.length, 'one Return button, for the patient in the visit').to.equal(1);
    const returnButton = returns[0]!;
    expect(returnButton.closest('[part="entry"]')!.getAttribute('data-entry-state')).to.equal('admitted');
    expect(returnButton.getAttribute('part')).to.equal('button');
    expect(returnButton.textContent!.trim()).to.equal('Return to the visit');
    expect(returnButton.getAttribute('aria-label')).to.equal('Return to the visit with Alex Doe');
    await expect(el).to.be.accessible();

    // Reached with Tab from the top of the page, like every other button.
    const before = document.createElement('button');
    before.textContent = 'Before the queue';
    el.before(before);
    before.focus();
    const reached: string[] = [];
    for (let presses = 0; presses < 30 && shadow(el).activeElement !== returnButton; presses += 1) {
      await sendKeys({ press: 'Tab' });
      reached.push(shadow(el).activeElement?.getAttribute('aria-label') ?? shadow(el).activeElement?.textContent?.trim() ?? '');
    }
    before.remove();
    expect(shadow(el).activeElement, `Tab reached ${reached.join(' | ')}`).to.equal(returnButton);

    const returned = oneEvent(el, 'attune-return-to-visit');
    await sendKeys({ press: 'Enter' });
    const { detail } = await returned;
    expect(detail).to.deep.equal({ appointmentId: 'appt-a', identity: 'a' });
    expect(api.calls.filter((call) => call !== 'queue'), 'going back asks the server nothing').to.deep.equal([]);

    // A second press (the visit did not open, say) asks again.
    const again = oneEvent(el, 'attune-return-to-visit');
    returnButton.click();
    expect((await again).detail.appointmentId).to.equal('appt-a');
  });

  it('offers no Return to the visit the page already has open, and offers it again once the page lets it go', async () => {
    const api = new FakeVisitApi([entry('a', 'Alex Doe', 9, { state: 'admitted' }), entry('b', 'Blair Roe', 4, { state: 'admitted' })]);
    const el = await showQueue(api);
    const returnsFor = () => [...shadow(el).querySelectorAll('[data-action="return"]')].map((button) => button.getAttribute('aria-label'));
    expect(returnsFor()).to.deep.equal(['Return to the visit with Alex Doe', 'Return to the visit with Blair Roe']);
    el.setAttribute('open-visit', 'appt-a');
    await el.updateComplete;
    expect(returnsFor(), 'the clinician is in Alex’s visit already').to.deep.equal(['Return to the visit with Blair Roe']);
    await expect(el).to.be.accessible();
    el.removeAttribute('open-visit');
    await el.updateComplete;
    expect(returnsFor()).to.have.length(2);
  });

  it('says when no one is waiting', async () => {
    const el = await showQueue(new FakeVisitApi([]));
    expect(shadow(el).querySelector('[part="empty"]')!.textContent).to.contain('No one is waiting');
    await expect(el).to.be.accessible();
  });

  describe('the clinician’s status for waiting patients', () => {
    const statusPart = (el: AttuneQueue) => shadow(el).querySelector<HTMLElement>('[part="clinician-status"]');
    const statusState = (el: AttuneQueue) => statusPart(el)?.getAttribute('data-status-state');
    const current = (el: AttuneQueue) => shadow(el).querySelector('[part="clinician-status-current"]')!.textContent!.trim();

    it('offers no status control when the backend keeps no status', async () => {
      const el = await showQueue(new FakeVisitApi([]));
      expect(statusPart(el)).to.equal(null);
    });

    it('shows what patients are told, and sets running 10 minutes late from the keyboard', async () => {
      const api = new StatusVisitApi([entry('a', 'Alex Doe', 5)]);
      api.status = { message: 'With another patient' };
      const el = await showQueue(api);
      await waitUntil(() => statusState(el) === 'ready', 'the status never loaded');
      expect(current(el)).to.equal('Waiting patients see: With another patient');
      expect(shadow(el).querySelector('[part="clinician-status-current"]')!.getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();

      api.holdWrites = true;
      buttonNamed(el, '5 min late')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(shadow(el).activeElement?.textContent?.trim()).to.equal('10 min late');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => statusState(el) === 'saving', 'not saving');
      expect(buttonNamed(el, '15 min late')!.disabled, 'one change at a time').to.equal(true);
      expect(statusPart(el)!.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      api.heldWrite!();
      await waitUntil(() => statusState(el) === 'ready', 'never saved');
      expect(api.writes, 'minutes, for each patient’s waiting room to word').to.deep.equal([{ lateMinutes: 10 }]);
      expect(current(el)).to.equal('Waiting patients see that you are running 10 minutes late, in their own language.');
      expect(buttonNamed(el, '10 min late')!.getAttribute('aria-pressed')).to.equal('true');
      expect(buttonNamed(el, '5 min late')!.getAttribute('aria-pressed')).to.equal('false');
    });

    it('posts a status of the clinician’s own with Enter, and clears it', async () => {
      const api = new StatusVisitApi([]);
      const el = await showQueue(api);
      await waitUntil(() => statusState(el) === 'ready', 'the status never loaded');
      expect(current(el)).to.equal('Waiting patients see no status from you.');
      expect(buttonNamed(el, 'Clear status')!.disabled, 'nothing to clear').to.equal(true);
      const field = shadow(el).querySelector<HTMLInputElement>('[part="clinician-status-text"]')!;
      expect(field.labels?.[0]?.textContent?.trim()).to.equal('Or write your own');
      expect(field.maxLength).to.equal(200);
      field.focus();
      await sendKeys({ type: 'Back from a home visit at 11' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => current(el) === 'Waiting patients see: Back from a home visit at 11', 'the status was not posted');
      buttonNamed(el, 'Clear status')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => current(el) === 'Waiting patients see no status from you.', 'the status was not cleared');
      expect(api.writes).to.deep.equal([{ message: 'Back from a home visit at 11' }, null]);
      await expect(el).to.be.accessible();
    });

    it('says so when the status could not be saved, and keeps the old one', async () => {
      const api = new StatusVisitApi([]);
      api.failNextWrite = true;
      const el = await showQueue(api);
      await waitUntil(() => statusState(el) === 'ready', 'the status never loaded');
      buttonNamed(el, '15 min late')!.click();
      await waitUntil(() => statusPart(el)!.querySelector('[role="alert"]') !== null, 'no failure shown');
      expect(statusPart(el)!.querySelector('[role="alert"]')!.textContent).to.contain('could not be saved');
      expect(current(el)).to.equal('Waiting patients see no status from you.');
      await expect(el).to.be.accessible();
    });

    it('is accessible while the status loads', async () => {
      const api = new StatusVisitApi([]);
      api.clinicianStatus = () => new Promise<ClinicianStatus | null>(() => {});
      const el = await showQueue(api);
      expect(statusState(el)).to.equal('loading');
      expect(current(el)).to.equal('Loading your status…');
      expect(buttonNamed(el, '5 min late')!.disabled).to.equal(true);
      await expect(el).to.be.accessible();
    });
  });

  describe('from server-url and getHostToken, with no script of the page’s own', () => {
    /** The reference server's queue answers, in place of the network; every request is recorded with its token. */
    function serveQueue(entries: QueueEntry[]) {
      const requests: string[] = [];
      const statusPosts: unknown[] = [];
      const originalFetch = window.fetch;
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const method = init?.method ?? 'GET';
        const path = new URL(String(input)).pathname;
        requests.push(`${method} ${path} ${(init?.headers as Record<string, string>)['authorization']}`);
        const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
        if (method === 'GET' && path === '/api/queue') return json(entries);
        if (method === 'GET' && path === '/api/clinician/status') return json({ message: null, lateMinutes: null, updatedAt: null });
        if (method === 'POST' && path === '/api/clinician/status') {
          statusPosts.push(JSON.parse(String(init?.body)));
          return json({ message: null, lateMinutes: 5, updatedAt: '2026-11-23T10:00:00Z' });
        }
        if (method === 'POST' && path.endsWith('/admit')) {
          entries = [];
          return new Response(null, { status: 204 });
        }
        return new Response(JSON.stringify({ code: 'not-found', message: 'No such route.' }), { status: 404, headers: { 'content-type': 'application/json' } });
      };
      return { requests, statusPosts, restore: () => (window.fetch = originalFetch) };
    }

    it('lists the queue from the server with the host token, and admits through it', async () => {
      const server = serveQueue([entry('a', 'Alex Doe', 5)]);
      try {
        const el = await fixture<AttuneQueue>(html`<attune-queue server-url="http://127.0.0.1:9/api" .getHostToken=${() => 'clinician-token'} .desk=${null}></attune-queue>`);
        await waitUntil(() => state(el) === 'live', 'the queue never went live');
        expect(labels(el)).to.deep.equal(['Alex Doe']);
        const admitted = oneEvent(el, 'attune-admitted');
        buttonNamed(el, 'Admit Alex Doe')!.click();
        expect((await admitted).detail).to.deep.equal({ appointmentId: 'appt-a', identity: 'a' });
        expect(server.requests).to.include('GET /api/queue Bearer clinician-token');
        expect(server.requests).to.include('POST /api/visits/appt-a/admit Bearer clinician-token');
      } finally {
        server.restore();
      }
    });

    it('says it is not set up, and fires attune-error once, when it has neither an API nor a server', async () => {
      const el = document.createElement('attune-queue');
      const errors: Array<{ code: string }> = [];
      el.addEventListener('attune-error', (event) => errors.push(event.detail));
      document.body.append(el);
      try {
        await el.updateComplete;
        expect(state(el)).to.equal('unconfigured');
        expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.contain('The queue is not set up yet.');
        expect(errors.map((error) => error.code)).to.deep.equal(['config/invalid']);
        // A server without a token function is no more usable: still not set up, and said only once.
        el.setAttribute('server-url', 'http://127.0.0.1:9/api');
        await el.updateComplete;
        expect(state(el)).to.equal('unconfigured');
        expect(errors).to.have.length(1);
        await expect(el).to.be.accessible();
      } finally {
        el.remove();
      }
    });

    it('posts a running-late preset to the server as minutes alone, never as words', async () => {
      const server = serveQueue([]);
      try {
        const el = await fixture<AttuneQueue>(html`<attune-queue server-url="http://127.0.0.1:9/api" .getHostToken=${() => 'clinician-token'} .desk=${null}></attune-queue>`);
        const preset = () => shadow(el).querySelector<HTMLButtonElement>('[data-late-minutes="5"]');
        await waitUntil(() => preset() && !preset()!.disabled, 'the status control never became ready');
        preset()!.click();
        await waitUntil(() => preset()!.getAttribute('aria-pressed') === 'true', 'the preset was not saved');
        expect(server.statusPosts).to.deep.equal([{ lateMinutes: 5 }]);
      } finally {
        server.restore();
      }
    });

    it('starts when the server-url attribute comes after it is on the page', async () => {
      const server = serveQueue([entry('a', 'Alex Doe', 5)]);
      try {
        const el = await fixture<AttuneQueue>(html`<attune-queue .getHostToken=${() => 'clinician-token'} .desk=${null}></attune-queue>`);
        expect(state(el)).to.equal('unconfigured');
        el.setAttribute('server-url', 'http://127.0.0.1:9/api');
        await waitUntil(() => state(el) === 'live', 'the queue never went live');
        expect(labels(el)).to.deep.equal(['Alex Doe']);
      } finally {
        server.restore();
      }
    });

    it('starts when the token function comes after the attribute, set after it is on the page', async () => {
      const server = serveQueue([entry('a', 'Alex Doe', 5)]);
      try {
        const el = await fixture<AttuneQueue>(html`<attune-queue server-url="http://127.0.0.1:9/api" .desk=${null}></attune-queue>`);
        expect(state(el)).to.equal('unconfigured');
        el.getHostToken = async () => 'clinician-token';
        await waitUntil(() => state(el) === 'live', 'the queue never went live');
        expect(server.requests).to.include('GET /api/queue Bearer clinician-token');
      } finally {
        server.restore();
      }
    });

    it('keeps a token function the page set before the element was upgraded, as the drop-in setup file does', async () => {
      const server = serveQueue([entry('a', 'Alex Doe', 5)]);
      // Parsed markup in an inert document: the tag is not upgraded there, as on a page before attune.js runs.
      const parsed = new DOMParser().parseFromString('<attune-queue server-url="http://127.0.0.1:9/api"></attune-queue>', 'text/html');
      const el = document.adoptNode(parsed.querySelector('attune-queue')!) as AttuneQueue;
      expect(el instanceof customElements.get('attune-queue')!).to.equal(false);
      Object.assign(el, { getHostToken: () => 'clinician-token', desk: null });
      document.body.append(el);
      try {
        expect(el instanceof customElements.get('attune-queue')!).to.equal(true);
        await waitUntil(() => state(el) === 'live', 'the queue never went live');
        expect(server.requests).to.include('GET /api/queue Bearer clinician-token');
      } finally {
        el.remove();
        server.restore();
      }
    });
  });
});
