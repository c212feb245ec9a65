import type { AnswerOption, Coding, QuestionnaireItem } from '../questionnaire/types.js';

export const loinc = 'http://loinc.org';
/** Attune's own code systems, for what LOINC has no code for. */
export const attuneCodeSystem = {
  answers: 'https://fhir.attune.dev/CodeSystem/instrument-answers',
  instruments: 'https://fhir.attune.dev/CodeSystem/instruments',
  severity: 'https://fhir.attune.dev/CodeSystem/severity-band',
} as const;
export const attuneQuestionnaireBase = 'https://fhir.attune.dev/Questionnaire';

const ordinalValue = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const radio = { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl', valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'radio-button' }] } };

export interface ScaleStep {
  code: string;
  display: string;
  score: number;
  system?: string;
}

export function answerOptions(steps: readonly ScaleStep[]): AnswerOption[] {
  return steps.map((step) => ({
    valueCoding: { system: step.system ?? attuneCodeSystem.answers, code: step.code, display: step.display },
    extension: [{ url: ordinalValue, valueDecimal: step.score }],
  }));
}

/** One scored question with radio buttons, as every instrument here asks them. */
export function scoredItem(linkId: string, prefix: string, text: string, steps: readonly ScaleStep[], code?: Coding): QuestionnaireItem {
  return {
    linkId,
    prefix,
    text,
    type: 'choice',
    required: true,
    ...(code ? { code: [code] } : {}),
    extension: [radio],
    answerOption: answerOptions(steps),
  };
}

export function yesNoItem(linkId: string, text: string, required = true): QuestionnaireItem {
  return {
    linkId,
    text,
    type: 'choice',
    required,
    extension: [radio],
    answerOption: answerOptions([
      { system: loinc, code: 'LA32-8', display: 'No', score: 0 },
      { system: loinc, code: 'LA33-6', display: 'Yes', score: 1 },
    ]),
  };
}

/** The PHQ and GAD answer list (LOINC LL358-3). */
export const overTwoWeeks: readonly ScaleStep[] = [
  { system: loinc, code: 'LA6568-5', display: 'Not at all', score: 0 },
  { system: loinc, code: 'LA6569-3', display: 'Several days', score: 1 },
  { system: loinc, code: 'LA6570-1', display: 'More than half the days', score: 2 },
  { system: loinc, code: 'LA6571-9', display: 'Nearly every day', score: 3 },
];

/** How difficult the problems made daily life: asked, never scored. */
export const difficulty: readonly ScaleStep[] = [
  { system: loinc, code: 'LA6572-7', display: 'Not difficult at all', score: 0 },
  { system: loinc, code: 'LA6573-5', display: 'Somewhat difficult', score: 1 },
  { system: loinc, code: 'LA6575-0', display: 'Very difficult', score: 2 },
  { system: loinc, code: 'LA6574-3', display: 'Extremely difficult', score: 3 },
];
