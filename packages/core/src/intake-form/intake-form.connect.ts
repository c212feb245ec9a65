import type { SnapshotFrom } from 'xstate';
import type { AttuneError } from '../errors.js';
import type { CrisisResource } from '../instruments/safety.js';
import type { RiskFlag } from '../ports.js';
import type { AnswerProblem } from '../questionnaire/answer-validation.js';
import type { FormItem, UnsupportedFeature } from '../questionnaire/form-model.js';
import type { AnswerValue, QuestionnaireResponse } from '../questionnaire/types.js';
import type { QuestionnaireProblem } from '../questionnaire/validate.js';
import { problemsOf, type IntakeFormEvent, type intakeFormMachine } from './intake-form.machine.js';

export type IntakeFormSnapshot = SnapshotFrom<typeof intakeFormMachine>;

export type IntakeFormState =
  | 'loading'
  | 'load-failed'
  | 'malformed'
  | 'unsupported'
  | 'empty'
  | 'drafting'
  | 'invalid'
  | 'submitting'
  | 'submit-failed'
  | 'offline-queued'
  | 'submitted';

/** How an item is drawn: the element picks a template by this name and nothing else. */
export type ItemWidget =
  | 'group'
  | 'display'
  | 'boolean'
  | 'radio'
  | 'checkbox'
  | 'select'
  | 'slider'
  | 'open-choice'
  | 'integer'
  | 'decimal'
  | 'quantity'
  | 'date'
  | 'datetime'
  | 'time'
  | 'string'
  | 'text'
  | 'url'
  | 'attachment';

export interface OptionView {
  key: string;
  label: string;
  selected: boolean;
}

export interface ItemView {
  linkId: string;
  /** A DOM-safe id derived from the linkId (linkIds may hold any character). */
  fieldId: string;
  problemId: string;
  widget: ItemWidget;
  label: string;
  prefix: string;
  required: boolean;
  readOnly: boolean;
  repeats: boolean;
  options: OptionView[];
  /** What the field shows: the typed text when it did not parse, else the answer as text. */
  texts: string[];
  /** For open-choice: the free text answer, if any. */
  otherText: string;
  booleanValue: boolean | undefined;
  attachmentName: string | undefined;
  min: number | string | undefined;
  max: number | string | undefined;
  step: number | undefined;
  maxLength: number | undefined;
  placeholder: string | undefined;
  unit: string | undefined;
  problem: AnswerProblem | undefined;
  children: ItemView[];
}

export interface IntakeFormView {
  state: IntakeFormState;
  busy: boolean;
  title: string;
  copyright: string | undefined;
  questionnaireProblems: QuestionnaireProblem[];
  unsupported: UnsupportedFeature[];
  items: ItemView[];
  page: { index: number; count: number; title: string; isFirst: boolean; isLast: boolean };
  showPageNavigation: boolean;
  /** Problems to list at the top and to focus, in form order. Empty until the patient tries to move on. */
  problems: AnswerProblem[];
  firstProblemFieldId: string | undefined;
  resumed: boolean;
  draftSavedAt: string | undefined;
  queued: boolean;
  error: AttuneError | undefined;
  response: QuestionnaireResponse | undefined;
  riskFlags: RiskFlag[];
  /** True whenever a risk flag was raised, or the risk rules could not be checked offline: crisis resources are then shown. */
  showCrisisResources: boolean;
  crisisResources: CrisisResource[];
  answer(linkId: string, answers: AnswerValue[]): void;
  enterText(linkId: string, text: string, index?: number): void;
  chooseOption(linkId: string, key: string, checked: boolean): void;
  enterOtherText(linkId: string, text: string): void;
  nextPage(): void;
  previousPage(): void;
  submit(): void;
  continueAnyway(): void;
  retry(): void;
}

export function fieldIdFor(linkId: string): string {
  return `q-${[...linkId].map((char) => (/[A-Za-z0-9_-]/.test(char) ? char : `.${char.codePointAt(0)?.toString(16)}`)).join('')}`;
}

