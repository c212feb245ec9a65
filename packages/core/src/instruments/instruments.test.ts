import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFormModel, validateQuestionnaire, type Questionnaire, type QuestionnaireResponse } from '../questionnaire/index.js';
import {
  assessRisk,
  auditC,
  crisisResources,
  cssrs,
  defaultCrisisResources,
  epds,
  gad7,
  instruments,
  pcl5,
  phq9,
  phqa,
  scoreObservation,
  scoreResponse,
  sampleIntake,
  telehealthConsent,
} from './index.js';

/** A completed response choosing, for each listed linkId, the option worth the given score. */
function respond(questionnaire: Questionnaire, scores: Record<string, number>, codes: Record<string, string> = {}): QuestionnaireResponse {
  const item = Object.entries(scores).map(([linkId, score]) => {
    const question = questionnaire.item!.find((candidate) => candidate.linkId === linkId)!;
    const option = question.answerOption!.find((candidate) => candidate.extension?.[0]?.valueDecimal === score)!;
    return { linkId, answer: [{ valueCoding: option.valueCoding! }] };
  });
  for (const [linkId, code] of Object.entries(codes)) {
    const question = questionnaire.item!.find((candidate) => candidate.linkId === linkId)!;
    const option = question.answerOption!.find((candidate) => candidate.valueCoding?.code === code)!;
    item.push({ linkId, answer: [{ valueCoding: option.valueCoding! }] });
  }
  return { resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: `${questionnaire.url}|${questionnaire.version}`, subject: { reference: 'Patient/p1' }, authored: '2026-03-01T10:00:00Z', item };
}

/** Spreads `total` over the scored items, each at most `max`. */
function spread(linkIds: readonly string[], total: number, max: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    linkIds.map((linkId) => {
      const score = Math.min(max, left);
      left -= score;
      return [linkId, score];
    }),
  );
}

const byId = (id: string) => instruments.find((instrument) => instrument.id === id)!;

describe('the instrument questionnaires', () => {
  for (const questionnaire of [phq9, gad7, phqa, pcl5, auditC, epds, cssrs, telehealthConsent, sampleIntake]) {
    it(`${questionnaire.title} is valid, fully supported and carries its copyright or use notice`, () => {
      const check = validateQuestionnaire(questionnaire);
      assert.equal(check.ok, true, JSON.stringify(check.problems));
      assert.deepEqual(buildFormModel(questionnaire).unsupported, []);
      if (questionnaire !== telehealthConsent && questionnaire !== sampleIntake) assert.ok((questionnaire.copyright ?? '').length > 20);
    });
  }

  it('codes PHQ-9 and GAD-7 with their LOINC panels', () => {
    assert.equal(phq9.code?.[0]?.code, '44249-1');
    assert.equal(gad7.code?.[0]?.code, '69737-5');
    assert.equal(phq9.item?.filter((item) => item.type === 'choice').length, 10);
    assert.equal(pcl5.item?.filter((item) => item.type === 'choice').length, 20);
    assert.equal(epds.item?.filter((item) => item.type === 'choice').length, 10);
  });

  it('asks the consent form for a typed signature and the location for this visit', () => {
    const model = buildFormModel(telehealthConsent);
    for (const linkId of ['consent-agree', 'signature-name', 'signature-date', 'location-address', 'location-phone']) {
      assert.equal(model.byLinkId.get(linkId)?.required, true, linkId);
    }
  });
});

