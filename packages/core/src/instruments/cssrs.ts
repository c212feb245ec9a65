import type { EnableWhen, Questionnaire, QuestionnaireItem } from '../questionnaire/types.js';
import { attuneQuestionnaireBase, loinc, yesNoItem } from './answer-scales.js';
import { cssrsQuestions } from './cssrs-triage.js';

export { cssrsQuestions, cssrsRiskLevel, cssrsRiskLevels, cssrsScoredLinkIds, cssrsScreenLevel, isYes, type CssrsRiskLevel } from './cssrs-triage.js';

const yes = { system: loinc, code: 'LA33-6', display: 'Yes' };
const whenYes = (question: string): EnableWhen[] => [{ question, operator: '=', answerCoding: yes }];

function question(linkId: string, prefix: string, text: string, enableWhen?: EnableWhen[]): QuestionnaireItem {
  return { ...yesNoItem(linkId, text), ...(prefix ? { prefix } : {}), code: [{ system: loinc, code: linkId }], ...(enableWhen ? { enableWhen } : {}) };
}

const q = cssrsQuestions;

/**
 * C-SSRS Screen Version, Lifetime/Recent ("Screener - Recent", LOINC 93373-9). Chosen over the
 * "Since Last Contact" version because a pre-visit telehealth screen is often the practice's first
 * structured look at a patient: Lifetime/Recent asks about the past month and about suicidal
 * behavior ever, with the "past 3 months" follow-up the triage needs; Since Last Contact assumes an
 * earlier screen at this practice and has no LOINC panel. Questions 1–6 and the follow-up follow the
 * published skip logic: 3–5 only after a "yes" to 2, and 6 whatever 1 and 2 were. Item texts are the
 * instrument's (English only; the Lighthouse Project's Spanish version is not included yet).
 */
export const cssrs: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'c-ssrs-screen',
  url: `${attuneQuestionnaireBase}/c-ssrs-screen`,
  version: '1.0.0',
  name: 'CSSRSScreen',
  title: 'Columbia Suicide Severity Rating Scale, Screen Version (C-SSRS)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: loinc, code: '93373-9', display: 'Columbia - suicide severity rating scale screener - recent [C-SSRS]' }],
  copyright:
    'C-SSRS Screen Version, Lifetime/Recent: © 2008 The Research Foundation for Mental Hygiene, Inc. Posner K, Brown GK, Stanley B, et al. The Columbia-Suicide Severity Rating Scale: initial validity and internal consistency findings from three multisite studies with adolescents and adults. Am J Psychiatry 2011;168(12):1266-1277. Distributed by The Columbia Lighthouse Project (cssrs.columbia.edu), free to use without permission in clinical and public health settings.',
  item: [
    { linkId: 'cssrs-past-month', type: 'display', text: 'The first questions are about the past month.' },
    question(q.wishedDead, '1.', 'Have you wished you were dead or wished you could go to sleep and not wake up?'),
    question(q.suicidalThoughts, '2.', 'Have you actually had any thoughts of killing yourself?'),
    question(q.thoughtsOfMethod, '3.', 'Have you been thinking about how you might do this?', whenYes(q.suicidalThoughts)),
    {
      linkId: 'cssrs-3-example',
      type: 'display',
      text: 'For example: "I thought about taking an overdose but I never made a specific plan as to when, where or how I would actually do it… and I would never go through with it."',
      enableWhen: whenYes(q.suicidalThoughts),
    },
    question(q.intentToAct, '4.', 'Have you had these thoughts and had some intention of acting on them?', whenYes(q.suicidalThoughts)),
    {
      linkId: 'cssrs-4-contrast',
      type: 'display',
      text: 'As opposed to: "I have the thoughts but I definitely will not do anything about them."',
      enableWhen: whenYes(q.suicidalThoughts),
    },
    question(q.planAndIntent, '5.', 'Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?', whenYes(q.suicidalThoughts)),
    question(q.suicidalBehavior, '6.', 'Have you ever done anything, started to do anything, or prepared to do anything to end your life?'),
    {
      linkId: 'cssrs-6-examples',
      type: 'display',
      text: 'Examples: collected pills, obtained a gun, gave away valuables, wrote a will or suicide note, took out pills but didn’t swallow any, held a gun but changed your mind or it was grabbed from your hand, went to the roof but didn’t jump; or actually took pills, tried to shoot yourself, cut yourself, tried to hang yourself, etc.',
    },
    question(q.behaviorPastThreeMonths, '', 'Was this within the past 3 months?', whenYes(q.suicidalBehavior)),
  ],
};
