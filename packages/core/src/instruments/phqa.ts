import type { Questionnaire } from '../questionnaire/types.js';
import { attuneQuestionnaireBase, difficulty, overTwoWeeks, scoredItem, yesNoItem } from './answer-scales.js';

export const phqaItemNine = 'phqa-9';
export const phqaSeriousThoughts = 'phqa-serious-thoughts';
export const phqaEverAttempted = 'phqa-ever-attempted';

const items = [
  'Feeling down, depressed, irritable, or hopeless?',
  'Little interest or pleasure in doing things?',
  'Trouble falling asleep, staying asleep, or sleeping too much?',
  'Poor appetite, weight loss, or overeating?',
  'Feeling tired, or having little energy?',
  'Feeling bad about yourself, or feeling that you are a failure, or that you have let yourself or your family down?',
  'Trouble concentrating on things like school work, reading, or watching TV?',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite: being so fidgety or restless that you were moving around a lot more than usual?',
  'Thoughts that you would be better off dead, or of hurting yourself in some way?',
];

/**
 * PHQ-A, the PHQ-9 modified for adolescents: LOINC's "PHQ-9: Modified for Teens" panel 89206-7, total score 89204-2.
 */
export const phqa: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'phq-a',
  url: `${attuneQuestionnaireBase}/phq-a`,
  version: '1.0.0',
  name: 'PHQA',
  title: 'PHQ-9 modified for adolescents (PHQ-A)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: 'http://loinc.org', code: '89206-7', display: 'Patient Health Questionnaire-9: Modified for Teens [Reported.PHQ.Teen]' }],
  copyright:
    'The PHQ-A is adapted from the PHQ-9 (Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, educational grant from Pfizer Inc.; no permission required to reproduce, translate, display or distribute) by Johnson JG, Harris ES, Spitzer RL, Williams JBW (J Adolesc Health 2002;30:196-204).',
  item: [
    { linkId: 'phqa-stem', type: 'display', text: 'How often have you been bothered by each of the following symptoms during the past two weeks?' },
    ...items.map((text, index) => scoredItem(`phqa-${index + 1}`, `${index + 1}.`, text, overTwoWeeks)),
    yesNoItem('phqa-past-year', 'In the past year have you felt depressed or sad most days, even if you felt okay sometimes?'),
    { ...scoredItem('phqa-difficulty', '', 'If you are experiencing any of the problems on this form, how difficult have these problems made it for you to do your work, take care of things at home or get along with other people?', difficulty), required: false },
    yesNoItem(phqaSeriousThoughts, 'Has there been a time in the past month when you have had serious thoughts about ending your life?'),
    yesNoItem(phqaEverAttempted, 'Have you ever, in your whole life, tried to kill yourself or made a suicide attempt?'),
  ],
};

export const phqaScoredLinkIds = items.map((_, index) => `phqa-${index + 1}`);
