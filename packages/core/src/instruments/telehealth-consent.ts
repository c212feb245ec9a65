import type { Questionnaire } from '../questionnaire/types.js';
import { attuneCodeSystem, attuneQuestionnaireBase } from './answer-scales.js';

/**
 * Consent to a telehealth visit, with a typed signature and where the patient is for this visit:
 * a clinician needs the location to send help in an emergency and to know which state's rules apply.
 * Practices replace the consent text with their own (a copy of this resource with their wording).
 */
export const telehealthConsent: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'telehealth-consent',
  url: `${attuneQuestionnaireBase}/telehealth-consent`,
  version: '1.0.0',
  name: 'TelehealthConsent',
  title: 'Consent to telehealth',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: attuneCodeSystem.instruments, code: 'telehealth-consent', display: 'Telehealth consent' }],
  item: [
    {
      linkId: 'consent-text',
      type: 'display',
      text:
        'Your visit will take place over a secure, encrypted video connection. Video visits have limits: the clinician cannot examine you in person, and a poor connection can interrupt the visit. You may stop at any time and ask for an in-person visit. The visit is not recorded. In an emergency, call 911 (or your local emergency number).',
    },
    { linkId: 'consent-agree', type: 'boolean', required: true, text: 'I have read the above and consent to receive care by telehealth.' },
    {
      linkId: 'location',
      type: 'group',
      text: 'Where you are for this visit',
      item: [
        { linkId: 'location-address', type: 'text', required: true, maxLength: 500, text: 'Address where you are right now (street, city, state)' },
        { linkId: 'location-phone', type: 'string', required: true, maxLength: 40, text: 'A phone number where we can reach you if the call drops' },
        { linkId: 'emergency-contact', type: 'string', maxLength: 200, text: 'Emergency contact (name and phone number)' },
      ],
    },
    {
      linkId: 'signature',
      type: 'group',
      text: 'Signature',
      item: [
        { linkId: 'signature-name', type: 'string', required: true, maxLength: 200, text: 'Type your full name as your signature' },
        { linkId: 'signature-date', type: 'date', required: true, text: 'Date' },
      ],
    },
  ],
};
