import type { Questionnaire } from '../questionnaire/types.js';
import { attuneQuestionnaireBase, loinc, scoredItem, type ScaleStep } from './answer-scales.js';

export const epdsItemTen = 'epds-10';

const step = (code: string, display: string, score: number): ScaleStep => ({ code, display, score });

// Items 3 and 5 to 10 are reverse-scored: their first option scores 3.
const items: Array<[string, ScaleStep[]]> = [
  ['I have been able to laugh and see the funny side of things', [step('a', 'As much as I always could', 0), step('b', 'Not quite so much now', 1), step('c', 'Definitely not so much now', 2), step('d', 'Not at all', 3)]],
  ['I have looked forward with enjoyment to things', [step('a', 'As much as I ever did', 0), step('b', 'Rather less than I used to', 1), step('c', 'Definitely less than I used to', 2), step('d', 'Hardly at all', 3)]],
  ['I have blamed myself unnecessarily when things went wrong', [step('a', 'Yes, most of the time', 3), step('b', 'Yes, some of the time', 2), step('c', 'Not very often', 1), step('d', 'No, never', 0)]],
  ['I have been anxious or worried for no good reason', [step('a', 'No, not at all', 0), step('b', 'Hardly ever', 1), step('c', 'Yes, sometimes', 2), step('d', 'Yes, very often', 3)]],
  ['I have felt scared or panicky for no very good reason', [step('a', 'Yes, quite a lot', 3), step('b', 'Yes, sometimes', 2), step('c', 'No, not much', 1), step('d', 'No, not at all', 0)]],
  ['Things have been getting on top of me', [step('a', "Yes, most of the time I haven't been able to cope at all", 3), step('b', "Yes, sometimes I haven't been coping as well as usual", 2), step('c', 'No, most of the time I have coped quite well', 1), step('d', 'No, I have been coping as well as ever', 0)]],
  ['I have been so unhappy that I have had difficulty sleeping', [step('a', 'Yes, most of the time', 3), step('b', 'Yes, sometimes', 2), step('c', 'Not very often', 1), step('d', 'No, not at all', 0)]],
  ['I have felt sad or miserable', [step('a', 'Yes, most of the time', 3), step('b', 'Yes, quite often', 2), step('c', 'Not very often', 1), step('d', 'No, not at all', 0)]],
  ['I have been so unhappy that I have been crying', [step('a', 'Yes, most of the time', 3), step('b', 'Yes, quite often', 2), step('c', 'Only occasionally', 1), step('d', 'No, never', 0)]],
  ['The thought of harming myself has occurred to me', [step('a', 'Yes, quite often', 3), step('b', 'Sometimes', 2), step('c', 'Hardly ever', 1), step('d', 'Never', 0)]],
];

/** Edinburgh Postnatal Depression Scale, LOINC 71354-5. */
export const epds: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'epds',
  url: `${attuneQuestionnaireBase}/epds`,
  version: '1.0.0',
  name: 'EPDS',
  title: 'Edinburgh Postnatal Depression Scale (EPDS)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: loinc, code: '71354-5', display: 'Edinburgh Postnatal Depression Scale [EPDS]' }],
  copyright:
    '© 1987 The Royal College of Psychiatrists. Cox, J.L., Holden, J.M., and Sagovsky, R. (1987). Detection of postnatal depression: Development of the 10-item Edinburgh Postnatal Depression Scale. British Journal of Psychiatry 150:782-786. It may be reproduced without further permission provided the copyright and the authors are acknowledged.',
  item: [
    { linkId: 'epds-stem', type: 'display', text: 'Please choose the answer that comes closest to how you have felt in the past 7 days, not just how you feel today.' },
    ...items.map(([text, steps], index) =>
      scoredItem(`epds-${index + 1}`, `${index + 1}.`, text, steps.map((s) => ({ ...s, code: `epds-${index + 1}-${s.code}` }))),
    ),
  ],
};

export const epdsScoredLinkIds = items.map((_, index) => `epds-${index + 1}`);
