// PHQ-A's rules chunk (instrument-rules.ts loads it for a PHQ-A form): its definition, scoring and safety rules.
import { loinc } from './answer-scales.js';
import { depressionBands, type Instrument } from './instrument-score.js';
import { phqa, phqaEverAttempted, phqaItemNine, phqaScoredLinkIds, phqaSeriousThoughts } from './phqa.js';
import { highestScore, instrumentRules, type RiskRule } from './risk-rules.js';

export const phqaInstrument: Instrument = {
  id: 'phq-a',
  questionnaire: phqa,
  scoredLinkIds: phqaScoredLinkIds,
  totalCode: { system: loinc, code: '89204-2', display: 'Patient Health Questionnaire-9: Modified for Teens total score [Reported.PHQ.Teen]' },
  bands: depressionBands,
};

/** PHQ-A item 9, or a "yes" to either suicide question, in a response to Attune's PHQ-A. */
export const phqaRisk: RiskRule = (answers, url, raisedAt) => {
  if (url !== phqa.url) return undefined;
  const yes = (linkId: string) => (answers.get(linkId) ?? []).some((answer) => answer.valueCoding?.code === 'LA33-6');
  return highestScore(answers, phqaItemNine, phqa) > 0 || yes(phqaSeriousThoughts) || yes(phqaEverAttempted)
    ? { code: 'phqa-suicide', label: 'PHQ-A: suicidal thoughts or a past suicide attempt reported', raisedAt }
    : undefined;
};

export const rules = instrumentRules(phqaInstrument, [phqaRisk]);