describe('scoring against the published tables', () => {
  const tables: Array<[string, number, Array<[number, string]>]> = [
    ['phq-9', 3, [[0, 'minimal'], [4, 'minimal'], [5, 'mild'], [9, 'mild'], [10, 'moderate'], [14, 'moderate'], [15, 'moderately-severe'], [19, 'moderately-severe'], [20, 'severe'], [27, 'severe']]],
    ['gad-7', 3, [[0, 'minimal'], [4, 'minimal'], [5, 'mild'], [9, 'mild'], [10, 'moderate'], [14, 'moderate'], [15, 'severe'], [21, 'severe']]],
    ['phq-a', 3, [[4, 'minimal'], [5, 'mild'], [10, 'moderate'], [15, 'moderately-severe'], [20, 'severe'], [27, 'severe']]],
    ['pcl-5', 4, [[0, 'below-threshold'], [32, 'below-threshold'], [33, 'probable-ptsd'], [80, 'probable-ptsd']]],
    ['audit-c', 4, [[0, 'negative'], [2, 'negative'], [3, 'positive-women'], [4, 'positive'], [12, 'positive']]],
    ['epds', 3, [[0, 'unlikely'], [9, 'unlikely'], [10, 'possible'], [12, 'possible'], [13, 'probable'], [30, 'probable']]],
  ];
  for (const [id, max, rows] of tables) {
    for (const [total, bandCode] of rows) {
      it(`${id}: a total of ${total} is ${bandCode}`, () => {
        const instrument = byId(id);
        const score = scoreResponse(respond(instrument.questionnaire, spread(instrument.scoredLinkIds, total, max)));
        assert.equal(score?.total, total);
        assert.equal(score?.band.code, bandCode);
      });
    }
  }

  it('scores the EPDS reverse-scored items by their printed order (item 3: "Yes, most of the time" is 3)', () => {
    const scores = Object.fromEntries(byId('epds').scoredLinkIds.map((linkId) => [linkId, 0]));
    const response = respond(epds, { ...scores, 'epds-3': 0 }, {});
    response.item = response.item!.map((item) => (item.linkId === 'epds-3' ? { linkId: 'epds-3', answer: [{ valueCoding: epds.item![3]!.answerOption![0]!.valueCoding! }] } : item));
    assert.equal(scoreResponse(response)?.total, 3);
  });

  it('gives no total while a scored item is unanswered', () => {
    const response = respond(phq9, spread(byId('phq-9').scoredLinkIds.slice(0, 8), 5, 3));
    assert.equal(scoreResponse(response), undefined);
  });

  it('writes the total as a survey Observation derived from the response', () => {
    const response = { ...respond(phq9, spread(byId('phq-9').scoredLinkIds, 12, 3)), id: 'qr-1', identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:abc' } };
    const observation = scoreObservation(response, scoreResponse(response)!);
    assert.deepEqual(observation, {
      resourceType: 'Observation',
      status: 'final',
      identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:abc/phq-9-total' }],
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
      code: { coding: [byId('phq-9').totalCode], text: byId('phq-9').totalCode.display },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: '2026-03-01T10:00:00Z',
      valueInteger: 12,
      interpretation: [{ coding: [{ system: 'https://fhir.attune.dev/CodeSystem/severity-band', code: 'moderate', display: 'Moderate' }], text: 'Moderate' }],
      derivedFrom: [{ reference: 'QuestionnaireResponse/qr-1' }],
    });
    assert.equal((observation['code'] as { coding: Array<{ code: string }> }).coding[0]!.code, '44261-6');
  });

  it('codes every instrument and its total (the C-SSRS: its risk level) with LOINC', () => {
    const expected: Record<string, [string, string]> = {
      'phq-9': ['44249-1', '44261-6'],
      'gad-7': ['69737-5', '70274-6'],
      'phq-a': ['89206-7', '89204-2'],
      'pcl-5': ['101697-1', '101698-9'],
      'audit-c': ['72109-2', '75626-2'],
      epds: ['71354-5', '99046-5'],
      'c-ssrs': ['93373-9', '93374-7'],
    };
    for (const [id, [panel, total]] of Object.entries(expected)) {
      const instrument = byId(id);
      assert.deepEqual(instrument.questionnaire.code?.map((coding) => [coding.system, coding.code]), [['http://loinc.org', panel]], id);
      assert.deepEqual([instrument.totalCode.system, instrument.totalCode.code], ['http://loinc.org', total], id);
    }
  });
});

describe('safety', () => {
  const zeros = (id: string) => Object.fromEntries(byId(id).scoredLinkIds.map((linkId) => [linkId, 0]));

  it('raises a flag when PHQ-9 item 9 is above 0, and none when it is 0', () => {
    assert.deepEqual(assessRisk(respond(phq9, zeros('phq-9'))), []);
    const flags = assessRisk(respond(phq9, { ...zeros('phq-9'), '44260-8': 1 }), '2026-03-01T10:00:00Z');
    assert.deepEqual(flags.map((flag) => [flag.code, flag.raisedAt]), [['phq9-item9', '2026-03-01T10:00:00Z']]);
  });

  it('recognises PHQ-9 item 9 in a copy of the PHQ-9 served by an EHR under another URL', () => {
    const response: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'https://ehr.example/Questionnaire/phq9',
      item: [{ linkId: '44260-8', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6570-1' } }] }],
    };
    assert.deepEqual(assessRisk(response).map((flag) => flag.code), ['phq9-item9']);
  });

  it('raises a flag for the PHQ-A suicide items', () => {
    assert.deepEqual(assessRisk(respond(phqa, zeros('phq-a'), { 'phqa-serious-thoughts': 'LA32-8', 'phqa-ever-attempted': 'LA32-8' })), []);
    assert.deepEqual(assessRisk(respond(phqa, { ...zeros('phq-a'), 'phqa-9': 2 })).map((f) => f.code), ['phqa-suicide']);
    assert.deepEqual(assessRisk(respond(phqa, zeros('phq-a'), { 'phqa-serious-thoughts': 'LA33-6' })).map((f) => f.code), ['phqa-suicide']);
    assert.deepEqual(assessRisk(respond(phqa, zeros('phq-a'), { 'phqa-ever-attempted': 'LA33-6' })).map((f) => f.code), ['phqa-suicide']);
  });

  it('raises a flag when EPDS item 10 is above 0 ("Hardly ever" counts)', () => {
    assert.deepEqual(assessRisk(respond(epds, zeros('epds'))), []);
    assert.deepEqual(assessRisk(respond(epds, { ...zeros('epds'), 'epds-10': 1 })).map((f) => f.code), ['epds-item10']);
  });

  it('always lists 988 first; a practice can add resources but never replace or remove the defaults', () => {
    const local = { id: 'county', name: 'County crisis line', contact: 'Call 555-0100', href: 'tel:5550100' };
    const impostor = { id: '988', name: 'Not really', contact: 'x', href: 'tel:1' };
    const script = { id: 'bad', name: 'x', contact: 'x', href: 'javascript:alert(1)' };
    const list = crisisResources([local, impostor, script]);
    assert.deepEqual(list.map((r) => r.id), ['988', '911', 'county']);
    assert.equal(list[0]!.href, 'tel:988');
    assert.throws(() => (defaultCrisisResources as unknown as unknown[]).pop());
  });
});
