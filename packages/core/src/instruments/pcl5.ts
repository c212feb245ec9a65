import type { Questionnaire } from '../questionnaire/types.js';
import { attuneQuestionnaireBase, scoredItem, type ScaleStep } from './answer-scales.js';

const bothered: readonly ScaleStep[] = [
  { code: 'not-at-all', display: 'Not at all', score: 0 },
  { code: 'a-little-bit', display: 'A little bit', score: 1 },
  { code: 'moderately', display: 'Moderately', score: 2 },
  { code: 'quite-a-bit', display: 'Quite a bit', score: 3 },
  { code: 'extremely', display: 'Extremely', score: 4 },
];

const items = [
  'Repeated, disturbing, and unwanted memories of the stressful experience?',
  'Repeated, disturbing dreams of the stressful experience?',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
  'Feeling very upset when something reminded you of the stressful experience?',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
  'Avoiding memories, thoughts, or feelings related to the stressful experience?',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
  'Trouble remembering important parts of the stressful experience?',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
  'Blaming yourself or someone else for the stressful experience or what happened after it?',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
  'Loss of interest in activities that you used to enjoy?',
  'Feeling distant or cut off from other people?',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
  'Irritable behavior, angry outbursts, or acting aggressively?',
  'Taking too many risks or doing things that could cause you harm?',
  'Being "superalert" or watchful or on guard?',
  'Feeling jumpy or easily startled?',
  'Having difficulty concentrating?',
  'Trouble falling or staying asleep?',
];

/** PCL-5 (past month): LOINC panel 101697-1, total score 101698-9. */
export const pcl5: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'pcl-5',
  url: `${attuneQuestionnaireBase}/pcl-5`,
  version: '1.0.0',
  name: 'PCL5',
  title: 'PTSD Checklist for DSM-5 (PCL-5)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: 'http://loinc.org', code: '101697-1', display: 'Post traumatic stress disorder checklist - civilian version DSM-5 [PCL-5]' }],
  copyright:
    'PCL-5: Weathers, F.W., Litz, B.T., Keane, T.M., Palmieri, P.A., Marx, B.P., & Schnurr, P.P. (2013). National Center for PTSD. In the public domain.',
  item: [
    {
      linkId: 'pcl5-stem',
      type: 'display',
      text: 'Below is a list of problems that people sometimes have in response to a very stressful experience. Please indicate how much you have been bothered by each problem in the past month.',
    },
    ...items.map((text, index) => scoredItem(`pcl5-${index + 1}`, `${index + 1}.`, text, bothered)),
  ],
};

export const pcl5ScoredLinkIds = items.map((_, index) => `pcl5-${index + 1}`);
