import type { RiskFlag } from '../ports.js';
import type { QuestionnaireResponse } from '../questionnaire/types.js';
import { answerScore, answersByLinkId } from './scoring.js';
import { epds, epdsItemTen } from './epds.js';
import { phq9, phq9ItemNine } from './phq9.js';
import { phqa, phqaEverAttempted, phqaItemNine, phqaSeriousThoughts } from './phqa.js';

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
  return flags;
}

// The LOINC answer codes of the PHQ frequency list, for PHQ-9 copies that carry no ordinal values.
function loincFrequencyScore(code: string | undefined): number | undefined {
  return code === undefined ? undefined : { 'LA6568-5': 0, 'LA6569-3': 1, 'LA6570-1': 2, 'LA6571-9': 3 }[code];
}

/** Somewhere a patient in crisis can turn right now. */
export interface CrisisResource {
  id: string;
  name: string;
  /** How to reach it, as shown: "Call or text 988". */
  contact: string;
  /** A tel:, sms: or https: link. */
  href: string;
}

/** Always shown after a risk flag is raised; a practice can add its own resources but never remove these. */
export const defaultCrisisResources: readonly CrisisResource[] = Object.freeze([
  Object.freeze({ id: '988', name: '988 Suicide & Crisis Lifeline', contact: 'Call or text 988', href: 'tel:988' }),
  Object.freeze({ id: '911', name: 'Emergency services', contact: 'Call 911 if you are in immediate danger', href: 'tel:911' }),
]);

/** The defaults followed by the practice's own resources (additive only; an entry reusing a default id cannot replace it). */
export function crisisResources(additional: readonly CrisisResource[] = []): CrisisResource[] {
  const reserved = new Set(defaultCrisisResources.map((resource) => resource.id));
  const safeHref = (href: string) => /^(tel:|sms:|https:)/i.test(href);
  return [...defaultCrisisResources, ...additional.filter((resource) => !reserved.has(resource.id) && safeHref(resource.href))];
}
