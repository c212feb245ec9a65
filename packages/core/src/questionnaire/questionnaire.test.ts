import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildFormModel,
  buildQuestionnaireResponse,
  conditionHolds,
  enabledLinkIds,
  loadExpressionEngine,
  parseAnswerText,
  validateAnswers,
  validateQuestionnaire,
  type Questionnaire,
  type QuestionnaireItem,
} from './index.js';

const ext = {
  regex: 'http://hl7.org/fhir/StructureDefinition/regex',
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  ordinalValue: 'http://hl7.org/fhir/StructureDefinition/ordinalValue',
  calculated: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression',
  enableWhenExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
  initialExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression',
  variable: 'http://hl7.org/fhir/StructureDefinition/variable',
};

function questionnaire(item: QuestionnaireItem[], extra: Partial<Questionnaire> = {}): Questionnaire {
  return { resourceType: 'Questionnaire', url: 'http://example.org/Questionnaire/test', status: 'active', item, ...extra };
}

function modelOf(q: Questionnaire) {
  const check = validateQuestionnaire(q);
  assert.equal(check.ok, true, JSON.stringify(check.problems));
  return buildFormModel(q);
}

describe('validating a questionnaire', () => {
  it('accepts a well-formed questionnaire', () => {
    const check = validateQuestionnaire(questionnaire([{ linkId: 'a', type: 'string', text: 'Name' }]));
    assert.equal(check.ok, true);
  });

  it('reports wrong JSON and a resource that is not a questionnaire', () => {
    assert.deepEqual(validateQuestionnaire('{not json').problems.map((p) => p.code), ['json-invalid']);
    assert.deepEqual(validateQuestionnaire({ resourceType: 'Patient' }).problems.map((p) => p.code), ['not-a-questionnaire']);
    assert.deepEqual(validateQuestionnaire(null).problems.map((p) => p.code), ['not-a-questionnaire']);
  });

  it('reports missing and duplicate linkIds with where they are', () => {
    const check = validateQuestionnaire(
      questionnaire([
        { linkId: 'a', type: 'string' },
        { linkId: 'a', type: 'string' },
        { type: 'string' } as unknown as QuestionnaireItem,
      ]),
    );
    assert.equal(check.ok, false);
    assert.deepEqual(
      check.problems.map((p) => [p.code, p.path]),
      [
        ['linkid-duplicate', 'item[1]'],
        ['linkid-missing', 'item[2]'],
      ],
    );
  });

  it('reports an unknown item type', () => {
    const check = validateQuestionnaire(questionnaire([{ linkId: 'a', type: 'question' as never }]));
    assert.deepEqual(check.problems.map((p) => [p.code, p.linkId]), [['type-unknown', 'a']]);
  });

  it('reports an enableWhen pointing nowhere and one in a cycle', () => {
    const nowhere = validateQuestionnaire(
      questionnaire([{ linkId: 'a', type: 'string', enableWhen: [{ question: 'ghost', operator: 'exists', answerBoolean: true }] }]),
    );
    assert.deepEqual(nowhere.problems.map((p) => p.code), ['enablewhen-target-missing']);
    const cycle = validateQuestionnaire(
      questionnaire([
        { linkId: 'a', type: 'boolean', enableWhen: [{ question: 'b', operator: '=', answerBoolean: true }] },
        { linkId: 'b', type: 'boolean', enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] },
        { linkId: 'c', type: 'boolean', enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] },
      ]),
    );
    assert.deepEqual(cycle.problems.map((p) => [p.code, p.linkId]).sort(), [
      ['enablewhen-cycle', 'a'],
      ['enablewhen-cycle', 'b'],
    ]);
  });

  it('finds a cycle through a group that depends on its own child', () => {
    const check = validateQuestionnaire(
      questionnaire([
        { linkId: 'g', type: 'group', enableWhen: [{ question: 'inner', operator: 'exists', answerBoolean: true }], item: [{ linkId: 'inner', type: 'boolean' }] },
      ]),
    );
    assert.ok(check.problems.some((p) => p.code === 'enablewhen-cycle'));
  });

  it('reports an invalid regex, a bad operator and a missing contained value set', () => {
    const check = validateQuestionnaire(
      questionnaire([
        { linkId: 'a', type: 'string', extension: [{ url: ext.regex, valueString: '([a-z' }] },
        { linkId: 'b', type: 'string', enableWhen: [{ question: 'a', operator: '~' as never, answerString: 'x' }] },
        { linkId: 'c', type: 'choice', answerValueSet: '#missing' },
      ]),
    );
    assert.deepEqual(check.problems.map((p) => p.code), ['regex-invalid', 'enablewhen-invalid', 'valueset-missing']);
  });
});

