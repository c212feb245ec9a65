import type { FhirResource } from '../ports.js';
import type { AnswerValue, Coding, Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from '../questionnaire/types.js';
import { attuneCodeSystem, loinc } from './answer-scales.js';
import { auditC, auditCScoredLinkIds } from './audit-c.js';
import { cssrs, cssrsScoredLinkIds, cssrsScreenLevel } from './cssrs.js';
import { epds, epdsScoredLinkIds } from './epds.js';
import { gad7, gad7ScoredLinkIds } from './gad7.js';
import { pcl5, pcl5ScoredLinkIds } from './pcl5.js';
import { phq9, phq9ScoredLinkIds } from './phq9.js';
import { phqa, phqaScoredLinkIds } from './phqa.js';

export interface SeverityBand {
  code: string;
  display: string;
  /** Inclusive bounds of the total. */
  min: number;
  max: number;
  /** LOINC's answer for this band, where the result is a coded level rather than a total (the C-SSRS risk level). */
  answer?: Coding;
}

export interface Instrument {
  id: string;
  questionnaire: Questionnaire;
  scoredLinkIds: readonly string[];
  totalCode: Coding;
  bands: readonly SeverityBand[];
  /**
   * For a screen whose result is not the sum of its items (the C-SSRS triage): the level as an
   * ordinal read against `bands`, undefined while unfinished. Its Observation carries the band as a
   * coded value instead of a total.
   */
  level?: (answers: ReadonlyMap<string, readonly AnswerValue[]>) => number | undefined;
}

const band = (code: string, display: string, min: number, max: number, answer?: Coding): SeverityBand => ({ code, display, min, max, ...(answer ? { answer } : {}) });

const depressionBands = [
  band('minimal', 'Minimal or none', 0, 4),
  band('mild', 'Mild', 5, 9),
  band('moderate', 'Moderate', 10, 14),
  band('moderately-severe', 'Moderately severe', 15, 19),
  band('severe', 'Severe', 20, 27),
];

/** The scored instruments, with the cut-offs their authors published. */
export const instruments: readonly Instrument[] = [
  { id: 'phq-9', questionnaire: phq9, scoredLinkIds: phq9ScoredLinkIds, totalCode: { system: loinc, code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' }, bands: depressionBands },
  {
    id: 'gad-7',
    questionnaire: gad7,
    scoredLinkIds: gad7ScoredLinkIds,
    totalCode: { system: loinc, code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
    bands: [band('minimal', 'Minimal', 0, 4), band('mild', 'Mild', 5, 9), band('moderate', 'Moderate', 10, 14), band('severe', 'Severe', 15, 21)],
  },
  { id: 'phq-a', questionnaire: phqa, scoredLinkIds: phqaScoredLinkIds, totalCode: { system: loinc, code: '89204-2', display: 'Patient Health Questionnaire-9: Modified for Teens total score [Reported.PHQ.Teen]' }, bands: depressionBands },
  {
    id: 'pcl-5',
    questionnaire: pcl5,
    scoredLinkIds: pcl5ScoredLinkIds,
    totalCode: { system: loinc, code: '101698-9', display: 'PTSD PCL-5 score [PCL-5]' },
    // The National Center for PTSD suggests 31 to 33 as a provisional cut-off; Attune uses 33.
    bands: [band('below-threshold', 'Below the provisional PTSD cut-off', 0, 32), band('probable-ptsd', 'Probable PTSD (provisional)', 33, 80)],
  },
  {
    id: 'audit-c',
    questionnaire: auditC,
    scoredLinkIds: auditCScoredLinkIds,
    totalCode: { system: loinc, code: '75626-2', display: 'Total score [AUDIT-C]' },
    bands: [
      band('negative', 'Negative screen', 0, 2),
      band('positive-women', 'Positive screen for women (3 or more); negative for men', 3, 3),
      band('positive', 'Positive screen (4 or more for men, 3 or more for women)', 4, 12),
    ],
  },
  {
    id: 'epds',
    questionnaire: epds,
    scoredLinkIds: epdsScoredLinkIds,
    totalCode: { system: loinc, code: '99046-5', display: 'Total score [EPDS]' },
    bands: [band('unlikely', 'Depression unlikely', 0, 9), band('possible', 'Possible depression', 10, 12), band('probable', 'Probable depression', 13, 30)],
  },
  {
    id: 'c-ssrs',
    questionnaire: cssrs,
    scoredLinkIds: cssrsScoredLinkIds,
    // LOINC's "Suicide risk level" (answer list LL465-6: Low, Moderate, High) is the screener's result term; 93373-9 is the panel.
    totalCode: { system: loinc, code: '93374-7', display: 'Suicide risk level' },
    bands: [
      band('negative', 'Negative screen', 0, 0),
      band('low', 'Low risk', 1, 1, { system: loinc, code: 'LA9194-7', display: 'Low' }),
      band('moderate', 'Moderate risk', 2, 2, { system: loinc, code: 'LA6751-7', display: 'Moderate' }),
      band('high', 'High risk', 3, 3, { system: loinc, code: 'LA9193-9', display: 'High' }),
    ],
    level: cssrsScreenLevel,
  },
];

export interface InstrumentScore {
  instrument: Instrument;
  /** The sum of the scored items, or a screen's level where the instrument has `level`. */
  total: number;
  band: SeverityBand;
}

/** The instrument a response answers, by its questionnaire canonical (any version). */
export function instrumentFor(response: Pick<QuestionnaireResponse, 'questionnaire'>): Instrument | undefined {
  const url = response.questionnaire?.split('|')[0];
  return instruments.find((instrument) => instrument.questionnaire.url === url);
}

/** The score of one answer, read from the instrument's own answer list (never from the response). */
export function answerScore(questionnaire: Questionnaire, linkId: string, answer: AnswerValue): number | undefined {
  const item = findItem(questionnaire.item, linkId);
  const option = item?.answerOption?.find(
    (candidate) => candidate.valueCoding?.code !== undefined && candidate.valueCoding.code === answer.valueCoding?.code && (!answer.valueCoding.system || candidate.valueCoding.system === answer.valueCoding.system),
  );
  const score = option?.extension?.find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/ordinalValue')?.valueDecimal;
  return typeof score === 'number' ? score : undefined;
}

/** Totals a response to one of Attune's instruments. Undefined when it is not one, or any scored item is unanswered. */
export function scoreResponse(response: QuestionnaireResponse): InstrumentScore | undefined {
  const instrument = instrumentFor(response);
  if (!instrument) return undefined;
  const answers = answersByLinkId(response.item);
  const total = instrument.level ? instrument.level(answers) : sumOfScores(instrument, answers);
  if (total === undefined) return undefined;
  const found = instrument.bands.find((candidate) => total >= candidate.min && total <= candidate.max);
  return found ? { instrument, total, band: found } : undefined;
}

function sumOfScores(instrument: Instrument, answers: Map<string, AnswerValue[]>): number | undefined {
  let total = 0;
  for (const linkId of instrument.scoredLinkIds) {
    const answer = answers.get(linkId)?.[0];
    const score = answer ? answerScore(instrument.questionnaire, linkId, answer) : undefined;
    if (score === undefined) return undefined;
    total += score;
  }
  return total;
}

/**
 * The total (or a screen's level) as a survey Observation derived from the stored response.
 * `response` must carry the id the records store gave it; the identifier makes re-sending the same
 * Observation harmless.
 */
export function scoreObservation(response: QuestionnaireResponse & { id: string }, score: InstrumentScore): FhirResource {
  const result = score.instrument.level ? 'risk-level' : 'total';
  const identifierValue = response.identifier?.value ? `${response.identifier.value}/${score.instrument.id}-${result}` : undefined;
  const severity = { system: attuneCodeSystem.severity, code: score.band.code, display: score.band.display };
  return {
    resourceType: 'Observation',
    status: 'final',
    ...(identifierValue ? { identifier: [{ system: response.identifier?.system ?? 'urn:ietf:rfc:3986', value: identifierValue }] } : {}),
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
    code: { coding: [score.instrument.totalCode], text: score.instrument.totalCode.display },
    ...(response.subject ? { subject: response.subject } : {}),
    ...(response.authored ? { effectiveDateTime: response.authored } : {}),
    ...(score.instrument.level
      ? { valueCodeableConcept: { coding: score.band.answer ? [score.band.answer, severity] : [severity], text: score.band.display } }
      : { valueInteger: score.total, interpretation: [{ coding: [severity], text: score.band.display }] }),
    derivedFrom: [{ reference: `QuestionnaireResponse/${response.id}` }],
  };
}

export function answersByLinkId(items: QuestionnaireResponseItem[] | undefined, into = new Map<string, AnswerValue[]>()): Map<string, AnswerValue[]> {
  for (const item of items ?? []) {
    if (item.answer?.length) into.set(item.linkId, item.answer);
    answersByLinkId(item.item, into);
    for (const answer of item.answer ?? []) answersByLinkId(answer.item, into);
  }
  return into;
}

function findItem(items: QuestionnaireItem[] | undefined, linkId: string): QuestionnaireItem | undefined {
  for (const item of items ?? []) {
    if (item.linkId === linkId) return item;
    const found = findItem(item.item, linkId);
    if (found) return found;
  }
  return undefined;
}
