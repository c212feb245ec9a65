// PHQ-9's rules chunk (instrument-rules.ts loads it for a PHQ-9 form): its definition, scoring and safety rules.
import { loinc } from './answer-scales.js';
import { depressionBands, type Instrument } from './instrument-score.js';
import { phq9, phq9ScoredLinkIds } from './phq9.js';
import { instrumentRules } from './risk-rules.js';

export const phq9Instrument: Instrument = {
  id: 'phq-9',
  questionnaire: phq9,
  scoredLinkIds: phq9ScoredLinkIds,
  totalCode: { system: loinc, code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  bands: depressionBands,
};

export const rules = instrumentRules(phq9Instrument);