describe('building the form model', () => {
  it('reads options with ordinal values, controls, limits and initial values', () => {
    const model = modelOf(
      questionnaire([
        {
          linkId: 'mood',
          type: 'choice',
          extension: [{ url: ext.itemControl, valueCodeableConcept: { coding: [{ code: 'radio-button' }] } }],
          answerOption: [
            { valueCoding: { code: 'low', display: 'Low' }, extension: [{ url: ext.ordinalValue, valueDecimal: 0 }] },
            { valueCoding: { code: 'high', display: 'High' }, extension: [{ url: ext.ordinalValue, valueDecimal: 3 }], initialSelected: true },
          ],
        },
        { linkId: 'age', type: 'integer', extension: [{ url: ext.minValue, valueInteger: 0 }, { url: ext.maxValue, valueInteger: 130 }], initial: [{ valueInteger: 30 }] },
      ]),
    );
    const mood = model.byLinkId.get('mood')!;
    assert.equal(mood.control, 'radio-button');
    assert.deepEqual(mood.options.map((o) => [o.label, o.score, o.initialSelected]), [
      ['Low', 0, false],
      ['High', 3, true],
    ]);
    const age = model.byLinkId.get('age')!;
    assert.deepEqual([age.minValue, age.maxValue, age.initial], [0, 130, [{ valueInteger: 30 }]]);
    assert.equal(model.usesExpressions, false);
  });

  it('expands a contained value set into options', () => {
    const model = modelOf(
      questionnaire([{ linkId: 'c', type: 'choice', answerValueSet: '#colours' }], {
        contained: [{ resourceType: 'ValueSet', id: 'colours', expansion: { contains: [{ system: 'urn:x', code: 'r', display: 'Red' }] } }],
      }),
    );
    assert.deepEqual(model.byLinkId.get('c')!.options[0]!.value, { valueCoding: { system: 'urn:x', code: 'r', display: 'Red' } });
  });

  it('lists what it does not support instead of dropping it', () => {
    const model = modelOf(
      questionnaire([
        { linkId: 'r', type: 'reference' },
        { linkId: 'g', type: 'group', repeats: true, item: [{ linkId: 'x', type: 'string' }] },
        { linkId: 'e', type: 'string', extension: [{ url: 'http://example.org/odd', valueString: 'x' }] },
        { linkId: 'v', type: 'choice', answerValueSet: 'http://loinc.org/vs/LL358-3' },
        { linkId: 't', type: 'choice', extension: [{ url: ext.itemControl, valueCodeableConcept: { coding: [{ code: 'autocomplete' }] } }] },
      ]),
    );
    assert.deepEqual(model.unsupported.map((u) => u.linkId), ['r', 'g', 'e', 'v', 't']);
  });

  it('makes one page per page group and keeps loose items together', () => {
    const page = { url: ext.itemControl, valueCodeableConcept: { coding: [{ code: 'page' }] } };
    const model = modelOf(
      questionnaire([
        { linkId: 'intro', type: 'display', text: 'Hello' },
        { linkId: 'p1', type: 'group', text: 'About you', extension: [page], item: [{ linkId: 'a', type: 'string' }] },
        { linkId: 'p2', type: 'group', text: 'Your mood', extension: [page], item: [{ linkId: 'b', type: 'string' }] },
      ]),
    );
    assert.deepEqual(model.pages.map((p) => p.items.map((i) => i.linkId)), [['intro'], ['p1'], ['p2']]);
  });
});

