import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assign, createActor, createMachine, waitFor, type Actor } from 'xstate';
import { createTestModel } from 'xstate/graph';
import { AttuneError } from '../errors.js';
import { instrumentRulesLoaderFor } from '../instruments/instrument-rules.js';
import { phq9, phq9ItemNine } from '../instruments/phq9.js';
import type { FhirResource, Records, SearchParams, Vault } from '../ports.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { connectIntakeForm, type IntakeFormState } from './intake-form.connect.js';
import { intakeFormMachine, type IntakeFormEvent, type IntakeFormInput } from './intake-form.machine.js';

/** An in-memory FHIR store for machine tests: honours If-None-Exist and can be cut off. */
class FakeRecords implements Records {
  resources: FhirResource[] = [];
  offline = false;
  failWith: AttuneError | undefined;
  private next = 1;
  async create<T extends FhirResource>(resource: T, options: { ifNoneExist?: string } = {}): Promise<T> {
    this.check();
    const match = options.ifNoneExist ? /^identifier=([^|]+)\|(.+)$/.exec(options.ifNoneExist) : null;
    if (match) {
      const existing = this.resources.find((candidate) => {
        const ids = ([] as Array<{ system?: string; value?: string }>).concat((candidate['identifier'] as never) ?? []);
        return candidate.resourceType === resource.resourceType && ids.some((id) => id.system === match[1] && id.value === match[2]);
      });
      if (existing) return existing as T;
    }
    const stored = { ...resource, id: String(this.next++) };
    this.resources.push(stored);
    return stored;
  }
  async read<T extends FhirResource>(type: string, id: string): Promise<T> {
    this.check();
    const found = this.resources.find((r) => r.resourceType === type && r.id === id);
    if (!found) throw new AttuneError('records/not-found', 'No such record.');
    return found as T;
  }
  async update<T extends FhirResource>(resource: T): Promise<T> {
    this.check();
    return resource;
  }
  async search<T extends FhirResource>(type: string, params: SearchParams): Promise<T[]> {
    this.check();
    return this.resources.filter((r) => r.resourceType === type && (!params['url'] || r['url'] === params['url'])) as T[];
  }
  private check() {
    if (this.offline) throw new AttuneError('records/offline', 'The records server cannot be reached.');
    if (this.failWith) throw this.failWith;
  }
}

class FakeVault implements Vault {
  data = new Map<string, unknown>();
  async put(store: string, id: string, value: unknown) {
    this.data.set(`${store}/${id}`, structuredClone(value));
  }
  async get<T>(store: string, id: string) {
    return structuredClone(this.data.get(`${store}/${id}`)) as T | undefined;
  }
  async delete(store: string, id: string) {
    this.data.delete(`${store}/${id}`);
  }
  async list<T>(store: string) {
    return [...this.data].filter(([key]) => key.startsWith(`${store}/`)).map(([key, value]) => ({ id: key.slice(store.length + 1), value: value as T }));
  }
  async wipe() {
    this.data.clear();
  }
}

const twoQuestions: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'http://example.org/Questionnaire/two',
  title: 'Two questions',
  item: [
    { linkId: 'a', type: 'string', text: 'A', required: true },
    { linkId: 'b', type: 'integer', text: 'B', required: true },
  ],
};

const settled = (state: IntakeFormState) => !['loading', 'submitting'].includes(state);

async function start(input: Partial<IntakeFormInput> & Pick<IntakeFormInput, 'questionnaire'>) {
  const records = (input.records as FakeRecords | undefined) ?? new FakeRecords();
  const vault = (input.vault as FakeVault | undefined) ?? new FakeVault();
  const actor = createActor(intakeFormMachine, {
    input: { records, vault, subject: { reference: 'Patient/p1' }, now: () => '2026-03-01T10:00:00Z', ...input },
  }).start();
  await settle(actor);
  return { actor, records, vault };
}

