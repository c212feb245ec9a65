/**
 * The slice of FHIR R4 Questionnaire and QuestionnaireResponse that Attune reads and writes.
 * Fields Attune does not understand stay on the objects (index signatures) so nothing is lost
 * when a questionnaire passes through.
 */

export interface Coding {
  system?: string;
  version?: string;
  code?: string;
  display?: string;
  extension?: Extension[];
}

export interface Quantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
}

export interface Attachment {
  contentType?: string;
  data?: string;
  url?: string;
  title?: string;
  size?: number;
}

export interface Reference {
  reference?: string;
  display?: string;
  identifier?: Identifier;
  type?: string;
}

export interface Identifier {
  system?: string;
  value?: string;
}

export interface Expression {
  name?: string;
  language?: string;
  expression?: string;
  description?: string;
}

export interface Extension {
  url: string;
  valueString?: string;
  valueInteger?: number;
  valueDecimal?: number;
  valueBoolean?: boolean;
  valueDate?: string;
  valueDateTime?: string;
  valueTime?: string;
  valueCoding?: Coding;
  valueCodeableConcept?: { coding?: Coding[]; text?: string };
  valueExpression?: Expression;
  valueQuantity?: Quantity;
  valueCanonical?: string;
  [key: string]: unknown;
}

/** One answer as FHIR writes it: exactly one `value[x]`. */
export interface AnswerValue {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueDate?: string;
  valueDateTime?: string;
  valueTime?: string;
  valueString?: string;
  valueUri?: string;
  valueCoding?: Coding;
  valueQuantity?: Quantity;
  valueAttachment?: Attachment;
  valueReference?: Reference;
}

export type EnableWhenOperator = 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';

export interface EnableWhen {
  question: string;
  operator: EnableWhenOperator;
  answerBoolean?: boolean;
  answerDecimal?: number;
  answerInteger?: number;
  answerDate?: string;
  answerDateTime?: string;
  answerTime?: string;
  answerString?: string;
  answerCoding?: Coding;
  answerQuantity?: Quantity;
  answerReference?: Reference;
}

export interface AnswerOption extends AnswerValue {
  initialSelected?: boolean;
  extension?: Extension[];
}

export const itemTypes = [
  'group',
  'display',
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'text',
  'url',
  'choice',
  'open-choice',
  'attachment',
  'reference',
  'quantity',
] as const;
export type ItemType = (typeof itemTypes)[number];

export interface QuestionnaireItem {
  linkId: string;
  definition?: string;
  code?: Coding[];
  prefix?: string;
  text?: string;
  type: ItemType;
  enableWhen?: EnableWhen[];
  enableBehavior?: 'all' | 'any';
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  answerValueSet?: string;
  answerOption?: AnswerOption[];
  initial?: AnswerValue[];
  item?: QuestionnaireItem[];
  extension?: Extension[];
  modifierExtension?: Extension[];
  [key: string]: unknown;
}

export interface ValueSet {
  resourceType: 'ValueSet';
  id?: string;
  url?: string;
  expansion?: { contains?: Array<{ system?: string; code?: string; display?: string; extension?: Extension[] }> };
  compose?: { include?: Array<{ system?: string; concept?: Array<{ code: string; display?: string; extension?: Extension[] }> }> };
  [key: string]: unknown;
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  url?: string;
  version?: string;
  name?: string;
  title?: string;
  status?: string;
  code?: Coding[];
  identifier?: Identifier[];
  copyright?: string;
  description?: string;
  contained?: Array<{ resourceType: string; id?: string; [key: string]: unknown }>;
  extension?: Extension[];
  modifierExtension?: Extension[];
  item?: QuestionnaireItem[];
  [key: string]: unknown;
}

export interface QuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: Array<AnswerValue & { item?: QuestionnaireResponseItem[] }>;
  item?: QuestionnaireResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  identifier?: Identifier;
  questionnaire?: string;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  subject?: Reference;
  authored?: string;
  author?: Reference;
  item?: QuestionnaireResponseItem[];
  [key: string]: unknown;
}

/** What the patient has answered so far, by linkId. Disabled items keep their answers here but leave the response. */
export type Answers = Readonly<Record<string, readonly AnswerValue[]>>;
