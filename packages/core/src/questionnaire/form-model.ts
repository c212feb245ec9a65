import {
  ext,
  extensionValue,
  findExtension,
  findExtensions,
  isRecord,
  knownExtensionUrls,
  supportedItemControls,
  type ItemControl,
} from './extensions.js';
import type {
  AnswerOption,
  AnswerValue,
  Coding,
  EnableWhen,
  Expression,
  ItemType,
  Questionnaire,
  QuestionnaireItem,
  ValueSet,
} from './types.js';

/** A choice the patient can pick; `key` is stable within the item and safe as a form value. */
export interface FormOption {
  key: string;
  label: string;
  value: AnswerValue;
  /** ordinalValue or itemWeight: what scoring adds up. */
  score?: number;
  initialSelected: boolean;
}

export interface FormItem {
  linkId: string;
  type: ItemType;
  text: string;
  prefix: string;
  required: boolean;
  repeats: boolean;
  readOnly: boolean;
  hidden: boolean;
  maxLength?: number;
  minValue?: number | string;
  maxValue?: number | string;
  regex?: string;
  entryFormat?: string;
  control?: ItemControl;
  sliderStep?: number;
  unit?: Coding;
  options: FormOption[];
  initial: AnswerValue[];
  enableWhen: EnableWhen[];
  enableBehavior: 'all' | 'any';
  calculatedExpression?: string;
  enableWhenExpression?: string;
  initialExpression?: string;
  variables: Array<{ name: string; expression: string }>;
  children: FormItem[];
  depth: number;
  parentLinkId?: string;
}

export type UnsupportedKind =
  | 'extension'
  | 'modifier-extension'
  | 'reference-item'
  | 'repeating-group'
  | 'nested-under-question'
  | 'item-control'
  | 'external-value-set'
  | 'expression-language';

export interface UnsupportedFeature {
  kind: UnsupportedKind;
  /** The extension URL, item control code or value set the kind is about. */
  detail?: string;
  linkId?: string;
}

export interface FormPage {
  /** The group that makes this page, when the questionnaire made pages with itemControl "page". */
  linkId?: string;
  title: string;
  items: FormItem[];
}

export interface FormModel {
  questionnaire: Questionnaire;
  /** `url|version` when the questionnaire has both, else its url, else `Questionnaire/<id>`. */
  canonical?: string;
  title: string;
  copyright?: string;
  items: FormItem[];
  byLinkId: ReadonlyMap<string, FormItem>;
  /** Depth-first order, for focus and validation. */
  ordered: FormItem[];
  pages: FormPage[];
  variables: Array<{ name: string; expression: string }>;
  usesExpressions: boolean;
  unsupported: UnsupportedFeature[];
}