async function settle(actor: Actor<typeof intakeFormMachine>) {
  await waitFor(actor, (snapshot) => settled(view(actor, snapshot).state), { timeout: 5000 });
}

function view(actor: Actor<typeof intakeFormMachine>, snapshot = actor.getSnapshot()) {
  return connectIntakeForm(snapshot, actor.send);
}

function phq9Answers(itemNineScore: number) {
  return Object.fromEntries(
    phq9.item!.filter((item) => item.type === 'choice' && item.required).map((item) => {
      const score = item.linkId === phq9ItemNine ? itemNineScore : 1;
      return [item.linkId, item.answerOption!.find((option) => option.extension?.[0]?.valueDecimal === score)!.valueCoding!];
    }),
  );
}

describe('the intake form machine', () => {
  it('shows a malformed questionnaire as an error state listing its problems', async () => {
    const { actor } = await start({ questionnaire: '{"resourceType":"Questionnaire","item":[{"type":"string"}]}' });
    const form = view(actor);
    assert.equal(form.state, 'malformed');
    assert.deepEqual(form.questionnaireProblems.map((p) => p.code), ['linkid-missing']);
  });

  it('says what it does not support before the patient starts, then carries on', async () => {
    const { actor } = await start({ questionnaire: { ...twoQuestions, item: [...twoQuestions.item!, { linkId: 'r', type: 'reference' }] } });
    assert.equal(view(actor).state, 'unsupported');
    assert.deepEqual(view(actor).unsupported.map((u) => u.linkId), ['r']);
    view(actor).continueAnyway();
    assert.equal(view(actor).state, 'empty');
  });

  it('reads the questionnaire by its canonical URL through Records', async () => {
    const records = new FakeRecords();
    await records.create(twoQuestions);
    const { actor } = await start({ questionnaire: undefined, questionnaireUrl: 'http://example.org/Questionnaire/two', records });
    assert.equal(view(actor).state, 'empty');
    assert.equal(view(actor).title, 'Two questions');
  });

  it('takes only the questionnaire asked for, even from a store that ignores the search parameters', async () => {
    const records = new FakeRecords();
    await records.create({ ...twoQuestions, url: 'http://example.org/Questionnaire/other', title: 'Another form' });
    await records.create({ ...twoQuestions, version: '1' });
    await records.create({ ...twoQuestions, version: '2', title: 'Two questions, second edition' });
    const search = records.search.bind(records);
    records.search = (type) => search(type, {});
    const { actor } = await start({ questionnaire: undefined, questionnaireUrl: 'http://example.org/Questionnaire/two|2', records });
    assert.equal(view(actor).title, 'Two questions, second edition');
    const missing = await start({ questionnaire: undefined, questionnaireUrl: 'http://example.org/Questionnaire/three', records });
    assert.equal(view(missing.actor).state, 'load-failed');
  });

  it('offers a retry when the questionnaire cannot be fetched', async () => {
    const records = new FakeRecords();
    records.offline = true;
    const { actor } = await start({ questionnaire: undefined, questionnaireUrl: 'http://example.org/Questionnaire/two', records });
    assert.equal(view(actor).state, 'load-failed');
    records.offline = false;
    await records.create(twoQuestions);
    view(actor).retry();
    await settle(actor);
    assert.equal(view(actor).state, 'empty');
  });

  it('marks problems next to their fields on submit and focuses the first one', async () => {
    const { actor } = await start({ questionnaire: twoQuestions });
    view(actor).enterText('b', 'twelve');
    assert.equal(view(actor).state, 'drafting');
    assert.deepEqual(view(actor).problems, [], 'problems wait until the patient tries to move on');
    view(actor).submit();
    const form = view(actor);
    assert.equal(form.state, 'invalid');
    assert.deepEqual(form.problems.map((p) => [p.linkId, p.code]), [['a', 'required'], ['b', 'not-integer']]);
    assert.equal(form.firstProblemFieldId, 'q-a');
    assert.deepEqual(form.items[1]!.texts, ['twelve'], 'the field keeps what was typed');
    view(actor).enterText('a', 'Ada');
    view(actor).enterText('b', '12');
    assert.equal(view(actor).state, 'drafting');
  });

  it('autosaves the draft in the vault and resumes it after a reload', async () => {
    const vault = new FakeVault();
    const first = await start({ questionnaire: twoQuestions, vault });
    view(first.actor).enterText('a', 'Ada');
    await waitFor(first.actor, (snapshot) => snapshot.context.draftSavedAt !== undefined, { timeout: 3000 });
    const identifier = first.actor.getSnapshot().context.identifier;
    first.actor.stop();
    const second = await start({ questionnaire: twoQuestions, vault });
    const form = view(second.actor);
    assert.equal(form.state, 'drafting');
    assert.equal(form.resumed, true);
    assert.deepEqual(form.items[0]!.texts, ['Ada']);
    assert.deepEqual(second.actor.getSnapshot().context.identifier, identifier, 'a resumed draft keeps its idempotency identifier');
  });

  it('submits a PHQ-9 with item 9 above 0: response, score Observation, risk flag and crisis resources', async () => {
    const { actor, records, vault } = await start({ questionnaire: phq9, crisisResources: [{ id: 'county', name: 'County line', contact: 'Call 555-0100', href: 'tel:5550100' }] });
    for (const [linkId, coding] of Object.entries(phq9Answers(2))) view(actor).answer(linkId, [{ valueCoding: coding }]);
    await waitFor(actor, (s) => s.context.draftSavedAt !== undefined, { timeout: 3000 });
    view(actor).submit();
    await settle(actor);
    const form = view(actor);
    assert.equal(form.state, 'submitted');
    assert.equal(form.response?.status, 'completed');
    assert.equal(form.response?.questionnaire, `${phq9.url}|${phq9.version}`);
    assert.deepEqual(form.riskFlags.map((flag) => flag.code), ['phq9-item9']);
    assert.equal(form.showCrisisResources, true);
    assert.deepEqual(form.crisisResources.map((r) => r.id), ['988', '911', 'county']);
    const observation = records.resources.find((r) => r.resourceType === 'Observation')!;
    assert.equal(observation['valueInteger'], 10);
    assert.deepEqual(observation['derivedFrom'], [{ reference: `QuestionnaireResponse/${form.response!.id}` }]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(await vault.list('intake-drafts'), [], 'the draft is gone once submitted');
  });

  it('does not show crisis resources when no risk flag was raised', async () => {
    const { actor } = await start({ questionnaire: phq9 });
    for (const [linkId, coding] of Object.entries(phq9Answers(0))) view(actor).answer(linkId, [{ valueCoding: coding }]);
    view(actor).submit();
    await settle(actor);
    assert.equal(view(actor).state, 'submitted');
    assert.equal(view(actor).showCrisisResources, false);
  });

  it('queues the response sealed in the outbox when offline and sends it once when back online', async () => {
    const { actor, records, vault } = await start({ questionnaire: twoQuestions, online: false });
    view(actor).enterText('a', 'Ada');
    view(actor).enterText('b', '3');
    view(actor).submit();
    await waitFor(actor, (s) => s.matches({ offlineQueued: 'waiting' }));
    assert.equal(view(actor).state, 'offline-queued');
    assert.equal((await vault.list('intake-outbox')).length, 1);
    assert.equal(records.resources.length, 0);
    actor.send({ type: 'ONLINE' });
    await waitFor(actor, (s) => s.matches('submitted'));
    assert.equal(records.resources.filter((r) => r.resourceType === 'QuestionnaireResponse').length, 1);
    assert.deepEqual(await vault.list('intake-outbox'), []);
  });

  it('shows crisis resources at once when a response with a risk flag is queued offline', async () => {
    const { actor } = await start({ questionnaire: phq9, online: false });
    for (const [linkId, coding] of Object.entries(phq9Answers(1))) view(actor).answer(linkId, [{ valueCoding: coding }]);
    view(actor).submit();
    await waitFor(actor, (s) => s.matches({ offlineQueued: 'waiting' }));
    assert.equal(view(actor).state, 'offline-queued');
    assert.deepEqual(view(actor).riskFlags.map((flag) => flag.code), ['phq9-item9']);
    assert.equal(view(actor).showCrisisResources, true);
  });

  it('raises the PHQ-9 item 9 flag and shows crisis resources when the patient went offline mid-form', async () => {
    // The rules come from a chunk that can be fetched only while online: the form must have loaded them when it opened.
    let online = true;
    let loads = 0;
    const fetchRulesChunk = async <T,>(load: () => Promise<T>): Promise<T> => {
      loads++;
      if (!online) throw new TypeError('Failed to fetch dynamically imported module');
      return load();
    };
    const { actor, records } = await start({ questionnaire: phq9, fetchRulesChunk });
    assert.equal(loads, 1, 'the rules load as soon as the form knows its questionnaire');
    for (const [linkId, coding] of Object.entries(phq9Answers(1))) view(actor).answer(linkId, [{ valueCoding: coding }]);
    online = false;
    records.offline = true;
    actor.send({ type: 'OFFLINE' });
    view(actor).submit();
    await waitFor(actor, (s) => s.matches({ offlineQueued: 'waiting' }));
    assert.deepEqual(view(actor).riskFlags.map((flag) => flag.code), ['phq9-item9']);
    assert.equal(view(actor).showCrisisResources, true);
    assert.equal(loads, 1, 'nothing had to be fetched at submit');
  });

  it('shows crisis resources offline when the risk rules of an instrument could never be loaded', async () => {
    const { actor } = await start({
      questionnaire: phq9,
      online: false,
      fetchRulesChunk: async () => {
        throw new TypeError('Failed to fetch dynamically imported module');
      },
    });
    for (const [linkId, coding] of Object.entries(phq9Answers(0))) view(actor).answer(linkId, [{ valueCoding: coding }]);
    view(actor).submit();
    await waitFor(actor, (s) => s.matches({ offlineQueued: 'waiting' }));
    assert.deepEqual(view(actor).riskFlags, []);
    assert.equal(view(actor).showCrisisResources, true, 'unchecked answers are treated as if they had raised a flag');
  });

  it('never loads instrument rules for a form that is not an instrument', async () => {
    let asked = 0;
    const { actor } = await start({
      questionnaire: twoQuestions,
      fetchRulesChunk: async (load) => {
        asked++;
        return load();
      },
    });
    view(actor).enterText('a', 'Ada');
    view(actor).enterText('b', '3');
    view(actor).submit();
    await settle(actor);
    assert.equal(view(actor).state, 'submitted');
    assert.equal(asked, 0, 'no rules chunk was fetched');
    assert.equal(instrumentRulesLoaderFor(twoQuestions.url, ['a', 'b']), undefined);
  });

  it('falls back to the outbox when the network drops during submit', async () => {
    const { actor, records } = await start({ questionnaire: twoQuestions });
    view(actor).enterText('a', 'Ada');
    view(actor).enterText('b', '3');
    records.offline = true;
    view(actor).submit();
    await waitFor(actor, (s) => s.matches({ offlineQueued: 'waiting' }));
    records.offline = false;
    view(actor).retry();
    await waitFor(actor, (s) => s.matches('submitted'));
    assert.equal(records.resources.length, 1);
  });

  it('shows a refused submit as an error with a retry, and the retry is idempotent', async () => {
    const { actor, records } = await start({ questionnaire: twoQuestions });
    view(actor).enterText('a', 'Ada');
    view(actor).enterText('b', '3');
    records.failWith = new AttuneError('records/invalid', 'Rejected.');
    view(actor).submit();
    await settle(actor);
    assert.equal(view(actor).state, 'submit-failed');
    assert.equal(view(actor).error?.code, 'records/invalid');
    records.failWith = undefined;
    view(actor).retry();
    await settle(actor);
    view(actor).retry();
    assert.equal(view(actor).state, 'submitted');
    assert.equal(records.resources.length, 1);
  });

  it('pages: blocks the next page until the current page is valid, and shows progress', async () => {
    const page = { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl', valueCodeableConcept: { coding: [{ code: 'page' }] } };
    const { actor } = await start({
      questionnaire: {
        resourceType: 'Questionnaire',
        url: 'http://example.org/Questionnaire/paged',
        item: [
          { linkId: 'p1', type: 'group', text: 'One', extension: [page], item: [{ linkId: 'a', type: 'string', required: true }] },
          { linkId: 'p2', type: 'group', text: 'Two', extension: [page], item: [{ linkId: 'b', type: 'string', required: true }] },
        ],
      },
    });
    assert.deepEqual(view(actor).page, { index: 0, count: 2, title: 'One', isFirst: true, isLast: false });
    view(actor).nextPage();
    assert.equal(view(actor).state, 'invalid');
    assert.equal(view(actor).page.index, 0);
    view(actor).enterText('a', 'x');
    view(actor).nextPage();
    assert.equal(view(actor).page.index, 1);
    view(actor).previousPage();
    assert.equal(view(actor).page.index, 0);
    view(actor).submit();
    assert.equal(view(actor).state, 'invalid');
    assert.equal(view(actor).page.index, 1, 'submit takes the patient to the page with the first problem');
  });

  it('gives a newly loaded form a new response identifier, so its submit is not mistaken for the last one', async () => {
    const { actor, records } = await start({ questionnaire: twoQuestions });
    view(actor).enterText('a', 'Ada');
    view(actor).enterText('b', '3');
    view(actor).submit();
    await settle(actor);
    actor.send({ type: 'LOAD', questionnaire: phq9 });
    await settle(actor);
    for (const [linkId, coding] of Object.entries(phq9Answers(0))) view(actor).answer(linkId, [{ valueCoding: coding }]);
    view(actor).submit();
    await settle(actor);
    assert.equal(view(actor).response?.questionnaire, `${phq9.url}|${phq9.version}`);
    assert.equal(records.resources.filter((r) => r.resourceType === 'QuestionnaireResponse').length, 2);
  });

  it('ignores answers to read-only and calculated items', async () => {
    const { actor } = await start({ questionnaire: { ...twoQuestions, item: [...twoQuestions.item!, { linkId: 'ro', type: 'string', readOnly: true, initial: [{ valueString: 'fixed' }] }] } });
    view(actor).enterText('ro', 'changed');
    assert.deepEqual(view(actor).items[2]!.texts, ['fixed']);
    assert.equal(view(actor).items[2]!.readOnly, true);
  });
});

describe('the intake form, model-based', () => {
  // The patient's journey as a small model; every shortest path through it runs against the real machine.
  const journey = createMachine({
    id: 'journey',
    types: {} as { context: { online: boolean }; events: { type: 'ANSWER_ONE' } | { type: 'ANSWER_ALL' } | { type: 'SUBMIT' } | { type: 'GO_OFFLINE' } | { type: 'GO_ONLINE' } },
    context: { online: true },
    initial: 'empty',
    on: { GO_OFFLINE: { actions: assign({ online: false }) } },
    states: {
      empty: { on: { ANSWER_ONE: 'drafting', ANSWER_ALL: 'complete', SUBMIT: 'invalid', GO_ONLINE: { actions: assign({ online: true }) } } },
      drafting: { on: { ANSWER_ALL: 'complete', SUBMIT: 'invalid', GO_ONLINE: { actions: assign({ online: true }) } } },
      invalid: { on: { ANSWER_ONE: 'invalid', ANSWER_ALL: 'complete', GO_ONLINE: { actions: assign({ online: true }) } } },
      complete: {
        on: {
          SUBMIT: [{ guard: ({ context }) => context.online, target: 'submitted' }, { target: 'queued' }],
          GO_ONLINE: { actions: assign({ online: true }) },
        },
      },
      queued: { on: { GO_ONLINE: { target: 'submitted', actions: assign({ online: true }) }, GO_OFFLINE: {} } },
      submitted: { type: 'final' },
    },
  });
  const expected: Record<string, IntakeFormState> = {
    empty: 'empty',
    drafting: 'drafting',
    invalid: 'invalid',
    complete: 'drafting',
    queued: 'offline-queued',
    submitted: 'submitted',
  };
  const paths = createTestModel(journey).getShortestPaths();

  it('covers every state of the journey', () => {
    const reached = new Set(paths.flatMap((path) => path.steps.map((step) => JSON.stringify(step.state.value))));
    assert.deepEqual([...reached].sort(), Object.keys(expected).map((key) => JSON.stringify(key)).sort());
  });

  for (const path of paths) {
    it(`reaches ${JSON.stringify(path.state.value)} via ${path.steps.map((step) => step.event.type).join(' → ') || 'nothing'}`, async () => {
      const records = new FakeRecords();
      const { actor } = await start({ questionnaire: twoQuestions, records });
      const check = (state: IntakeFormState) => () => assert.equal(view(actor).state, state);
      await path.test({
        states: Object.fromEntries(Object.entries(expected).map(([key, state]) => [key, check(state)])),
        events: {
          ANSWER_ONE: async () => view(actor).enterText('a', 'Ada'),
          ANSWER_ALL: async () => {
            view(actor).enterText('a', 'Ada');
            view(actor).enterText('b', '7');
          },
          SUBMIT: async () => {
            view(actor).submit();
            await waitFor(actor, (s) => !s.matches('submitting') && !s.matches('sending') && !s.matches({ offlineQueued: 'saving' }) && !s.matches({ offlineQueued: 'sending' }));
          },
          GO_OFFLINE: async () => {
            records.offline = true;
            actor.send({ type: 'OFFLINE' });
          },
          GO_ONLINE: async () => {
            records.offline = false;
            actor.send({ type: 'ONLINE' });
            await waitFor(actor, (s) => !s.matches({ offlineQueued: 'sending' }));
          },
        },
      });
    });
  }
});

describe('the intake form, under arbitrary event sequences', () => {
  it('never submits a response with a problem and never throws', async () => {
    const event = fc.oneof(
      fc.record({ type: fc.constant('ENTER_TEXT' as const), linkId: fc.constantFrom('a', 'b', 'ghost'), text: fc.oneof(fc.string(), fc.constantFrom('7', '', 'x')) }),
      fc.record({ type: fc.constant('ANSWER' as const), linkId: fc.constantFrom('a', 'b'), answers: fc.constantFrom([], [{ valueString: 'y' }], [{ valueInteger: 2 }]) }),
      fc.constantFrom({ type: 'SUBMIT' as const }, { type: 'NEXT_PAGE' as const }, { type: 'PREVIOUS_PAGE' as const }, { type: 'CONTINUE' as const }, { type: 'RETRY' as const }, { type: 'OFFLINE' as const }, { type: 'ONLINE' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 12 }), async (events) => {
        const { actor, records } = await start({ questionnaire: twoQuestions });
        for (const next of events) actor.send(next as IntakeFormEvent);
        await waitFor(actor, (s) => !s.matches('submitting') && !s.matches('sending') && !s.matches({ offlineQueued: 'saving' }) && !s.matches({ offlineQueued: 'sending' }));
        for (const response of records.resources) {
          const items = (response['item'] as Array<{ linkId: string; answer: Array<Record<string, unknown>> }>) ?? [];
          assert.deepEqual(items.map((item) => item.linkId), ['a', 'b']);
          assert.equal(typeof items[1]!.answer[0]!['valueInteger'], 'number');
        }
        actor.stop();
      }),
      { numRuns: 60 },
    );
  });
});
