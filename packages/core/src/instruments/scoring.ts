import type { QuestionnaireResponse } from '../questionnaire/types.js';
import { auditCInstrument } from './audit-c-rules.js';
import { cssrsInstrument } from './cssrs-rules.js';
import { epdsInstrument } from './epds-rules.js';
import { gad7Instrument } from './gad7-rules.js';
import { scoreInstrument, type Instrument, type InstrumentScore } from './instrument-score.js';
import { pcl5Instrument } from './pcl5-rules.js';
import { phq9Instrument } from './phq9-rules.js';
import { phqaInstrument } from './phqa-rules.js';

export { answerScore, answersByLinkId, scoreObservation, type Instrument, type InstrumentScore, type SeverityBand } from './instrument-score.js';

/** The scored instruments, with the cut-offs their authors published (each in its own rules module, which a form loads alone). */
export const instruments: readonly Instrument[] = [phq9Instrument, gad7Instrument, phqaInstrument, pcl5Instrument, auditCInstrument, epdsInstrument, cssrsInstrument];

/** The instrument a response answers, by its questionnaire canonical (any version). */
export function instrumentFor(response: Pick<QuestionnaireResponse, 'questionnaire'>): Instrument | undefined {
  const url = response.questionnaire?.split('|')[0];
  return instruments.find((instrument) => instrument.questionnaire.url === url);
}

/** Totals a response to one of Attune's instruments. Undefined when it is not one, or any scored item is unanswered. */
export function scoreResponse(response: QuestionnaireResponse): InstrumentScore | undefined {
  const instrument = instrumentFor(response);
  return instrument ? scoreInstrument(instrument, response) : undefined;
}
