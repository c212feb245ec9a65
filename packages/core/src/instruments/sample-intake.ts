import type { Questionnaire } from '../questionnaire/types.js';
import { attuneQuestionnaireBase } from './answer-scales.js';

const control = (code: string) => ({
  url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code }] },
});
const page = control('page');

/**
 * A first-visit intake that uses every item type and feature the form supports, over three pages.
 * Practices copy and edit it; the demo clinic, the stories and the benchmarks use it as is.
 */
export const sampleIntake: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'sample-intake',
  url: `${attuneQuestionnaireBase}/sample-intake`,
  version: '1.0.0',
  title: 'New patient intake',
  status: 'active',
  contained: [
    {
      resourceType: 'ValueSet',
      id: 'contact-times',
      expansion: {
        contains: [
          { system: 'https://fhir.attune.dev/CodeSystem/contact-time', code: 'morning', display: 'Morning' },
          { system: 'https://fhir.attune.dev/CodeSystem/contact-time', code: 'afternoon', display: 'Afternoon' },
          { system: 'https://fhir.attune.dev/CodeSystem/contact-time', code: 'evening', display: 'Evening' },
        ],
      },
    },
  ],
  item: [
    {
      linkId: 'about-you',
      type: 'group',
      text: 'About you',
      extension: [page],
      item: [
        { linkId: 'welcome', type: 'display', text: 'These questions help your clinician prepare for your first visit.' },
        { linkId: 'preferred-name', type: 'string', text: 'What name would you like us to use?', required: true, maxLength: 80 },
        { linkId: 'birth-date', type: 'date', text: 'Date of birth', required: true },
        { linkId: 'website', type: 'url', text: 'A link you want to share with your clinician (optional)' },
        {
          linkId: 'zip',
          type: 'string',
          text: 'ZIP code',
          extension: [
            { url: 'http://hl7.org/fhir/StructureDefinition/regex', valueString: '\\d{5}' },
            { url: 'http://hl7.org/fhir/StructureDefinition/entryFormat', valueString: '12345' },
          ],
        },
        {
          linkId: 'contact-time',
          type: 'choice',
          text: 'When is the best time to reach you?',
          repeats: true,
          extension: [control('check-box')],
          answerValueSet: '#contact-times',
        },
        { linkId: 'phone', type: 'string', text: 'Phone number', repeats: true, maxLength: 40 },
      ],
    },
    {
      linkId: 'health',
      type: 'group',
      text: 'Your health',
      extension: [page],
      item: [
        {
          linkId: 'sleep-hours',
          type: 'integer',
          text: 'About how many hours do you sleep a night?',
          extension: [
            { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
            { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 24 },
          ],
        },
        {
          linkId: 'weight',
          type: 'quantity',
          text: 'Weight',
          extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit', valueCoding: { system: 'http://unitsofmeasure.org', code: 'kg', display: 'kg' } }],
        },
        { linkId: 'caffeine', type: 'decimal', text: 'Cups of coffee or tea a day' },
        {
          linkId: 'mood-today',
          type: 'choice',
          text: 'How is your mood today?',
          extension: [control('slider')],
          answerOption: [
            { valueCoding: { code: 'very-low', display: 'Very low' } },
            { valueCoding: { code: 'low', display: 'Low' } },
            { valueCoding: { code: 'okay', display: 'Okay' } },
            { valueCoding: { code: 'good', display: 'Good' } },
            { valueCoding: { code: 'very-good', display: 'Very good' } },
          ],
        },
        { linkId: 'takes-medication', type: 'boolean', text: 'Do you take any medication?', required: true },
        {
          linkId: 'medications',
          type: 'text',
          text: 'Which medications, and how much?',
          required: true,
          enableWhen: [{ question: 'takes-medication', operator: '=', answerBoolean: true }],
        },
        {
          linkId: 'referral',
          type: 'open-choice',
          text: 'How did you hear about us?',
          answerOption: [{ valueString: 'My doctor' }, { valueString: 'A friend or family member' }, { valueString: 'Online search' }],
        },
        {
          linkId: 'pronouns',
          type: 'choice',
          text: 'Pronouns',
          extension: [control('drop-down')],
          answerOption: [{ valueString: 'she/her' }, { valueString: 'he/him' }, { valueString: 'they/them' }, { valueString: 'Prefer to describe' }],
        },
      ],
    },
    {
      linkId: 'visit',
      type: 'group',
      text: 'This visit',
      extension: [page],
      item: [
        { linkId: 'visit-reason', type: 'text', text: 'What would you like help with?', maxLength: 2000 },
        { linkId: 'last-visit', type: 'dateTime', text: 'When did you last see a clinician about this?' },
        { linkId: 'best-time', type: 'time', text: 'Preferred appointment time' },
        { linkId: 'documents', type: 'attachment', text: 'Upload a referral letter (optional)' },
        {
          linkId: 'clinic',
          type: 'choice',
          text: 'Clinic',
          readOnly: true,
          answerOption: [{ valueString: 'Telehealth' }],
          initial: [{ valueString: 'Telehealth' }],
        },
        {
          linkId: 'preferences',
          type: 'group',
          text: 'Visit preferences',
          item: [
            {
              linkId: 'video-or-audio',
              type: 'choice',
              text: 'Would you prefer video or audio only?',
              extension: [control('radio-button')],
              answerOption: [{ valueString: 'Video' }, { valueString: 'Audio only' }],
            },
          ],
        },
      ],
    },
  ],
};
