// The C-SSRS screener's rules chunk (instrument-rules.ts loads it for a C-SSRS form): its definition, triage and safety rules.
import { loinc } from './answer-scales.js';
import { cssrs, cssrsScoredLinkIds, cssrsScreenLevel } from './cssrs.js';
import { band, type Instrument } from './instrument-score.js';
import { instrumentRules } from './risk-rules.js';

export const cssrsInstrument: Instrument = {
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
};

export const rules = instrumentRules(cssrsInstrument);
