import type { RiskFlag } from '../ports.js';
import type { QuestionnaireResponse } from '../questionnaire/types.js';
import { answerScore, answersByLinkId } from './scoring.js';
import { cssrsRiskLevel, isYes } from './cssrs.js';
import { cssrsFlagLabels } from './cssrs-flag-labels.js';
import { epds, epdsItemTen } from './epds.js';
import { phq9, phq9ItemNine } from './phq9.js';
import { phqa, phqaEverAttempted, phqaItemNine, phqaSeriousThoughts } from './phqa.js';

export { crisisResources, defaultCrisisResources, type CrisisResource } from './crisis-resources.js';

/**
 * The risk flags a response raises. Deliberately takes no options: no configuration can switch a
 * safety rule off. PHQ-9 item 9 is recognised by its LOINC code in any questionnaire, not just ours,
 * because an EHR may hand in its own copy of the PHQ-9.
 */
export function assessRisk(response: QuestionnaireResponse, raisedAt: string = new Date().toISOString()): RiskFlag[] {
  const answers = answersByLinkId(response.item);
  const url = response.questionnaire?.split('|')[0];
  const flags: RiskFlag[] = [];
  const scoreOf = (questionnaireLinkId: string, questionnaire: typeof phq9) =>
    Math.max(-1, ...(answers.get(questionnaireLinkId) ?? []).map((answer) => answerScore(questionnaire, questionnaireLinkId, answer) ?? loincFrequencyScore(answer.valueCoding?.code) ?? -1));

  if (scoreOf(phq9ItemNine, phq9) > 0) {
    flags.push({ code: 'phq9-item9', label: 'PHQ-9 item 9: thoughts of being better off dead or of self-harm', raisedAt });
  }
  if (url === phqa.url) {
    const yes = (linkId: string) => (answers.get(linkId) ?? []).some((answer) => answer.valueCoding?.code === 'LA33-6');
    if (scoreOf(phqaItemNine, phqa) > 0 || yes(phqaSeriousThoughts) || yes(phqaEverAttempted)) {
      flags.push({ code: 'phqa-suicide', label: 'PHQ-A: suicidal thoughts or a past suicide attempt reported', raisedAt });
    }
  }
  if (url === epds.url && scoreOf(epdsItemTen, epds) > 0) {
    flags.push({ code: 'epds-item10', label: 'EPDS item 10: thoughts of self-harm', raisedAt });
  }
  // Like PHQ-9 item 9, the C-SSRS is recognised by its LOINC item codes in any questionnaire; LHC-Forms copies prefix them with "/".
  const cssrsSaidYes = (linkId: string) => [...(answers.get(linkId) ?? []), ...(answers.get(`/${linkId}`) ?? [])].some(isYes);
  const cssrsLevel = cssrsRiskLevel(cssrsSaidYes);
  if (cssrsLevel !== 'negative') {
    flags.push({ code: 'cssrs-positive', label: cssrsFlagLabels[cssrsLevel], raisedAt });
  }
  return flags;
}

// The LOINC answer codes of the PHQ frequency list, for PHQ-9 copies that carry no ordinal values.
function loincFrequencyScore(code: string | undefined): number | undefined {
  return code === undefined ? undefined : { 'LA6568-5': 0, 'LA6569-3': 1, 'LA6570-1': 2, 'LA6571-9': 3 }[code];
}