function stateOf(snapshot: IntakeFormSnapshot): IntakeFormState {
  if (snapshot.matches('loading')) return 'loading';
  if (snapshot.matches('loadFailed')) return 'load-failed';
  if (snapshot.matches('malformed')) return 'malformed';
  if (snapshot.matches('unsupported') || snapshot.matches('checkingSupport')) return 'unsupported';
  if (snapshot.matches({ form: 'invalid' })) return 'invalid';
  if (snapshot.matches({ form: 'drafting' })) return 'drafting';
  if (snapshot.matches('form')) return 'empty';
  if (snapshot.matches('submitting') || snapshot.matches('sending')) return 'submitting';
  if (snapshot.matches('submitFailed')) return 'submit-failed';
  if (snapshot.matches('offlineQueued')) return 'offline-queued';
  return 'submitted';
}

function widgetOf(item: FormItem): ItemWidget {
  switch (item.type) {
    case 'choice':
      if (item.control === 'check-box' || (item.repeats && item.control !== 'drop-down')) return 'checkbox';
      if (item.control === 'drop-down') return 'select';
      if (item.control === 'slider') return 'slider';
      return 'radio';
    case 'open-choice':
      return 'open-choice';
    case 'integer':
      return item.control === 'slider' ? 'slider' : 'integer';
    case 'dateTime':
      return 'datetime';
    case 'reference':
      return 'string';
    default:
      return item.type;
  }
}