describe('enableWhen', () => {
  const coding = { system: 'urn:s', code: 'yes' };
  const cases: Array<[string, Parameters<typeof conditionHolds>[0], Parameters<typeof conditionHolds>[1], boolean]> = [
    ['exists true with an answer', { question: 'q', operator: 'exists', answerBoolean: true }, [{ valueString: 'x' }], true],
    ['exists true without an answer', { question: 'q', operator: 'exists', answerBoolean: true }, [], false],
    ['exists false without an answer', { question: 'q', operator: 'exists', answerBoolean: false }, [], true],
    ['= on codings', { question: 'q', operator: '=', answerCoding: coding }, [{ valueCoding: { ...coding, display: 'Yes' } }], true],
    ['= on codings of another system', { question: 'q', operator: '=', answerCoding: coding }, [{ valueCoding: { system: 'urn:t', code: 'yes' } }], false],
    ['!= with a different answer', { question: 'q', operator: '!=', answerInteger: 3 }, [{ valueInteger: 2 }], true],
    ['!= with no answer', { question: 'q', operator: '!=', answerInteger: 3 }, [], true],
    ['!= with an equal answer', { question: 'q', operator: '!=', answerInteger: 3 }, [{ valueInteger: 3 }], false],
    ['> on integers', { question: 'q', operator: '>', answerInteger: 0 }, [{ valueInteger: 1 }], true],
    ['> on an equal integer', { question: 'q', operator: '>', answerInteger: 1 }, [{ valueInteger: 1 }], false],
    ['< on decimals', { question: 'q', operator: '<', answerDecimal: 1.5 }, [{ valueDecimal: 1.2 }], true],
    ['>= on dates', { question: 'q', operator: '>=', answerDate: '2020-01-01' }, [{ valueDate: '2020-01-01' }], true],
    ['<= on times', { question: 'q', operator: '<=', answerTime: '08:00:00' }, [{ valueTime: '09:00:00' }], false],
    ['= on booleans', { question: 'q', operator: '=', answerBoolean: false }, [{ valueBoolean: false }], true],
    ['> on quantities of the same unit', { question: 'q', operator: '>', answerQuantity: { value: 50, code: 'kg' } }, [{ valueQuantity: { value: 60, code: 'kg' } }], true],
    ['= on strings', { question: 'q', operator: '=', answerString: 'a' }, [{ valueString: 'b' }, { valueString: 'a' }], true],
  ];
  for (const [name, condition, answers, expected] of cases) {
    it(`${expected ? 'holds' : 'does not hold'}: ${name}`, () => assert.equal(conditionHolds(condition, answers), expected));
  }

  it('combines conditions with enableBehavior all and any, and hides children of a disabled group', () => {
    const model = modelOf(
      questionnaire([
        { linkId: 'a', type: 'boolean' },
        { linkId: 'b', type: 'integer' },
        {
          linkId: 'all',
          type: 'group',
          enableBehavior: 'all',
          enableWhen: [
            { question: 'a', operator: '=', answerBoolean: true },
            { question: 'b', operator: '>', answerInteger: 5 },
          ],
          item: [{ linkId: 'inside', type: 'string' }],
        },
        {
          linkId: 'any',
          type: 'string',
          enableBehavior: 'any',
          enableWhen: [
            { question: 'a', operator: '=', answerBoolean: true },
            { question: 'b', operator: '>', answerInteger: 5 },
          ],
        },
        { linkId: 'chained', type: 'string', enableWhen: [{ question: 'inside', operator: 'exists', answerBoolean: true }] },
      ]),
    );
    const one = enabledLinkIds(model, { a: [{ valueBoolean: true }], b: [{ valueInteger: 1 }], inside: [{ valueString: 'x' }] });
    assert.deepEqual([one.has('all'), one.has('inside'), one.has('any'), one.has('chained')], [false, false, true, false]);
    const both = enabledLinkIds(model, { a: [{ valueBoolean: true }], b: [{ valueInteger: 9 }], inside: [{ valueString: 'x' }] });
    assert.deepEqual([both.has('all'), both.has('inside'), both.has('any'), both.has('chained')], [true, true, true, true]);
  });
});

