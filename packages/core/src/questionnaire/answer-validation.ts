import type { FormItem, FormModel } from './form-model.js';
import type { AnswerValue, Answers } from './types.js';

export type AnswerProblemCode =
  | 'required'
  | 'too-long'
  | 'below-min'
  | 'above-max'
  | 'pattern'
  | 'not-integer'
  | 'not-decimal'
  | 'not-date'
  | 'not-date-time'
  | 'not-time'
  | 'not-url'
  | 'wrong-type'
  | 'not-an-option';

/** Why an answer cannot be accepted. `limit` is the bound or format the answer missed, for the message. */
export interface AnswerProblem {
  linkId: string;
  code: AnswerProblemCode;
  limit?: string | number;
}

export type ParsedAnswer = { ok: true; value: AnswerValue } | { ok: false; problem: AnswerProblem };

const datePattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?$/;

/**
 * Turns what the patient typed into a FHIR answer for the item's type, or says why it cannot.
 * Used for every typed entry (numbers, dates, times, urls, text); choices and booleans arrive as values.
 */
export function parseAnswerText(item: Pick<FormItem, 'linkId' | 'type'>, text: string): ParsedAnswer {
  const trimmed = text.trim();
  const fail = (code: AnswerProblemCode): ParsedAnswer => ({ ok: false, problem: { linkId: item.linkId, code } });
  switch (item.type) {
    case 'integer':
      if (!/^[+-]?\d{1,15}$/.test(trimmed)) return fail('not-integer');
      return { ok: true, value: { valueInteger: Number.parseInt(trimmed, 10) } };
    case 'decimal':
    case 'quantity': {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return fail('not-decimal');
      const number = Number(trimmed);
      return item.type === 'decimal'
        ? { ok: true, value: { valueDecimal: number } }
        : { ok: true, value: { valueQuantity: { value: number } } };
    }
    case 'date':
      return isCalendarDate(trimmed) ? { ok: true, value: { valueDate: trimmed } } : fail('not-date');
    case 'dateTime': {
      const match = dateTimePattern.exec(trimmed);
      if (!match || !isCalendarDate(trimmed.slice(0, 10))) return fail('not-date-time');
      const withSeconds = match[6] === undefined ? `${trimmed.slice(0, 16)}:00${trimmed.slice(16)}` : trimmed;
      // FHIR wants a zone on a dateTime with a time; an entry without one is the patient's local time.
      return { ok: true, value: { valueDateTime: match[7] ? withSeconds : `${withSeconds}${localOffset(withSeconds)}` } };
    }
    case 'time': {
      const match = timePattern.exec(trimmed);
      if (!match) return fail('not-time');
      return { ok: true, value: { valueTime: match[3] === undefined ? `${trimmed}:00` : trimmed } };
    }
    case 'url':
      return isAbsoluteUrl(trimmed) ? { ok: true, value: { valueUri: trimmed } } : fail('not-url');
    default:
      return { ok: true, value: { valueString: text } };
  }
}

/** Every problem with the enabled answers, in the order the form shows its items. */
export function validateAnswers(model: FormModel, answers: Answers, enabled: ReadonlySet<string>): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const item of model.ordered) {
    if (!enabled.has(item.linkId) || item.type === 'display' || item.hidden) continue;
    if (item.type === 'group') {
      if (item.required && !hasAnyAnswer(item, answers, enabled)) problems.push({ linkId: item.linkId, code: 'required' });
      continue;
    }
    const given = answers[item.linkId] ?? [];
    if (given.length === 0) {
      if (item.required && !item.readOnly) problems.push({ linkId: item.linkId, code: 'required' });
      continue;
    }
    for (const answer of given) {
      const problem = checkAnswer(item, answer);
      if (problem) {
        problems.push(problem);
        break;
      }
    }
  }
  return problems;
}

const valueKeys: Partial<Record<FormItem['type'], readonly string[]>> = {
  boolean: ['valueBoolean'],
  decimal: ['valueDecimal'],
  integer: ['valueInteger'],
  date: ['valueDate'],
  dateTime: ['valueDateTime'],
  time: ['valueTime'],
  string: ['valueString'],
  text: ['valueString'],
  url: ['valueUri'],
  attachment: ['valueAttachment'],
  reference: ['valueReference', 'valueString'],
  quantity: ['valueQuantity'],
};

function sameOption(a: AnswerValue, b: AnswerValue): boolean {
  if (a.valueCoding || b.valueCoding) return a.valueCoding?.code === b.valueCoding?.code && (a.valueCoding?.system ?? '') === (b.valueCoding?.system ?? '');
  return JSON.stringify(a) === JSON.stringify(b);
}

export function checkAnswer(item: FormItem, answer: AnswerValue): AnswerProblem | undefined {
  const keys = Object.keys(answer).filter((key) => key.startsWith('value'));
  const allowed = valueKeys[item.type];
  if (keys.length !== 1 || (allowed && !allowed.includes(keys[0]!))) return { linkId: item.linkId, code: 'wrong-type' };
  if ((item.type === 'choice' || item.type === 'open-choice') && item.options.length > 0) {
    const isOption = item.options.some((option) => sameOption(option.value, answer));
    if (!isOption && !(item.type === 'open-choice' && answer.valueString !== undefined)) return { linkId: item.linkId, code: 'not-an-option' };
  }
  const text = answer.valueString ?? answer.valueUri;
  if (text !== undefined) {
    if (item.maxLength !== undefined && [...text].length > item.maxLength) {
      return { linkId: item.linkId, code: 'too-long', limit: item.maxLength };
    }
    if (item.regex !== undefined && !matchesWhole(item.regex, text)) {
      return { linkId: item.linkId, code: 'pattern', ...(item.entryFormat ? { limit: item.entryFormat } : {}) };
    }
  }
  const comparable =
    answer.valueInteger ?? answer.valueDecimal ?? answer.valueQuantity?.value ?? answer.valueDate ?? answer.valueDateTime ?? answer.valueTime;
  if (comparable !== undefined) {
    if (item.minValue !== undefined && typeof item.minValue === typeof comparable && comparable < item.minValue) {
      return { linkId: item.linkId, code: 'below-min', limit: item.minValue };
    }
    if (item.maxValue !== undefined && typeof item.maxValue === typeof comparable && comparable > item.maxValue) {
      return { linkId: item.linkId, code: 'above-max', limit: item.maxValue };
    }
  }
  return undefined;
}

function hasAnyAnswer(item: FormItem, answers: Answers, enabled: ReadonlySet<string>): boolean {
  return item.children.some(
    (child) => enabled.has(child.linkId) && ((answers[child.linkId]?.length ?? 0) > 0 || hasAnyAnswer(child, answers, enabled)),
  );
}

function matchesWhole(source: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${source})$`).test(text);
  } catch {
    return false;
  }
}

function isCalendarDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function isAbsoluteUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol.length > 1 && !/\s/.test(text);
  } catch {
    return false;
  }
}

function localOffset(dateTime: string): string {
  const minutes = -new Date(dateTime).getTimezoneOffset();
  if (!Number.isFinite(minutes) || minutes === 0) return 'Z';
  const sign = minutes > 0 ? '+' : '-';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}
