import type { RiskFlag } from '../ports.js';
import type { AnswerValue, Questionnaire, QuestionnaireResponse } from '../questionnaire/types.js';
import { cssrsFlagLabels } from './cssrs-flag-labels.js';
import { cssrsRiskLevel, isYes } from './cssrs-triage.js';
import { answerScore, answersByLinkId, scoreInstrument, scoreObservation, type Instrument } from './instrument-score.js';
import type { InstrumentRules } from './instrument-rules.js';

/** PHQ-9 item 9, by its LOINC code (the PHQ-9's linkId): its rule holds in any questionnaire. */
export const phq9ItemNine = '44260-8';

/** One safety rule: the flag it raises for a response's answers, if any. */
export type RiskRule = (answers: ReadonlyMap<string, readonly AnswerValue[]>, questionnaireUrl: string | undefined, raisedAt: string) => RiskFlag | undefined;

/**
 * The highest score among an item's answers, -1 when none scores: read from the instrument's own
 * answer list when given, else from the LOINC PHQ frequency codes (for copies that carry no ordinal values).
 */
export function highestScore(answers: ReadonlyMap<string, readonly AnswerValue[]>, linkId: string, questionnaire?: Questionnaire): number {
  const scores = (answers.get(linkId) ?? []).map((answer) => (questionnaire ? answerScore(questionnaire, linkId, answer) : undefined) ?? loincFrequencyScore(answer.valueCoding?.code) ?? -1);
  return Math.max(-1, ...scores);
}

/**
 * PHQ-9 item 9 in any questionnaire, not just ours, because an EHR may hand in its own copy of the PHQ-9.
 * Scored by its LOINC answer codes: Attune's PHQ-9 scores item 9 exactly so (instrument-rules.test.ts checks it).
 */
export const phq9ItemNineRisk: RiskRule = (answers, _url, raisedAt) =>
  highestScore(answers, phq9ItemNine) > 0 ? { code: 'phq9-item9', label: 'PHQ-9 item 9: thoughts of being better off dead or of self-harm', raisedAt } : undefined;

/** Like PHQ-9 item 9, the C-SSRS is recognised by its LOINC item codes in any questionnaire; LHC-Forms copies prefix them with "/". */
export const cssrsRisk: RiskRule = (answers, _url, raisedAt) => {
  const level = cssrsRiskLevel((linkId) => [...(answers.get(linkId) ?? []), ...(answers.get(`/${linkId}`) ?? [])].some(isYes));
  return level === 'negative' ? undefined : { code: 'cssrs-positive', label: cssrsFlagLabels[level], raisedAt };
};

/** The flags the rules raise, in the rules' order. */
export function assessRiskWith(rules: readonly RiskRule[], response: QuestionnaireResponse, raisedAt: string): RiskFlag[] {
  const answers = answersByLinkId(response.item);
  const url = response.questionnaire?.split('|')[0];
  return rules.flatMap((rule) => rule(answers, url, raisedAt) ?? []);
}

/**
 * An instrument's scoring and every safety rule that can hold for a response to it: the rules that
 * hold in any questionnaire, and its own (which check that the response answers it), in safety.ts's order.
 */
export function instrumentRules(instrument: Instrument, ownRisk: readonly RiskRule[] = []): InstrumentRules {
  const rules = [phq9ItemNineRisk, ...ownRisk, cssrsRisk];
  return {
    scoreResponse: (response) => scoreInstrument(instrument, response),
    scoreObservation,
    assessRisk: (response, raisedAt = new Date().toISOString()) => assessRiskWith(rules, response, raisedAt),
  };
}

/** For a questionnaire that is none of Attune's instruments but asks PHQ-9 item 9 or the C-SSRS: nothing to score, the rules that hold anywhere. */
export const anyQuestionnaireRules: InstrumentRules = {
  scoreResponse: () => undefined,
  scoreObservation,
  assessRisk: (response, raisedAt = new Date().toISOString()) => assessRiskWith([phq9ItemNineRisk, cssrsRisk], response, raisedAt),
};

// The LOINC answer codes of the PHQ frequency list (LL358-3).
function loincFrequencyScore(code: string | undefined): number | undefined {
  return code === undefined ? undefined : { 'LA6568-5': 0, 'LA6569-3': 1, 'LA6570-1': 2, 'LA6571-9': 3 }[code];
}
