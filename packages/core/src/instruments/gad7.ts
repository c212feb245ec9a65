import type { Questionnaire } from '../questionnaire/types.js';
import { attuneQuestionnaireBase, difficulty, loinc, overTwoWeeks, scoredItem } from './answer-scales.js';

const items: Array<[string, string]> = [
  ['69725-0', 'Feeling nervous, anxious, or on edge'],
  ['68509-9', 'Not being able to stop or control worrying'],
  ['69733-4', 'Worrying too much about different things'],
  ['69734-2', 'Trouble relaxing'],
  ['69735-9', 'Being so restless that it is hard to sit still'],
  ['69689-8', 'Becoming easily annoyed or irritable'],
  ['69736-7', 'Feeling afraid, as if something awful might happen'],
];

/** GAD-7, LOINC 69737-5. The linkIds are the LOINC item codes. */
export const gad7: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'gad-7',
  url: `${attuneQuestionnaireBase}/gad-7`,
  version: '1.0.0',
  name: 'GAD7',
  title: 'Generalized Anxiety Disorder scale (GAD-7)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: loinc, code: '69737-5', display: 'Generalized anxiety disorder 7 item (GAD-7)' }],
  copyright:
    'The GAD-7 was developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission is required to reproduce, translate, display or distribute it.',
  item: [
    { linkId: 'gad7-stem', type: 'display', text: 'Over the last 2 weeks, how often have you been bothered by the following problems?' },
    ...items.map(([code, text], index) => scoredItem(code, `${index + 1}.`, text, overTwoWeeks, { system: loinc, code, display: text })),
    {
      ...scoredItem('69730-0', '8.', 'If you checked any problems, how difficult have they made it for you to do your work, take care of things at home, or get along with other people?', difficulty, { system: loinc, code: '69730-0' }),
      required: false,
    },
  ],
};

export const gad7ScoredLinkIds = items.map(([code]) => code);
