// AUDIT-C's rules chunk (instrument-rules.ts loads it for an AUDIT-C form): its definition, scoring and safety rules.
import { loinc } from './answer-scales.js';
import { auditC, auditCScoredLinkIds } from './audit-c.js';
import { band, type Instrument } from './instrument-score.js';
import { instrumentRules } from './risk-rules.js';

export const auditCInstrument: Instrument = {
  id: 'audit-c',
  questionnaire: auditC,
  scoredLinkIds: auditCScoredLinkIds,
  totalCode: { system: loinc, code: '75626-2', display: 'Total score [AUDIT-C]' },
  bands: [
    band('negative', 'Negative screen', 0, 2),
    band('positive-women', 'Positive screen for women (3 or more); negative for men', 3, 3),
    band('positive', 'Positive screen (4 or more for men, 3 or more for women)', 4, 12),
  ],
};

export const rules = instrumentRules(auditCInstrument);