describe('checking answers', () => {
  it('parses typed entries by item type', () => {
    assert.deepEqual(parseAnswerText({ linkId: 'i', type: 'integer' }, ' 42 '), { ok: true, value: { valueInteger: 42 } });
    assert.deepEqual(parseAnswerText({ linkId: 'i', type: 'integer' }, '4.2'), { ok: false, problem: { linkId: 'i', code: 'not-integer' } });
    assert.deepEqual(parseAnswerText({ linkId: 'd', type: 'decimal' }, '-1.5'), { ok: true, value: { valueDecimal: -1.5 } });
    assert.equal(parseAnswerText({ linkId: 'd', type: 'decimal' }, '1e5').ok, false);
    assert.deepEqual(parseAnswerText({ linkId: 'd', type: 'date' }, '2024-02-29'), { ok: true, value: { valueDate: '2024-02-29' } });
    assert.equal(parseAnswerText({ linkId: 'd', type: 'date' }, '2023-02-29').ok, false);
    assert.deepEqual(parseAnswerText({ linkId: 't', type: 'time' }, '09:30'), { ok: true, value: { valueTime: '09:30:00' } });
    assert.equal(parseAnswerText({ linkId: 't', type: 'time' }, '25:00').ok, false);
    assert.deepEqual(parseAnswerText({ linkId: 'x', type: 'dateTime' }, '2024-05-01T10:00Z'), { ok: true, value: { valueDateTime: '2024-05-01T10:00:00Z' } });
    assert.match((parseAnswerText({ linkId: 'x', type: 'dateTime' }, '2024-05-01T10:00') as { value: { valueDateTime: string } }).value.valueDateTime, /^2024-05-01T10:00:00(Z|[+-]\d\d:\d\d)$/);
    assert.deepEqual(parseAnswerText({ linkId: 'u', type: 'url' }, 'https://example.org/a'), { ok: true, value: { valueUri: 'https://example.org/a' } });
    assert.equal(parseAnswerText({ linkId: 'u', type: 'url' }, 'not a url').ok, false);
  });

  it('checks required, maxLength, min/max and regex on enabled items only', () => {
    const model = modelOf(
      questionnaire([
        { linkId: 'name', type: 'string', required: true, maxLength: 5 },
        { linkId: 'zip', type: 'string', extension: [{ url: ext.regex, valueString: '\\d{5}' }, { url: 'http://hl7.org/fhir/StructureDefinition/entryFormat', valueString: '12345' }] },
        { linkId: 'age', type: 'integer', extension: [{ url: ext.minValue, valueInteger: 18 }, { url: ext.maxValue, valueInteger: 120 }] },
        { linkId: 'gate', type: 'boolean' },
        { linkId: 'hidden-required', type: 'string', required: true, enableWhen: [{ question: 'gate', operator: '=', answerBoolean: true }] },
      ]),
    );
    const answers = { name: [{ valueString: 'Alexandra' }], zip: [{ valueString: '1234a' }], age: [{ valueInteger: 12 }] };
    const problems = validateAnswers(model, answers, enabledLinkIds(model, answers));
    assert.deepEqual(problems, [
      { linkId: 'name', code: 'too-long', limit: 5 },
      { linkId: 'zip', code: 'pattern', limit: '12345' },
      { linkId: 'age', code: 'below-min', limit: 18 },
    ]);
    const gated = { ...answers, gate: [{ valueBoolean: true }] };
    assert.ok(validateAnswers(model, gated, enabledLinkIds(model, gated)).some((p) => p.linkId === 'hidden-required' && p.code === 'required'));
    assert.deepEqual(validateAnswers(model, {}, enabledLinkIds(model, {})), [{ linkId: 'name', code: 'required' }]);
  });
});

