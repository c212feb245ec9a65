import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActor, waitFor } from 'xstate';
import { AttuneError } from '../errors.js';
import { connectIntakeForm } from '../intake-form/intake-form.connect.js';
import { intakeFormMachine } from '../intake-form/intake-form.machine.js';
import type { FhirResource, Records } from '../ports.js';
import {
  buildFormModel,
  buildQuestionnaireResponse,
  enabledLinkIds,
  validateAnswers,
  validateQuestionnaire,
  type AnswerValue,
  type QuestionnaireResponse,
} from '../questionnaire/index.js';
import { assessRisk, cssrs, cssrsQuestions as q, instruments, scoreObservation, scoreResponse, type CssrsRiskLevel } from './index.js';
import { instrumentRulesLoaderFor, instrumentRulesLoaderForResponse, riskCheckedInAnyQuestionnaire } from './instrument-rules.js';

type YesNo = 'yes' | 'no';
type Choices = Partial<Record<string, YesNo>>;

const model = buildFormModel(cssrs);
const coding = (choice: YesNo) => ({ system: 'http://loinc.org', code: choice === 'yes' ? 'LA33-6' : 'LA32-8', display: choice === 'yes' ? 'Yes' : 'No' });
const answersOf = (choices: Choices): Record<string, AnswerValue[]> =>
  Object.fromEntries(Object.entries(choices).map(([linkId, choice]) => [linkId, [{ valueCoding: coding(choice!) }]]));

/** What the questionnaire engine makes of the patient's choices: the questions shown, what is missing, the response. */
function fill(choices: Choices) {
  const answers = answersOf(choices);
  const enabled = enabledLinkIds(model, answers);
  const problems = validateAnswers(model, answers, enabled);
  const response = buildQuestionnaireResponse(model, answers, enabled, {
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    authored: '2026-03-01T10:00:00Z',
    identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:cssrs-1' },
  });
  const questionsShown = model.ordered.filter((item) => item.type === 'choice' && enabled.has(item.linkId)).map((item) => item.linkId);
  return { enabled, problems, response, questionsShown };
}

const questionOrder = [q.wishedDead, q.suicidalThoughts, q.thoughtsOfMethod, q.intentToAct, q.planAndIntent, q.suicidalBehavior, q.behaviorPastThreeMonths];

/**
 * The published triage, item by item: the level each "yes" points to (C-SSRS Screen Version with
 * triage points). A screen's level is the highest its "yes" answers reach.
 */
const levelOfYes: Record<string, CssrsRiskLevel> = {
  [q.wishedDead]: 'low',
  [q.suicidalThoughts]: 'low',
  [q.thoughtsOfMethod]: 'moderate',
  [q.intentToAct]: 'high',
  [q.planAndIntent]: 'high',
  [q.suicidalBehavior]: 'moderate',
  [q.behaviorPastThreeMonths]: 'high',
};
const order: CssrsRiskLevel[] = ['negative', 'low', 'moderate', 'high'];
const publishedLevel = (choices: Choices) =>
  Object.entries(choices).reduce<CssrsRiskLevel>((highest, [linkId, choice]) => (choice === 'yes' && order.indexOf(levelOfYes[linkId]!) > order.indexOf(highest) ? levelOfYes[linkId]! : highest), 'negative');

/** Every way through the skip logic to a finished screen: 2 × (1 + 8) × (1 + 2) = 54 paths. */
function everyPath(): Choices[] {
  const both: YesNo[] = ['yes', 'no'];
  const paths: Choices[] = [];
  for (const wishedDead of both)
    for (const suicidalThoughts of both) {
      const ideation: Choices[] =
        suicidalThoughts === 'no'
          ? [{}]
          : both.flatMap((method) => both.flatMap((intent) => both.map((plan) => ({ [q.thoughtsOfMethod]: method, [q.intentToAct]: intent, [q.planAndIntent]: plan }))));
      const behavior: Choices[] = [{ [q.suicidalBehavior]: 'no' }, { [q.suicidalBehavior]: 'yes', [q.behaviorPastThreeMonths]: 'yes' }, { [q.suicidalBehavior]: 'yes', [q.behaviorPastThreeMonths]: 'no' }];
      for (const middle of ideation) for (const last of behavior) paths.push({ [q.wishedDead]: wishedDead, [q.suicidalThoughts]: suicidalThoughts, ...middle, ...last });
    }
  return paths;
}

const instrument = instruments.find((candidate) => candidate.id === 'c-ssrs')!;

