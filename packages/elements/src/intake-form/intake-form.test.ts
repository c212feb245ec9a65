import { AttuneError, openVault, phq9, sampleIntake, type FhirResource, type Questionnaire, type Records, type SearchParams } from '@attune/core';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './define.js';
import type { AttuneIntakeForm } from './intake-form.element.js';

/** An in-memory records store that honours If-None-Exist and can be cut off. */
class MemoryRecords implements Records {
  resources: FhirResource[] = [];
  offline = false;
  async create<T extends FhirResource>(resource: T, options: { ifNoneExist?: string } = {}): Promise<T> {
    if (this.offline) throw new AttuneError('records/offline', 'The records server cannot be reached.');
    const wanted = options.ifNoneExist?.replace(/^identifier=/, '');
    const existing = this.resources.find((r) =>
      ([] as Array<{ system: string; value: string }>).concat((r['identifier'] as never) ?? []).some((id) => `${id.system}|${id.value}` === wanted),
    );
    if (existing) return existing as T;
    const stored = { ...resource, id: `r${this.resources.length + 1}` };
    this.resources.push(stored);
    return stored;
  }
  async read<T extends FhirResource>(type: string, id: string): Promise<T> {
    return this.resources.find((r) => r.resourceType === type && r.id === id) as T;
  }
  async update<T extends FhirResource>(resource: T): Promise<T> {
    return resource;
  }
  async search<T extends FhirResource>(type: string, params: SearchParams): Promise<T[]> {
    return this.resources.filter((r) => r.resourceType === type && (!params['url'] || r['url'] === params['url'])) as T[];
  }
}

let vaultCount = 0;
const freshVault = () => openVault({ name: `attune-intake-test-${Date.now()}-${vaultCount++}` });

async function mount(questionnaire: unknown, options: { records?: MemoryRecords; vault?: Awaited<ReturnType<typeof openVault>> } = {}) {
  const records = options.records ?? new MemoryRecords();
  const vault = options.vault ?? (await freshVault());
  const element = await fixture<AttuneIntakeForm>(
    html`<attune-intake-form subject="Patient/p1" .questionnaire=${questionnaire} .records=${records} .vault=${vault}></attune-intake-form>`,
  );
  await waitUntil(() => element.shadowRoot!.querySelector('[part="base"]')?.getAttribute('data-state') !== 'loading', 'form did not load');
  await element.updateComplete;
  return { element, records, vault, root: element.shadowRoot! };
}

const state = (element: AttuneIntakeForm) => element.shadowRoot!.querySelector('[part="base"]')!.getAttribute('data-state');

async function chooseRadio(root: ShadowRoot, fieldId: string, index: number) {
  const input = root.querySelectorAll<HTMLInputElement>(`#${CSS.escape(fieldId)} input[type="radio"]`)[index]!;
  input.click();
}