describe('answers of the wrong shape', () => {
  it('rejects a value of another type and a choice that is not among the options', () => {
    const model = modelOf(
      questionnaire([
        { linkId: 'n', type: 'integer' },
        { linkId: 'c', type: 'choice', answerOption: [{ valueCoding: { system: 'urn:s', code: 'a' } }] },
        { linkId: 'o', type: 'open-choice', answerOption: [{ valueCoding: { system: 'urn:s', code: 'a' } }] },
      ]),
    );
    const answers = { n: [{ valueString: '3' }], c: [{ valueCoding: { system: 'urn:s', code: 'zzz' } }], o: [{ valueString: 'something else' }] };
    assert.deepEqual(validateAnswers(model, answers, enabledLinkIds(model, answers)), [
      { linkId: 'n', code: 'wrong-type' },
      { linkId: 'c', code: 'not-an-option' },
    ]);
  });
});

describe('building the QuestionnaireResponse', () => {
  it('nests answers like the questionnaire and leaves out disabled and display items', () => {
    const model = modelOf(
      questionnaire(
        [
          { linkId: 'intro', type: 'display', text: 'Read me' },
          { linkId: 'g', type: 'group', text: 'Group', item: [{ linkId: 'a', type: 'boolean', text: 'A?' }, { linkId: 'b', type: 'string', text: 'B', enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] }] },
          { linkId: 'multi', type: 'choice', repeats: true, answerOption: [{ valueString: 'x' }, { valueString: 'y' }] },
        ],
        { version: '2' },
      ),
    );
    const answers = { a: [{ valueBoolean: false }], b: [{ valueString: 'stale' }], multi: [{ valueString: 'x' }, { valueString: 'y' }] };
    const response = buildQuestionnaireResponse(model, answers, enabledLinkIds(model, answers), {
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      author: { reference: 'Patient/p1' },
      authored: '2026-01-02T03:04:05Z',
      identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:1' },
    });
    assert.deepEqual(response, {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:1' },
      questionnaire: 'http://example.org/Questionnaire/test|2',
      subject: { reference: 'Patient/p1' },
      authored: '2026-01-02T03:04:05Z',
      author: { reference: 'Patient/p1' },
      item: [
        { linkId: 'g', text: 'Group', item: [{ linkId: 'a', text: 'A?', answer: [{ valueBoolean: false }] }] },
        { linkId: 'multi', answer: [{ valueString: 'x' }, { valueString: 'y' }] },
      ],
    });
  });
});