/** Turns a validated Questionnaire into what the form renders. Call `validateQuestionnaire` first. */
export function buildFormModel(questionnaire: Questionnaire): FormModel {
  const unsupported: UnsupportedFeature[] = [];
  const byLinkId = new Map<string, FormItem>();
  const ordered: FormItem[] = [];
  const valueSets = new Map<string, ValueSet>();
  for (const resource of questionnaire.contained ?? []) {
    if (isRecord(resource) && resource.resourceType === 'ValueSet' && typeof resource.id === 'string') {
      valueSets.set(resource.id, resource as ValueSet);
    }
  }
  let usesExpressions = false;

  const expressionOf = (extensions: unknown, url: string, linkId: string | undefined): string | undefined => {
    const found = findExtension(extensions, url);
    if (!found) return undefined;
    const expression = found.valueExpression;
    if (!expression || typeof expression.expression !== 'string' || !isFhirPath(expression)) {
      unsupported.push({ kind: 'expression-language', detail: url, ...(linkId ? { linkId } : {}) });
      return undefined;
    }
    usesExpressions = true;
    return expression.expression;
  };

  const variablesOf = (extensions: unknown, linkId: string | undefined) =>
    findExtensions(extensions, ext.variable).flatMap((variable) => {
      const expression = variable.valueExpression;
      if (!expression || typeof expression.name !== 'string' || typeof expression.expression !== 'string' || !isFhirPath(expression)) {
        unsupported.push({ kind: 'expression-language', detail: ext.variable, ...(linkId ? { linkId } : {}) });
        return [];
      }
      usesExpressions = true;
      return [{ name: expression.name, expression: expression.expression }];
    });

  const reportUnknownExtensions = (extensions: unknown, linkId: string | undefined) => {
    if (!Array.isArray(extensions)) return;
    for (const extension of extensions) {
      const url = isRecord(extension) ? extension['url'] : undefined;
      if (typeof url === 'string' && !knownExtensionUrls.has(url)) {
        unsupported.push({ kind: 'extension', detail: url, ...(linkId ? { linkId } : {}) });
      }
    }
  };

  const build = (item: QuestionnaireItem, depth: number, parent: FormItem | undefined): FormItem => {
    const linkId = item.linkId;
    reportUnknownExtensions(item.extension, linkId);
    if (Array.isArray(item.modifierExtension) && item.modifierExtension.length > 0) {
      unsupported.push({ kind: 'modifier-extension', linkId });
    }
    if (item.type === 'reference') unsupported.push({ kind: 'reference-item', linkId });
    if (item.type === 'group' && item.repeats) unsupported.push({ kind: 'repeating-group', linkId });
    if (item.type !== 'group' && item.item?.length) unsupported.push({ kind: 'nested-under-question', linkId });

    const control = itemControlOf(item, unsupported);
    const formItem: FormItem = {
      linkId,
      type: item.type,
      text: typeof item.text === 'string' ? item.text : '',
      prefix: typeof item.prefix === 'string' ? item.prefix : '',
      required: item.required === true,
      repeats: item.repeats === true && item.type !== 'group',
      readOnly: item.readOnly === true,
      hidden: findExtension(item.extension, ext.hidden)?.valueBoolean === true,
      options: optionsOf(item, valueSets, unsupported),
      initial: Array.isArray(item.initial) ? item.initial.filter(isRecord).map(onlyValue) : [],
      enableWhen: Array.isArray(item.enableWhen) ? item.enableWhen : [],
      enableBehavior: item.enableBehavior === 'any' ? 'any' : 'all',
      variables: variablesOf(item.extension, linkId),
      children: [],
      depth,
      ...(parent ? { parentLinkId: parent.linkId } : {}),
    };
    if (typeof item.maxLength === 'number') formItem.maxLength = item.maxLength;
    const minValue = extensionValue(findExtension(item.extension, ext.minValue));
    if (typeof minValue === 'number' || typeof minValue === 'string') formItem.minValue = minValue;
    const maxValue = extensionValue(findExtension(item.extension, ext.maxValue));
    if (typeof maxValue === 'number' || typeof maxValue === 'string') formItem.maxValue = maxValue;
    const regex = findExtension(item.extension, ext.regex)?.valueString;
    if (typeof regex === 'string') formItem.regex = regex;
    const entryFormat = findExtension(item.extension, ext.entryFormat)?.valueString;
    if (typeof entryFormat === 'string') formItem.entryFormat = entryFormat;
    if (control) formItem.control = control;
    const step = extensionValue(findExtension(item.extension, ext.sliderStepValue));
    if (typeof step === 'number' && step > 0) formItem.sliderStep = step;
    const unit = findExtension(item.extension, ext.unit)?.valueCoding;
    if (unit) formItem.unit = unit;
    const calculated = expressionOf(item.extension, ext.calculatedExpression, linkId);
    if (calculated) formItem.calculatedExpression = calculated;
    const enableWhenExpression = expressionOf(item.extension, ext.enableWhenExpression, linkId);
    if (enableWhenExpression) formItem.enableWhenExpression = enableWhenExpression;
    const initialExpression = expressionOf(item.extension, ext.initialExpression, linkId);
    if (initialExpression) formItem.initialExpression = initialExpression;

    byLinkId.set(linkId, formItem);
    ordered.push(formItem);
    formItem.children = (item.item ?? []).map((child) => build(child, depth + 1, formItem));
    return formItem;
  };

  reportUnknownExtensions(questionnaire.extension, undefined);
  if (Array.isArray(questionnaire.modifierExtension) && questionnaire.modifierExtension.length > 0) {
    unsupported.push({ kind: 'modifier-extension' });
  }
  const variables = variablesOf(questionnaire.extension, undefined);
  const items = (questionnaire.item ?? []).map((item) => build(item, 0, undefined));
  const title = questionnaire.title ?? questionnaire.name ?? '';
  const canonical = questionnaire.url
    ? questionnaire.version
      ? `${questionnaire.url}|${questionnaire.version}`
      : questionnaire.url
    : questionnaire.id
      ? `Questionnaire/${questionnaire.id}`
      : undefined;

  return {
    questionnaire,
    ...(canonical ? { canonical } : {}),
    title,
    ...(questionnaire.copyright ? { copyright: questionnaire.copyright } : {}),
    items,
    byLinkId,
    ordered,
    pages: pagesOf(items, title),
    variables,
    usesExpressions,
    unsupported,
  };
}