describe('the C-SSRS screener', () => {
  it('is valid, fully supported, coded with LOINC panel 93373-9 and its item codes, and carries its use notice', () => {
    const check = validateQuestionnaire(cssrs);
    assert.equal(check.ok, true, JSON.stringify(check.problems));
    assert.deepEqual(model.unsupported, []);
    assert.deepEqual(cssrs.code?.map((c) => [c.system, c.code]), [['http://loinc.org', '93373-9']]);
    const questions = cssrs.item!.filter((item) => item.type === 'choice');
    assert.deepEqual(questions.map((item) => item.linkId), questionOrder);
    assert.deepEqual(questions.map((item) => item.code?.[0]?.code), ['93246-7', '93247-5', '93248-3', '93249-1', '93250-9', '93267-3', '93269-9']);
    assert.deepEqual(questions.map((item) => item.required), questions.map(() => true));
    assert.match(cssrs.copyright ?? '', /Research Foundation for Mental Hygiene/);
    assert.match(cssrs.copyright ?? '', /Columbia Lighthouse Project/);
  });

  describe('skip logic, through the questionnaire engine', () => {
    it('asks 1, 2 and 6 before anything is answered, and only those are required', () => {
      const { questionsShown, problems } = fill({});
      assert.deepEqual(questionsShown, [q.wishedDead, q.suicidalThoughts, q.suicidalBehavior]);
      assert.deepEqual(problems.map((p) => [p.linkId, p.code]), questionsShown.map((linkId) => [linkId, 'required']));
    });

    it('goes from a "no" to 2 straight to 6, whatever 1 was', () => {
      for (const wishedDead of ['yes', 'no'] as const) {
        const { questionsShown, enabled } = fill({ [q.wishedDead]: wishedDead, [q.suicidalThoughts]: 'no' });
        assert.deepEqual(questionsShown, [q.wishedDead, q.suicidalThoughts, q.suicidalBehavior], `1 = ${wishedDead}`);
        assert.equal(enabled.has('cssrs-3-example'), false, 'the examples of 3 and 4 go with them');
        assert.equal(enabled.has('cssrs-4-contrast'), false);
      }
    });

    it('asks 3, 4 and 5 after a "yes" to 2, and requires them', () => {
      const { questionsShown, problems, enabled } = fill({ [q.wishedDead]: 'no', [q.suicidalThoughts]: 'yes', [q.suicidalBehavior]: 'no' });
      assert.deepEqual(questionsShown, [q.wishedDead, q.suicidalThoughts, q.thoughtsOfMethod, q.intentToAct, q.planAndIntent, q.suicidalBehavior]);
      assert.deepEqual(problems.map((p) => p.linkId), [q.thoughtsOfMethod, q.intentToAct, q.planAndIntent]);
      assert.equal(enabled.has('cssrs-3-example') && enabled.has('cssrs-4-contrast'), true);
    });

    it('asks "within the past 3 months?" only after a "yes" to 6', () => {
      assert.equal(fill({ [q.suicidalBehavior]: 'no' }).enabled.has(q.behaviorPastThreeMonths), false);
      const afterYes = fill({ [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'yes' });
      assert.equal(afterYes.questionsShown.at(-1), q.behaviorPastThreeMonths);
      assert.deepEqual(afterYes.problems.map((p) => p.linkId), [q.behaviorPastThreeMonths]);
    });

    it('leaves answers to 3–5 out of the response once 2 is changed to "no"', () => {
      const { response, problems } = fill({ [q.wishedDead]: 'yes', [q.suicidalThoughts]: 'no', [q.thoughtsOfMethod]: 'yes', [q.intentToAct]: 'yes', [q.planAndIntent]: 'yes', [q.suicidalBehavior]: 'no' });
      assert.deepEqual(problems, []);
      assert.deepEqual(response.item?.map((item) => item.linkId), [q.wishedDead, q.suicidalThoughts, q.suicidalBehavior]);
      assert.equal(scoreResponse(response)?.band.code, 'low', 'the hidden "yes" to 4 does not make it high');
    });
  });

  describe('triage against the published table', () => {
    const rows: Array<[string, Choices, CssrsRiskLevel]> = [
      ['all "no"', { [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'no' }, 'negative'],
      ['"yes" to 1 only', { [q.wishedDead]: 'yes', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'no' }, 'low'],
      ['"yes" to 2, "no" to 3–5', { [q.wishedDead]: 'no', [q.suicidalThoughts]: 'yes', [q.thoughtsOfMethod]: 'no', [q.intentToAct]: 'no', [q.planAndIntent]: 'no', [q.suicidalBehavior]: 'no' }, 'low'],
      ['"yes" to 3', { [q.wishedDead]: 'yes', [q.suicidalThoughts]: 'yes', [q.thoughtsOfMethod]: 'yes', [q.intentToAct]: 'no', [q.planAndIntent]: 'no', [q.suicidalBehavior]: 'no' }, 'moderate'],
      ['behavior more than 3 months ago', { [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'yes', [q.behaviorPastThreeMonths]: 'no' }, 'moderate'],
      ['"yes" to 4', { [q.wishedDead]: 'yes', [q.suicidalThoughts]: 'yes', [q.thoughtsOfMethod]: 'no', [q.intentToAct]: 'yes', [q.planAndIntent]: 'no', [q.suicidalBehavior]: 'no' }, 'high'],
      ['"yes" to 5', { [q.wishedDead]: 'yes', [q.suicidalThoughts]: 'yes', [q.thoughtsOfMethod]: 'yes', [q.intentToAct]: 'no', [q.planAndIntent]: 'yes', [q.suicidalBehavior]: 'no' }, 'high'],
      ['behavior within the past 3 months, no ideation', { [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'yes', [q.behaviorPastThreeMonths]: 'yes' }, 'high'],
    ];
    for (const [name, choices, level] of rows) {
      it(`${name} is ${level === 'negative' ? 'a negative screen' : `${level} risk`}`, () => {
        const { response, problems } = fill(choices);
        assert.deepEqual(problems, [], 'a finished screen');
        assert.equal(scoreResponse(response)?.band.code, level);
        const flags = assessRisk(response, '2026-03-01T10:00:00Z');
        if (level === 'negative') assert.deepEqual(flags, [], 'a negative screen raises nothing');
        else {
          assert.deepEqual(flags.map((flag) => [flag.code, flag.raisedAt]), [['cssrs-positive', '2026-03-01T10:00:00Z']]);
          assert.match(flags[0]!.label, new RegExp(`^C-SSRS positive screen, ${level} risk`));
        }
      });
    }

    it('every one of the 54 paths through the skip logic gets the published level, a flag exactly when positive, and an Observation', () => {
      const paths = everyPath();
      assert.equal(paths.length, 54);
      const seen = new Set<CssrsRiskLevel>();
      for (const choices of paths) {
        const { response, problems } = fill(choices);
        const expected = publishedLevel(choices);
        seen.add(expected);
        assert.deepEqual(problems, [], JSON.stringify(choices));
        const score = scoreResponse(response);
        assert.equal(score?.band.code, expected, JSON.stringify(choices));
        assert.deepEqual(assessRisk(response).map((flag) => flag.code), expected === 'negative' ? [] : ['cssrs-positive'], JSON.stringify(choices));
        const observation = scoreObservation({ ...response, id: 'qr-1' }, score!);
        assert.equal((observation['valueCodeableConcept'] as { text: string }).text, score!.band.display);
      }
      assert.deepEqual([...seen].sort(), ['high', 'low', 'moderate', 'negative']);
    });

    it('gives no result while a question the patient was asked is unanswered, but still raises the flag its "yes" answers reach', () => {
      const unfinished = fill({ [q.wishedDead]: 'yes', [q.suicidalThoughts]: 'yes', [q.intentToAct]: 'yes' }).response;
      assert.equal(scoreResponse(unfinished), undefined);
      assert.match(assessRisk(unfinished)[0]?.label ?? '', /high risk/);
    });

    it('recognises the screener by its LOINC item codes in a copy served by an EHR (LHC-Forms linkIds start with "/")', () => {
      const ehrCopy = (answers: Record<string, YesNo>): QuestionnaireResponse => ({
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        questionnaire: 'https://ehr.example/Questionnaire/cssrs',
        item: Object.entries(answers).map(([linkId, choice]) => ({ linkId: `/${linkId}`, answer: [{ valueCoding: coding(choice) }] })),
      });
      assert.deepEqual(assessRisk(ehrCopy({ [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'no' })), []);
      assert.match(assessRisk(ehrCopy({ [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'yes', [q.behaviorPastThreeMonths]: 'yes' }))[0]?.label ?? '', /high risk/);
      const booleans: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: 'completed', item: [{ linkId: q.wishedDead, answer: [{ valueBoolean: true }] }] };
      assert.deepEqual(assessRisk(booleans).map((flag) => flag.code), ['cssrs-positive']);
    });
  });

  describe('the result Observation', () => {
    it('codes the level with LOINC 93374-7 "Suicide risk level" and its LL465-6 answer, derived from the response', () => {
      const { response } = fill({ [q.wishedDead]: 'yes', [q.suicidalThoughts]: 'yes', [q.thoughtsOfMethod]: 'yes', [q.intentToAct]: 'yes', [q.planAndIntent]: 'no', [q.suicidalBehavior]: 'no' });
      const observation = scoreObservation({ ...response, id: 'qr-7' }, scoreResponse(response)!);
      assert.deepEqual(observation, {
        resourceType: 'Observation',
        status: 'final',
        identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:cssrs-1/c-ssrs-risk-level' }],
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '93374-7', display: 'Suicide risk level' }], text: 'Suicide risk level' },
        subject: { reference: 'Patient/p1' },
        effectiveDateTime: '2026-03-01T10:00:00Z',
        valueCodeableConcept: {
          coding: [
            { system: 'http://loinc.org', code: 'LA9193-9', display: 'High' },
            { system: 'https://fhir.attune.dev/CodeSystem/severity-band', code: 'high', display: 'High risk' },
          ],
          text: 'High risk',
        },
        derivedFrom: [{ reference: 'QuestionnaireResponse/qr-7' }],
      });
    });

    it('uses LOINC Low and Moderate for those levels, and records a negative screen with Attune\'s code alone (LOINC has none)', () => {
      assert.deepEqual(instrument.bands.map((band) => [band.code, band.answer?.code]), [['negative', undefined], ['low', 'LA9194-7'], ['moderate', 'LA6751-7'], ['high', 'LA9193-9']]);
      const { response } = fill({ [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'no' });
      const value = scoreObservation({ ...response, id: 'qr-8' }, scoreResponse(response)!)['valueCodeableConcept'];
      assert.deepEqual(value, { coding: [{ system: 'https://fhir.attune.dev/CodeSystem/severity-band', code: 'negative', display: 'Negative screen' }], text: 'Negative screen' });
    });
  });
});

/** An in-memory FHIR store for one submit: keeps what is written and gives it an id. */
class MemoryRecords implements Records {
  resources: FhirResource[] = [];
  async create<T extends FhirResource>(resource: T): Promise<T> {
    const stored = { ...resource, id: String(this.resources.length + 1) };
    this.resources.push(stored);
    return stored;
  }
  async read<T extends FhirResource>(): Promise<T> {
    throw new AttuneError('records/not-found', 'No such record.');
  }
  async update<T extends FhirResource>(resource: T): Promise<T> {
    return resource;
  }
  async search<T extends FhirResource>(): Promise<T[]> {
    return [];
  }
}

describe('a positive C-SSRS screen in the intake form', () => {
  it('has its scoring and risk rules loaded for Attune\'s copy and for any questionnaire holding its LOINC items', () => {
    assert.ok(instrumentRulesLoaderFor(`${cssrs.url}|${cssrs.version}`, []));
    for (const code of questionOrder) {
      assert.ok(riskCheckedInAnyQuestionnaire.includes(code) && riskCheckedInAnyQuestionnaire.includes(`/${code}`), code);
    }
    const ehrResponse: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: 'https://ehr.example/Questionnaire/cssrs', item: [{ linkId: `/${q.suicidalBehavior}` }] };
    assert.ok(instrumentRulesLoaderForResponse(ehrResponse), 'an outboxed EHR copy still gets the rules');
  });

  it('shows the patient crisis resources after submitting, and no practice configuration can take them or the flag away', async () => {
    const records = new MemoryRecords();
    const impostor = { id: '988', name: 'Our front desk', contact: 'Call the office', href: 'tel:5550000' };
    const actor = createActor(intakeFormMachine, {
      input: { questionnaire: cssrs, records, subject: { reference: 'Patient/p1' }, crisisResources: [impostor], now: () => '2026-03-01T10:00:00Z' },
    }).start();
    const view = () => connectIntakeForm(actor.getSnapshot(), actor.send);
    await waitFor(actor, () => view().state === 'empty', { timeout: 5000 });
    const choices: Choices = { [q.wishedDead]: 'no', [q.suicidalThoughts]: 'no', [q.suicidalBehavior]: 'yes', [q.behaviorPastThreeMonths]: 'yes' };
    for (const linkId of questionOrder) if (choices[linkId]) view().answer(linkId, [{ valueCoding: coding(choices[linkId]!) }]);
    view().submit();
    await waitFor(actor, () => view().state === 'submitted', { timeout: 5000 });
    const form = view();
    assert.deepEqual(form.riskFlags.map((flag) => flag.code), ['cssrs-positive']);
    assert.match(form.riskFlags[0]!.label, /high risk/);
    assert.equal(form.showCrisisResources, true);
    assert.deepEqual(form.crisisResources.map((resource) => [resource.id, resource.href]), [['988', 'tel:988'], ['911', 'tel:911']]);
    const observation = records.resources.find((resource) => resource.resourceType === 'Observation');
    assert.deepEqual((observation?.['valueCodeableConcept'] as { coding: Array<{ code: string }> }).coding[0]?.code, 'LA9193-9');
    actor.stop();
  });
});