describe('FHIRPath expressions', () => {
  const expression = (url: string, text: string) => ({ url, valueExpression: { language: 'text/fhirpath', expression: text } });

  it('computes calculatedExpression with variables, enableWhenExpression and initialExpression', async () => {
    const model = modelOf(
      questionnaire(
        [
          { linkId: 'a', type: 'integer' },
          { linkId: 'b', type: 'integer' },
          { linkId: 'sum', type: 'integer', readOnly: true, extension: [expression(ext.calculated, '%a + %b')] },
          { linkId: 'big', type: 'string', extension: [expression(ext.enableWhenExpression, "%resource.item.where(linkId='sum').answer.value > 10")] },
          { linkId: 'start', type: 'string', extension: [expression(ext.initialExpression, "'hello'")] },
        ],
        {
          extension: [
            { url: ext.variable, valueExpression: { name: 'a', language: 'text/fhirpath', expression: "%resource.item.where(linkId='a').answer.value" } },
            { url: ext.variable, valueExpression: { name: 'b', language: 'text/fhirpath', expression: "%resource.item.where(linkId='b').answer.value" } },
          ],
        },
      ),
    );
    assert.equal(model.usesExpressions, true);
    const engine = await loadExpressionEngine();
    const outcome = engine.evaluate(model, { a: [{ valueInteger: 4 }], b: [{ valueInteger: 9 }] });
    assert.deepEqual(outcome.answers['sum'], [{ valueInteger: 13 }]);
    assert.equal(outcome.enableWhen.get('big'), true);
    const small = engine.evaluate(model, { a: [{ valueInteger: 1 }], b: [{ valueInteger: 2 }] });
    assert.equal(small.enableWhen.get('big'), false);
    assert.equal(enabledLinkIds(model, small.answers, small.enableWhen).has('big'), false);
    assert.deepEqual(engine.initialAnswers(model, {})['start'], [{ valueString: 'hello' }]);
  });

  it('reports an expression that fails instead of throwing', async () => {
    const model = modelOf(questionnaire([{ linkId: 'x', type: 'integer', extension: [expression(ext.calculated, 'this is ( not fhirpath')] }]));
    const engine = await loadExpressionEngine();
    assert.deepEqual(engine.evaluate(model, {}).failed, ['x']);
  });
});