describe('<attune-intake-form>', () => {
  it('renders the PHQ-9 with radio groups, its copyright notice, and is accessible', async () => {
    const { element, root } = await mount(phq9);
    expect(state(element)).to.equal('empty');
    expect(root.querySelectorAll('fieldset[role="radiogroup"]').length).to.equal(10);
    expect(root.querySelector('[part="copyright"]')!.textContent).to.include('Spitzer');
    await expect(element).to.be.accessible();
  });

  it('renders every item type of the sample intake, page by page, with progress', async () => {
    const { element, root } = await mount(sampleIntake);
    expect(root.querySelector('[part="progress"]')!.textContent).to.include('Page 1 of 3');
    expect(root.querySelector('#q-preferred-name')).to.exist;
    expect(root.querySelector('#q-birth-date')!.getAttribute('type')).to.equal('date');
    expect(root.querySelector('#q-website')!.getAttribute('type')).to.equal('url');
    expect(root.querySelectorAll('#q-contact-time input[type="checkbox"]').length).to.equal(3);
    expect(root.querySelector('[part="hint"]')!.textContent).to.include('12345');
    await expect(element).to.be.accessible();

    (root.querySelector('#q-preferred-name') as HTMLInputElement).value = 'Sam';
    root.querySelector('#q-preferred-name')!.dispatchEvent(new Event('input'));
    const birth = root.querySelector('#q-birth-date') as HTMLInputElement;
    birth.value = '1990-04-01';
    birth.dispatchEvent(new Event('change'));
    await element.updateComplete;
    (Array.from(root.querySelectorAll('[part="actions"] button')).find((b) => b.textContent!.includes('Next')) as HTMLButtonElement).click();
    await element.updateComplete;
    expect(root.querySelector('[part="progress"]')!.textContent).to.include('Page 2 of 3');
    expect(root.querySelector('#q-sleep-hours')!.getAttribute('inputmode')).to.equal('numeric');
    expect(root.querySelector('[part="unit"]')!.textContent).to.equal('kg');
    expect(root.querySelector('#q-mood-today')!.getAttribute('type')).to.equal('range');
    expect(root.querySelector('select#q-pronouns')).to.exist;
    expect(root.querySelector('#q-medications'), 'enableWhen hides the follow-up').to.not.exist;
    await chooseRadio(root, 'q-takes-medication', 0);
    await element.updateComplete;
    expect(root.querySelector('textarea#q-medications'), 'and shows it once answered yes').to.exist;
    expect(root.querySelectorAll('#q-referral input[type="radio"]').length).to.equal(3);
    await expect(element).to.be.accessible();

    (root.querySelector('textarea#q-medications') as HTMLTextAreaElement).value = 'none really';
    root.querySelector('textarea#q-medications')!.dispatchEvent(new Event('input'));
    await element.updateComplete;
    (Array.from(root.querySelectorAll('[part="actions"] button')).find((b) => b.textContent!.includes('Next')) as HTMLButtonElement).click();
    await element.updateComplete;
    expect(root.querySelector('#q-last-visit')!.getAttribute('type')).to.equal('datetime-local');
    expect(root.querySelector('#q-best-time')!.getAttribute('type')).to.equal('time');
    expect(root.querySelector('#q-documents')!.getAttribute('type')).to.equal('file');
    const clinic = root.querySelector<HTMLInputElement>('#q-clinic input[type="radio"]')!;
    expect(clinic.checked && clinic.disabled, 'readOnly with an initial answer').to.equal(true);
    expect(root.querySelector('fieldset#q-preferences[data-kind="group"] fieldset#q-video-or-audio')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('marks problems next to their fields, lists them, and focuses the first on submit', async () => {
    const { element, root } = await mount(phq9);
    await chooseRadio(root, 'q-44250-9', 1);
    await element.updateComplete;
    (Array.from(root.querySelectorAll('[part="actions"] button')).find((b) => b.textContent!.includes('Submit')) as HTMLButtonElement).click();
    await element.updateComplete;
    expect(state(element)).to.equal('invalid');
    const summary = root.querySelector('[part="error-summary"]')!;
    expect(summary.getAttribute('role')).to.equal('alert');
    expect(summary.querySelectorAll('li').length).to.equal(8);
    const second = root.querySelector('#q-44255-8')!;
    expect(second.getAttribute('aria-describedby')).to.equal('q-44255-8-problem');
    expect(root.querySelector('#q-44255-8-problem')!.textContent).to.include('needs an answer');
    expect(second.querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root.activeElement).to.equal(second.querySelector('input'));
    await expect(element).to.be.accessible();
  });

  it('lines a question up with its field', async () => {
    const { root } = await mount(sampleIntake);
    const label = root.querySelector<HTMLLabelElement>('label.question')!;
    const field = root.getElementById(label.htmlFor)!;
    const text = document.createRange();
    text.selectNodeContents(label);
    expect(Math.abs(text.getBoundingClientRect().left - field.getBoundingClientRect().left)).to.be.lessThan(1);
  });

  it('lists problems left-aligned: a wrapped problem starts each line at the left', async () => {
    const { element, root } = await mount(phq9);
    element.style.width = '20rem';
    (Array.from(root.querySelectorAll('[part="actions"] button')).find((b) => b.textContent!.includes('Submit')) as HTMLButtonElement).click();
    await element.updateComplete;
    const link = root.querySelector<HTMLButtonElement>('[part="error-summary"] li button')!;
    const box = link.getBoundingClientRect();
    const text = document.createRange();
    text.selectNodeContents(link);
    // One rect per text node per line: a line starts where its leftmost rect does.
    const lineStarts = new Map<number, number>();
    for (const rect of text.getClientRects()) {
      if (rect.width === 0) continue;
      const top = Math.round(rect.top);
      lineStarts.set(top, Math.min(lineStarts.get(top) ?? Infinity, rect.left));
    }
    expect(lineStarts.size, 'a long problem wraps at this width').to.be.greaterThan(1);
    // Centred text (a button's default) starts each line somewhere in the middle.
    for (const left of lineStarts.values()) expect(left - box.left, 'a line of the problem starts at the left').to.be.lessThan(2);
  });

  it('shows a malformed questionnaire as a list of problems and never throws', async () => {
    const broken = { resourceType: 'Questionnaire', item: [{ linkId: 'a', type: 'string' }, { linkId: 'a', type: 'weird' }, { type: 'string', enableWhen: [{ question: 'nowhere', operator: 'exists', answerBoolean: true }] }] };
    const { element, root } = await mount(broken);
    expect(state(element)).to.equal('malformed');
    const items = Array.from(root.querySelectorAll('[part="notice"] li')).map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(items.length).to.equal(3);
    expect(items.join(' ')).to.include('share the same linkId').and.include('type that FHIR R4 does not define').and.include('has no linkId');
    await expect(element).to.be.accessible();
    element.questionnaire = '{ this is not json';
    await waitUntil(() => root.querySelector('[part="notice"] li')?.textContent?.includes('not valid JSON'));
  });

  it('says what it does not support and lets the patient continue', async () => {
    const { element, root } = await mount({ ...phq9, item: [...phq9.item!, { linkId: 'who', type: 'reference', text: 'Your GP' }] } as Questionnaire);
    expect(state(element)).to.equal('unsupported');
    expect(root.querySelector('[part="notice"]')!.textContent).to.include('reference');
    await expect(element).to.be.accessible();
    (root.querySelector('[part="actions"] button') as HTMLButtonElement).click();
    await element.updateComplete;
    expect(state(element)).to.equal('empty');
    expect(root.activeElement).to.equal(root.querySelector('[part="heading"]'));
  });

  it('submits, fires attune-response-submitted, and shows crisis resources after PHQ-9 item 9 above 0', async () => {
    const { element, root, records } = await mount(phq9);
    for (const fieldset of Array.from(root.querySelectorAll('fieldset[role="radiogroup"]')).slice(0, 9)) {
      const index = fieldset.id === 'q-44260-8' ? 1 : 0;
      fieldset.querySelectorAll<HTMLInputElement>('input[type="radio"]')[index]!.click();
      await element.updateComplete;
    }
    const submitted = oneEvent(element, 'attune-response-submitted');
    (Array.from(root.querySelectorAll('[part="actions"] button')).find((b) => b.textContent!.includes('Submit')) as HTMLButtonElement).click();
    const event = await submitted;
    expect(event.detail.response['status']).to.equal('completed');
    expect(event.detail.response['subject']).to.deep.equal({ reference: 'Patient/p1' });
    await element.updateComplete;
    expect(state(element)).to.equal('submitted');
    const crisis = root.querySelector('[part="crisis"]')!;
    expect(crisis.getAttribute('role')).to.equal('alert');
    expect(crisis.querySelector('a')!.getAttribute('href')).to.equal('tel:988');
    expect(records.resources.map((r) => r.resourceType)).to.deep.equal(['QuestionnaireResponse', 'Observation']);
    await expect(element).to.be.accessible();
  });

  it('queues the response when offline and says so', async () => {
    const records = new MemoryRecords();
    records.offline = true;
    const { element, root, vault } = await mount({ resourceType: 'Questionnaire', url: 'urn:q', title: 'One', item: [{ linkId: 'a', type: 'boolean', text: 'OK?' }] }, { records });
    await chooseRadio(root, 'q-a', 0);
    await element.updateComplete;
    (root.querySelector('[part="actions"] button') as HTMLButtonElement).click();
    await waitUntil(() => state(element) === 'offline-queued');
    await waitUntil(async () => (await vault.list('intake-outbox')).length === 1);
    expect(root.querySelector('[part="notice"]')!.textContent).to.include('offline');
    await expect(element).to.be.accessible();
    records.offline = false;
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => state(element) === 'submitted');
    expect(records.resources.length).to.equal(1);
  });

  it('autosaves a sealed draft and resumes it in a fresh element', async () => {
    const vault = await freshVault();
    const first = await mount(phq9, { vault });
    await chooseRadio(first.root, 'q-44250-9', 2);
    await waitUntil(() => first.root.querySelector('[part="autosave"]')!.textContent!.includes('saved'), 'draft not saved');
    first.element.remove();
    const second = await mount(phq9, { vault });
    expect(state(second.element)).to.equal('drafting');
    expect(second.root.querySelectorAll<HTMLInputElement>('#q-44250-9 input')[2]!.checked).to.equal(true);
    expect(second.root.querySelector('[part="status"]')!.textContent).to.include('Welcome back');
  });

  it('answers yes/no, single and multiple choices through the form’s one change listener', async () => {
    const records = new MemoryRecords();
    const coded = (code: string) => ({ valueCoding: { system: 'urn:s', code, display: code.toUpperCase() } });
    const { element, root } = await mount(
      {
        resourceType: 'Questionnaire',
        url: 'urn:choices',
        title: 'Choices',
        item: [
          { linkId: 'ok', type: 'boolean', text: 'OK?' },
          { linkId: 'one', type: 'choice', text: 'One', answerOption: [coded('a'), coded('b')] },
          { linkId: 'many', type: 'choice', text: 'Many', repeats: true, answerOption: [coded('x'), coded('y'), coded('z')] },
        ],
      },
      { records },
    );
    await chooseRadio(root, 'q-ok', 1);
    await chooseRadio(root, 'q-one', 1);
    const boxes = root.querySelectorAll<HTMLInputElement>('#q-many input[type="checkbox"]');
    boxes[0]!.click();
    boxes[2]!.click();
    await element.updateComplete;
    root.querySelectorAll<HTMLInputElement>('#q-many input[type="checkbox"]')[0]!.click();
    await element.updateComplete;
    (root.querySelector('[part="actions"] button') as HTMLButtonElement).click();
    await waitUntil(() => state(element) === 'submitted');
    const items = records.resources.find((r) => r.resourceType === 'QuestionnaireResponse')!['item'] as Array<{ linkId: string; answer: unknown[] }>;
    expect(items.map((item) => [item.linkId, item.answer])).to.deep.equal([
      ['ok', [{ valueBoolean: false }]],
      ['one', [{ valueCoding: { system: 'urn:s', code: 'b', display: 'B' } }]],
      ['many', [{ valueCoding: { system: 'urn:s', code: 'z', display: 'Z' } }]],
    ]);
  });

  it('renders an XSS corpus in labels, options and answers as text', async () => {
    const corpus = ['<img src=x onerror="window.__xss=1">', '"><script>window.__xss=1</script>', 'javascript:alert(1)', '<svg onload=window.__xss=1>'];
    const questionnaire: Questionnaire = {
      resourceType: 'Questionnaire',
      url: 'urn:xss',
      title: corpus[0],
      item: [
        { linkId: 'a', type: 'string', text: corpus[1] },
        { linkId: 'b', type: 'choice', text: corpus[3], answerOption: corpus.map((valueString) => ({ valueString })) },
        { linkId: 'c', type: 'display', text: corpus[2] },
      ],
    };
    const { element, root } = await mount(questionnaire);
    const input = root.querySelector('#q-a') as HTMLInputElement;
    input.value = corpus[0]!;
    input.dispatchEvent(new Event('input'));
    await element.updateComplete;
    expect(root.querySelectorAll('img, script, svg').length).to.equal(0);
    expect(root.querySelector('[part="heading"]')!.textContent).to.equal(corpus[0]);
    expect(root.textContent).to.include(corpus[3]);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('can be filled in and submitted with the keyboard alone', async () => {
    const { element, root } = await mount({
      resourceType: 'Questionnaire',
      url: 'urn:keys',
      title: 'Keys',
      item: [
        { linkId: 'mood', type: 'choice', text: 'Mood', required: true, answerOption: [{ valueString: 'Low' }, { valueString: 'High' }] },
        { linkId: 'note', type: 'string', text: 'Note', required: true },
      ],
    });
    const submitted = oneEvent(element, 'attune-response-submitted');
    element.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'steady' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    const event = await submitted;
    const items = event.detail.response['item'] as Array<{ linkId: string; answer: unknown[] }>;
    expect(items).to.deep.equal([
      { linkId: 'mood', text: 'Mood', answer: [{ valueString: 'High' }] },
      { linkId: 'note', text: 'Note', answer: [{ valueString: 'steady' }] },
    ]);
    expect(root.querySelector('[part="crisis"]')).to.equal(null);
  });
});