function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  if (a.valueCoding || b.valueCoding) {
    return a.valueCoding?.code === b.valueCoding?.code && (a.valueCoding?.system ?? '') === (b.valueCoding?.system ?? '');
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function answerText(answer: AnswerValue): string {
  if (answer.valueQuantity) return answer.valueQuantity.value === undefined ? '' : String(answer.valueQuantity.value);
  if (answer.valueDateTime) return answer.valueDateTime.slice(0, 16);
  if (answer.valueTime) return answer.valueTime.slice(0, 5);
  if (answer.valueCoding) return answer.valueCoding.display ?? answer.valueCoding.code ?? '';
  const raw = answer.valueString ?? answer.valueUri ?? answer.valueDate ?? answer.valueInteger ?? answer.valueDecimal;
  return raw === undefined ? '' : String(raw);
}

export function connectIntakeForm(snapshot: IntakeFormSnapshot, send: (event: IntakeFormEvent) => void): IntakeFormView {
  const context = snapshot.context;
  const model = context.model;
  const state = stateOf(snapshot);
  const shownProblems = context.showProblems ? problemsOf(context, true) : [];
  const problemByLinkId = new Map<string, AnswerProblem>();
  for (const problem of shownProblems) if (!problemByLinkId.has(problem.linkId)) problemByLinkId.set(problem.linkId, problem);
  const editable = state === 'empty' || state === 'drafting' || state === 'invalid' || state === 'submit-failed';

  const viewOf = (item: FormItem): ItemView | undefined => {
    if (!context.enabled.has(item.linkId) || item.hidden) return undefined;
    const answers = context.answers[item.linkId] ?? [];
    const typed = context.entryText[item.linkId];
    const optionValues = item.options.map((option) => option.value);
    const other = answers.find((answer) => !optionValues.some((value) => sameValue(value, answer)));
    const fieldId = fieldIdFor(item.linkId);
    return {
      linkId: item.linkId,
      fieldId,
      problemId: `${fieldId}-problem`,
      widget: widgetOf(item),
      label: item.text,
      prefix: item.prefix,
      required: item.required,
      readOnly: item.readOnly || !editable || item.calculatedExpression !== undefined,
      repeats: item.repeats,
      options: item.options.map((option) => ({
        key: option.key,
        label: option.label,
        selected: answers.some((answer) => sameValue(answer, option.value)),
      })),
      texts: typed !== undefined ? [typed] : answers.map(answerText),
      otherText: item.type === 'open-choice' && other ? answerText(other) : '',
      booleanValue: answers[0]?.valueBoolean,
      attachmentName: answers[0]?.valueAttachment?.title,
      min: item.minValue,
      max: item.maxValue,
      step: item.sliderStep ?? (item.type === 'integer' ? 1 : undefined),
      maxLength: item.maxLength,
      placeholder: item.entryFormat,
      unit: item.unit?.display ?? item.unit?.code,
      problem: problemByLinkId.get(item.linkId),
      children: item.children.map(viewOf).filter((child): child is ItemView => child !== undefined),
    };
  };

  const page = model?.pages[context.pageIndex];
  const pageCount = model?.pages.length ?? 0;
  const submitted = context.submitted;
  const riskFlags = submitted?.riskFlags ?? (state === 'offline-queued' ? context.pendingRiskFlags : []);

  const chooseOption = (linkId: string, key: string, checked: boolean) => {
    const item = model?.byLinkId.get(linkId);
    const option = item?.options.find((candidate) => candidate.key === key);
    if (!item || !option) return;
    const current = context.answers[linkId] ?? [];
    if (!item.repeats) {
      send({ type: 'ANSWER', linkId, answers: checked ? [option.value] : [] });
      return;
    }
    const without = current.filter((answer) => !sameValue(answer, option.value));
    send({ type: 'ANSWER', linkId, answers: checked ? [...without, option.value] : without });
  };

  return {
    state,
    busy: state === 'loading' || state === 'submitting',
    title: model?.title ?? '',
    copyright: model?.copyright,
    questionnaireProblems: context.questionnaireProblems,
    unsupported: model?.unsupported ?? [],
    items: editable ? (page?.items ?? []).map(viewOf).filter((item): item is ItemView => item !== undefined) : [],
    page: {
      index: context.pageIndex,
      count: pageCount,
      title: page?.title ?? '',
      isFirst: context.pageIndex === 0,
      isLast: context.pageIndex >= pageCount - 1,
    },
    showPageNavigation: pageCount > 1,
    problems: shownProblems,
    firstProblemFieldId: shownProblems[0] ? fieldIdFor(shownProblems[0].linkId) : undefined,
    resumed: context.resumed,
    draftSavedAt: context.draftSavedAt,
    queued: state === 'offline-queued',
    error: context.error,
    response: submitted?.response ?? (state === 'offline-queued' ? context.pendingResponse : undefined),
    riskFlags,
    // Rules that could not be loaded cannot clear a response: the patient sees where to turn, to be safe.
    showCrisisResources: riskFlags.length > 0 || (state === 'offline-queued' && context.riskUnchecked),
    crisisResources: context.crisisResources,
    answer: (linkId, answers) => send({ type: 'ANSWER', linkId, answers }),
    enterText: (linkId, text, index) => send({ type: 'ENTER_TEXT', linkId, text, ...(index === undefined ? {} : { index }) }),
    chooseOption,
    enterOtherText: (linkId, text) => {
      const item = model?.byLinkId.get(linkId);
      if (!item) return;
      const optionValues = item.options.map((option) => option.value);
      const chosen = (context.answers[linkId] ?? []).filter((answer) => optionValues.some((value) => sameValue(value, answer)));
      const typed = text.trim() === '' ? [] : [{ valueString: text }];
      send({ type: 'ANSWER', linkId, answers: item.repeats ? [...chosen, ...typed] : typed.length ? typed : chosen });
    },
    nextPage: () => send({ type: 'NEXT_PAGE' }),
    previousPage: () => send({ type: 'PREVIOUS_PAGE' }),
    submit: () => send({ type: 'SUBMIT' }),
    continueAnyway: () => send({ type: 'CONTINUE' }),
    retry: () => send({ type: 'RETRY' }),
  };
}