describe('arbitrary questionnaires', () => {
  const linkIds = fc.constantFrom('a', 'b', 'c', 'd', 'e', '', 'a');
  const anyValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.object({ maxDepth: 1 }));
  const enableWhen = fc.record(
    {
      question: fc.oneof(linkIds, anyValue),
      operator: fc.oneof(fc.constantFrom('exists', '=', '!=', '>', '<', '>=', '<='), anyValue),
      answerBoolean: fc.oneof(fc.boolean(), anyValue),
      answerInteger: fc.integer(),
      answerString: fc.string(),
      answerCoding: fc.record({ code: fc.string() }),
    },
    { requiredKeys: [] },
  );
  const extension = fc.oneof(
    fc.record({ url: fc.constant(ext.regex), valueString: fc.oneof(fc.string(), fc.constant('([')) }),
    fc.record({ url: fc.constant(ext.minValue), valueInteger: fc.integer() }),
    fc.record({ url: fc.constant(ext.itemControl), valueCodeableConcept: fc.record({ coding: fc.array(fc.record({ code: fc.constantFrom('page', 'radio-button', 'slider', 'odd') })) }) }),
    fc.record({ url: fc.string(), valueString: fc.string() }),
    anyValue,
  );
  const { item } = fc.letrec((tie) => ({
    item: fc.oneof(
      { depthSize: 'small' },
      fc.record(
        {
          linkId: fc.oneof(linkIds, anyValue),
          type: fc.oneof(fc.constantFrom('group', 'display', 'boolean', 'decimal', 'integer', 'date', 'string', 'choice', 'open-choice', 'quantity', 'reference', 'nonsense'), anyValue),
          text: fc.oneof(fc.string(), anyValue),
          required: fc.oneof(fc.boolean(), anyValue),
          repeats: fc.boolean(),
          enableWhen: fc.oneof(fc.array(enableWhen, { maxLength: 3 }), anyValue),
          enableBehavior: fc.oneof(fc.constantFrom('all', 'any'), anyValue),
          answerOption: fc.oneof(fc.array(fc.oneof(fc.record({ valueString: fc.string() }), fc.record({ valueCoding: fc.record({ code: fc.string() }) }), anyValue), { maxLength: 3 }), anyValue),
          answerValueSet: fc.constantFrom('#vs', '#none', 'http://x'),
          extension: fc.oneof(fc.array(extension, { maxLength: 3 }), anyValue),
          item: fc.oneof(fc.array(tie('item'), { maxLength: 3 }), anyValue),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
  }));
  const questionnaires = fc.oneof(
    fc.record({
      resourceType: fc.constantFrom('Questionnaire', 'Questionnaire', 'Patient'),
      item: fc.oneof(fc.array(item, { maxLength: 6 }), anyValue),
      contained: fc.constant([{ resourceType: 'ValueSet', id: 'vs', expansion: { contains: [{ code: 'x' }] } }]),
    }),
    fc.string().map((text) => `{"resourceType":"Questionnaire","item":${text}`),
    anyValue,
  );

  it('validate, model, enablement, answer checks and response building never throw', () => {
    fc.assert(
      fc.property(questionnaires, fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.array(fc.oneof(fc.record({ valueString: fc.string() }), fc.record({ valueInteger: fc.integer() })), { maxLength: 2 })), (input, answers) => {
        const check = validateQuestionnaire(input);
        if (!check.ok) {
          assert.ok(check.problems.length > 0);
          return;
        }
        const model = buildFormModel(check.questionnaire);
        const enabled = enabledLinkIds(model, answers);
        validateAnswers(model, answers, enabled);
        const response = buildQuestionnaireResponse(model, answers, enabled, { status: 'completed' });
        assert.equal(response.resourceType, 'QuestionnaireResponse');
      }),
      { numRuns: 400 },
    );
  });

  // Well-formed questionnaires: unique linkIds, known types, enableWhen pointing only at earlier questions.
  const wellFormed = fc
    .array(
      fc.record({
        type: fc.constantFrom('group', 'display', 'boolean', 'integer', 'string', 'choice'),
        parent: fc.nat(),
        gate: fc.option(fc.nat(), { nil: undefined }),
        operator: fc.constantFrom('exists', '=', '!=', '>', '<', '>=', '<='),
        required: fc.boolean(),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((specs) => {
      const root: QuestionnaireItem[] = [];
      const groups: QuestionnaireItem[] = [];
      const questions: QuestionnaireItem[] = [];
      specs.forEach((spec, index) => {
        const item: QuestionnaireItem = { linkId: `i${index}`, type: spec.type as QuestionnaireItem['type'], text: `Item ${index}`, required: spec.required };
        if (spec.type === 'choice') item.answerOption = [{ valueString: 'x' }, { valueString: 'y' }];
        const target = spec.gate === undefined ? undefined : questions[spec.gate % Math.max(1, questions.length)];
        if (target) {
          const answer = target.type === 'boolean' ? { answerBoolean: true } : target.type === 'integer' ? { answerInteger: 1 } : { answerString: 'x' };
          item.enableWhen = [spec.operator === 'exists' ? { question: target.linkId, operator: 'exists', answerBoolean: true } : { question: target.linkId, operator: spec.operator, ...answer }];
        }
        const parent = groups.length ? groups[spec.parent % (groups.length + 1)] : undefined;
        if (parent) (parent.item ??= []).push(item);
        else root.push(item);
        if (spec.type === 'group') groups.push(item);
        else if (spec.type !== 'display') questions.push(item);
      });
      return questionnaire(root);
    });

  it('builds a response from well-formed questionnaires holding only enabled questions that exist', () => {
    fc.assert(
      fc.property(wellFormed, fc.dictionary(fc.constantFrom(...Array.from({ length: 25 }, (_, i) => `i${i}`)), fc.constantFrom([{ valueBoolean: true }], [{ valueInteger: 1 }], [{ valueString: 'x' }], [])), (q, answers) => {
        const check = validateQuestionnaire(q);
        assert.equal(check.ok, true, JSON.stringify(check.problems));
        const model = buildFormModel(q);
        const enabled = enabledLinkIds(model, answers);
        validateAnswers(model, answers, enabled);
        const response = buildQuestionnaireResponse(model, answers, enabled, { status: 'in-progress' });
        const walk = (items: typeof response.item = []): void => {
          for (const item of items) {
            const formItem = model.byLinkId.get(item.linkId);
            assert.ok(formItem, item.linkId);
            assert.ok(enabled.has(item.linkId));
            assert.notEqual(formItem.type, 'display');
            walk(item.item);
          }
        };
        walk(response.item);
      }),
      { numRuns: 300 },
    );
  });
});
