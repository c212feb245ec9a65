// EPDS's rules chunk (instrument-rules.ts loads it for an EPDS form): its definition, scoring and safety rules.
import { loinc } from './answer-scales.js';
import { epds, epdsItemTen, epdsScoredLinkIds } from './epds.js';
import { band, type Instrument } from './instrument-score.js';
import { highestScore, instrumentRules, type RiskRule } from './risk-rules.js';

export const epdsInstrument: Instrument = {
  id: 'epds',
  questionnaire: epds,
  scoredLinkIds: epdsScoredLinkIds,
  totalCode: { system: loinc, code: '99046-5', display: 'Total score [EPDS]' },
  bands: [band('unlikely', 'Depression unlikely', 0, 9), band('possible', 'Possible depression', 10, 12), band('probable', 'Probable depression', 13, 30)],
};

/** EPDS item 10 (thoughts of self-harm) in a response to Attune's EPDS. */
export const epdsRisk: RiskRule = (answers, url, raisedAt) =>
  url === epds.url && highestScore(answers, epdsItemTen, epds) > 0 ? { code: 'epds-item10', label: 'EPDS item 10: thoughts of self-harm', raisedAt } : undefined;

export const rules = instrumentRules(epdsInstrument, [epdsRisk]);
