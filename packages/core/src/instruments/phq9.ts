import type { Questionnaire } from '../questionnaire/types.js';
import { attuneQuestionnaireBase, difficulty, loinc, overTwoWeeks, scoredItem } from './answer-scales.js';
import { phq9ItemNine } from './risk-rules.js';

export { phq9ItemNine };

const items: Array<[string, string]> = [
  ['44250-9', 'Little interest or pleasure in doing things'],
  ['44255-8', 'Feeling down, depressed, or hopeless'],
  ['44259-0', 'Trouble falling or staying asleep, or sleeping too much'],
  ['44254-1', 'Feeling tired or having little energy'],
  ['44251-7', 'Poor appetite or overeating'],
  ['44258-2', 'Feeling bad about yourself, or that you are a failure or have let yourself or your family down'],
  ['44252-5', 'Trouble concentrating on things, such as reading the newspaper or watching television'],
  ['44253-3', 'Moving or speaking so slowly that other people could have noticed; or the opposite, being so fidgety or restless that you have been moving around a lot more than usual'],
  [phq9ItemNine, 'Thoughts that you would be better off dead, or of hurting yourself in some way'],
];

/** PHQ-9, LOINC 44249-1. The linkIds are the LOINC item codes. */
export const phq9: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'phq-9',
  url: `${attuneQuestionnaireBase}/phq-9`,
  version: '1.0.0',
  name: 'PHQ9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: loinc, code: '44249-1', display: 'PHQ-9 quick depression assessment panel' }],
  copyright:
    'The PHQ-9 was developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission is required to reproduce, translate, display or distribute it.',
  item: [
    { linkId: 'phq9-stem', type: 'display', text: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?' },
    ...items.map(([code, text], index) => scoredItem(code, `${index + 1}.`, text, overTwoWeeks, { system: loinc, code, display: text })),
    {
      ...scoredItem('69722-7', '10.', 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?', difficulty, { system: loinc, code: '69722-7' }),
      required: false,
    },
  ],
};

export const phq9ScoredLinkIds = items.map(([code]) => code);
