// Scoring one instrument, apart from the table of all of them (scoring.ts): each instrument's rules chunk
// (instrument-rules.ts) loads this and its own definition only.
import type { FhirResource } from '../ports.js';
import type { AnswerValue, Coding, Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from '../questionnaire/types.js';
import { attuneCodeSystem } from './answer-scales.js';

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

export interface InstrumentScore {
  instrument: Instrument;
  /** The sum of the scored items, or a screen's level where the instrument has `level`. */
  total: number;
  band: SeverityBand;
}

export const band = (code: string, display: string, min: number, max: number, answer?: Coding): SeverityBand => ({ code, display, min, max, ...(answer ? { answer } : {}) });

/** The PHQ-9's and the PHQ-A's bands. */
export const depressionBands: readonly SeverityBand[] = [
  band('minimal', 'Minimal or none', 0, 4),
  band('mild', 'Mild', 5, 9),
  band('moderate', 'Moderate', 10, 14),
  band('moderately-severe', 'Moderately severe', 15, 19),
  band('severe', 'Severe', 20, 27),
];

/** True when the response answers this instrument's questionnaire (any version). */
export function answersInstrument(instrument: Instrument, response: Pick<QuestionnaireResponse, 'questionnaire'>): boolean {
  return response.questionnaire?.split('|')[0] === instrument.questionnaire.url;
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

/** Totals a response to this instrument. Undefined when it answers another questionnaire, or any scored item is unanswered. */
export function scoreInstrument(instrument: Instrument, response: QuestionnaireResponse): InstrumentScore | undefined {
  if (!answersInstrument(instrument, response)) return undefined;
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
