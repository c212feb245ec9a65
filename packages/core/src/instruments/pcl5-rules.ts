// PCL-5's rules chunk (instrument-rules.ts loads it for a PCL-5 form): its definition, scoring and safety rules.
import { loinc } from './answer-scales.js';
import { band, type Instrument } from './instrument-score.js';
import { pcl5, pcl5ScoredLinkIds } from './pcl5.js';
import { instrumentRules } from './risk-rules.js';

export const pcl5Instrument: Instrument = {
  id: 'pcl-5',
  questionnaire: pcl5,
  scoredLinkIds: pcl5ScoredLinkIds,
  totalCode: { system: loinc, code: '101698-9', display: 'PTSD PCL-5 score [PCL-5]' },
  // The National Center for PTSD suggests 31 to 33 as a provisional cut-off; Attune uses 33.
  bands: [band('below-threshold', 'Below the provisional PTSD cut-off', 0, 32), band('probable-ptsd', 'Probable PTSD (provisional)', 33, 80)],
};

export const rules = instrumentRules(pcl5Instrument);
