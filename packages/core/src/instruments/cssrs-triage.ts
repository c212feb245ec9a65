// The C-SSRS screener's triage, apart from its definition: the safety rules apply it to any questionnaire
// holding its item codes, and so load it without the screener's text.
import type { AnswerValue } from '../questionnaire/types.js';

/**
 * The screener's questions by their LOINC item codes, which are also their linkIds (as the PHQ-9's are).
 * Codes checked against two published copies of LOINC panel 93373-9: the HL7 US Behavioral Health
 * Profiles IG's C-SSRS QuestionnaireResponse example and an LHC-Forms export of the panel.
 */
export const cssrsQuestions = {
  wishedDead: '93246-7',
  suicidalThoughts: '93247-5',
  thoughtsOfMethod: '93248-3',
  intentToAct: '93249-1',
  planAndIntent: '93250-9',
  suicidalBehavior: '93267-3',
  behaviorPastThreeMonths: '93269-9',
} as const;

const q = cssrsQuestions;
// LOINC's "Yes" (LA33-6), the screener's answer that counts.
const yesCode = 'LA33-6';

export const cssrsScoredLinkIds: readonly string[] = Object.values(cssrsQuestions);

/** The screener's triage levels, lowest first; anything above "negative" is a positive screen. */
export const cssrsRiskLevels = ['negative', 'low', 'moderate', 'high'] as const;
export type CssrsRiskLevel = (typeof cssrsRiskLevels)[number];

/**
 * The published triage of the screener: a "yes" to 1 or 2 is low risk; a "yes" to 3, or suicidal
 * behavior more than 3 months ago, is moderate; a "yes" to 4 or 5, or behavior within the past
 * 3 months, is high. `saidYes` reads one question; an unanswered question counts as "no" here, so a
 * partial response still gets the highest level its "yes" answers reach.
 */
export function cssrsRiskLevel(saidYes: (linkId: string) => boolean): CssrsRiskLevel {
  if (saidYes(q.intentToAct) || saidYes(q.planAndIntent) || saidYes(q.behaviorPastThreeMonths)) return 'high';
  if (saidYes(q.thoughtsOfMethod) || saidYes(q.suicidalBehavior)) return 'moderate';
  if (saidYes(q.wishedDead) || saidYes(q.suicidalThoughts)) return 'low';
  return 'negative';
}

/** "Yes" as the screener's LOINC answer, or as a boolean answer in a copy built with boolean items. */
export function isYes(answer: AnswerValue): boolean {
  return answer.valueCoding?.code === yesCode || answer.valueBoolean === true;
}

/**
 * The screen's result as an ordinal (the index in `cssrsRiskLevels`) for a finished screen, or
 * undefined while a question the patient was asked is unanswered: 1, 2 and 6 always, 3–5 after a
 * "yes" to 2, the past-3-months follow-up after a "yes" to 6.
 */
export function cssrsScreenLevel(answers: ReadonlyMap<string, readonly AnswerValue[]>): number | undefined {
  const saidYes = (linkId: string) => (answers.get(linkId) ?? []).some(isYes);
  const asked: string[] = [q.wishedDead, q.suicidalThoughts, q.suicidalBehavior];
  if (saidYes(q.suicidalThoughts)) asked.push(q.thoughtsOfMethod, q.intentToAct, q.planAndIntent);
  if (saidYes(q.suicidalBehavior)) asked.push(q.behaviorPastThreeMonths);
  if (asked.some((linkId) => !answers.get(linkId)?.length)) return undefined;
  return cssrsRiskLevels.indexOf(cssrsRiskLevel(saidYes));
}
