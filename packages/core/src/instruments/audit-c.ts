import type { Questionnaire } from '../questionnaire/types.js';
import { attuneQuestionnaireBase, loinc, scoredItem } from './answer-scales.js';

/** AUDIT-C, LOINC 72109-2: the three consumption questions of the WHO AUDIT. */
export const auditC: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'audit-c',
  url: `${attuneQuestionnaireBase}/audit-c`,
  version: '1.0.0',
  name: 'AUDITC',
  title: 'Alcohol Use Disorders Identification Test - Consumption (AUDIT-C)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: loinc, code: '72109-2', display: 'AUDIT-C' }],
  copyright:
    'AUDIT-C: Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA (1998), from the AUDIT of the World Health Organization, which may be used freely.',
  item: [
    scoredItem('68518-0', '1.', 'How often do you have a drink containing alcohol?', [
      { code: 'never', display: 'Never', score: 0 },
      { code: 'monthly-or-less', display: 'Monthly or less', score: 1 },
      { code: '2-4-a-month', display: '2 to 4 times a month', score: 2 },
      { code: '2-3-a-week', display: '2 to 3 times a week', score: 3 },
      { code: '4-plus-a-week', display: '4 or more times a week', score: 4 },
    ], { system: loinc, code: '68518-0' }),
    scoredItem('68519-8', '2.', 'How many standard drinks containing alcohol do you have on a typical day?', [
      { code: '1-2', display: '1 or 2', score: 0 },
      { code: '3-4', display: '3 or 4', score: 1 },
      { code: '5-6', display: '5 or 6', score: 2 },
      { code: '7-9', display: '7 to 9', score: 3 },
      { code: '10-plus', display: '10 or more', score: 4 },
    ], { system: loinc, code: '68519-8' }),
    scoredItem('68520-6', '3.', 'How often do you have six or more drinks on one occasion?', [
      { code: 'never', display: 'Never', score: 0 },
      { code: 'less-than-monthly', display: 'Less than monthly', score: 1 },
      { code: 'monthly', display: 'Monthly', score: 2 },
      { code: 'weekly', display: 'Weekly', score: 3 },
      { code: 'daily', display: 'Daily or almost daily', score: 4 },
    ], { system: loinc, code: '68520-6' }),
  ],
};

export const auditCScoredLinkIds = ['68518-0', '68519-8', '68520-6'];
