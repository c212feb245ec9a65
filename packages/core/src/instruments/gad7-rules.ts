// GAD-7's rules chunk (instrument-rules.ts loads it for a GAD-7 form): its definition, scoring and safety rules.
import { loinc } from './answer-scales.js';
import { gad7, gad7ScoredLinkIds } from './gad7.js';
import { band, type Instrument } from './instrument-score.js';
import { instrumentRules } from './risk-rules.js';

export const gad7Instrument: Instrument = {
  id: 'gad-7',
  questionnaire: gad7,
  scoredLinkIds: gad7ScoredLinkIds,
  totalCode: { system: loinc, code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
  bands: [band('minimal', 'Minimal', 0, 4), band('mild', 'Mild', 5, 9), band('moderate', 'Moderate', 10, 14), band('severe', 'Severe', 15, 21)],
};

export const rules = instrumentRules(gad7Instrument);