function isFhirPath(expression: Expression): boolean {
  return expression.language === undefined || expression.language === 'text/fhirpath';
}

function onlyValue(value: Record<string, unknown>): AnswerValue {
  const answer: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (key.startsWith('value')) answer[key] = entry;
  return answer as AnswerValue;
}

function itemControlOf(item: QuestionnaireItem, unsupported: UnsupportedFeature[]): ItemControl | undefined {
  const concept = findExtension(item.extension, ext.itemControl)?.valueCodeableConcept;
  const code = concept?.coding?.find((coding) => typeof coding.code === 'string')?.code;
  if (code === undefined) return undefined;
  if ((supportedItemControls as readonly string[]).includes(code)) return code as ItemControl;
  unsupported.push({ kind: 'item-control', detail: code, linkId: item.linkId });
  return undefined;
}

function scoreOf(extensions: unknown): number | undefined {
  const found = findExtension(extensions, ext.ordinalValue) ?? findExtension(extensions, ext.itemWeight);
  const value = extensionValue(found);
  return typeof value === 'number' ? value : undefined;
}

function labelOf(value: AnswerValue): string {
  if (value.valueCoding) return value.valueCoding.display ?? value.valueCoding.code ?? '';
  const raw = Object.values(value)[0];
  return raw === undefined || raw === null ? '' : String(raw);
}

function optionsOf(item: QuestionnaireItem, valueSets: Map<string, ValueSet>, unsupported: UnsupportedFeature[]): FormOption[] {
  if (Array.isArray(item.answerOption)) {
    return item.answerOption.map((option: AnswerOption, index) => {
      const value = onlyValue(option as Record<string, unknown>);
      const score = scoreOf(option.extension) ?? scoreOf(option.valueCoding?.extension);
      return {
        key: String(index),
        label: labelOf(value),
        value,
        ...(score === undefined ? {} : { score }),
        initialSelected: option.initialSelected === true,
      };
    });
  }
  if (typeof item.answerValueSet === 'string') {
    if (!item.answerValueSet.startsWith('#')) {
      unsupported.push({ kind: 'external-value-set', detail: item.answerValueSet, linkId: item.linkId });
      return [];
    }
    const valueSet = valueSets.get(item.answerValueSet.slice(1));
    const concepts =
      valueSet?.expansion?.contains ??
      valueSet?.compose?.include?.flatMap((include) =>
        (include.concept ?? []).map((concept) => ({ ...concept, ...(include.system ? { system: include.system } : {}) })),
      ) ??
      [];
    return concepts.map((concept, index) => {
      const coding: Coding = {};
      if (concept.system) coding.system = concept.system;
      if (concept.code) coding.code = concept.code;
      if (concept.display) coding.display = concept.display;
      const score = scoreOf(concept.extension);
      return {
        key: String(index),
        label: concept.display ?? concept.code ?? '',
        value: { valueCoding: coding },
        ...(score === undefined ? {} : { score }),
        initialSelected: false,
      };
    });
  }
  return [];
}

function pagesOf(items: FormItem[], title: string): FormPage[] {
  if (!items.some((item) => item.control === 'page')) return [{ title, items }];
  const pages: FormPage[] = [];
  let loose: FormItem[] = [];
  for (const item of items) {
    if (item.control === 'page') {
      if (loose.length) pages.push({ title, items: loose });
      loose = [];
      pages.push({ linkId: item.linkId, title: item.text || title, items: [item] });
    } else {
      loose.push(item);
    }
  }
  if (loose.length) pages.push({ title, items: loose });
  return pages;
}
