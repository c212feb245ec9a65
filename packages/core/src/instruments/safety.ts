import type { QuestionnaireResponse } from '../questionnaire/types.js';
import type { RiskFlag } from '../ports.js';
import { epdsRisk } from './epds-rules.js';
import { phqaRisk } from './phqa-rules.js';
import { assessRiskWith, cssrsRisk, phq9ItemNineRisk } from './risk-rules.js';

export { crisisResources, defaultCrisisResources, type CrisisResource } from './crisis-resources.js';

/**
 * The risk flags a response raises. Deliberately takes no options: no configuration can switch a
 * safety rule off. PHQ-9 item 9 and the C-SSRS are recognised by their LOINC codes in any
 * questionnaire, not just ours, because an EHR may hand in its own copy. A form loads only its own
 * instrument's rules (instrument-rules.ts); those raise the same flags as this for any response to it.
 */
export function assessRisk(response: QuestionnaireResponse, raisedAt: string = new Date().toISOString()): RiskFlag[] {
  return assessRiskWith([phq9ItemNineRisk, phqaRisk, epdsRisk, cssrsRisk], response, raisedAt);
}
