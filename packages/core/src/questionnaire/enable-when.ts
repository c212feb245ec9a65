import type { FormItem, FormModel } from './form-model.js';
import type { AnswerValue, Answers, EnableWhen } from './types.js';

/**
 * Which items the patient sees, given the answers so far. An item is enabled when its parent is,
 * and its enableWhen conditions (or its enableWhenExpression result, when one is given) hold.
 * The answers of a disabled question count as absent for everything that reads them.
 */
export function enabledLinkIds(
  model: FormModel,
  answers: Answers,
  expressionResults: ReadonlyMap<string, boolean> = new Map(),
): Set<string> {
  const memo = new Map<string, boolean>();
  const visiting = new Set<string>();

  const isEnabled = (item: FormItem): boolean => {
    const known = memo.get(item.linkId);
    if (known !== undefined) return known;
    // Validation rejects cycles; this guard keeps a model built without validation from recursing forever.
    if (visiting.has(item.linkId)) return false;
    visiting.add(item.linkId);
    const parent = item.parentLinkId ? model.byLinkId.get(item.parentLinkId) : undefined;
    let enabled = parent ? isEnabled(parent) : true;
    if (enabled) {
      const fromExpression = expressionResults.get(item.linkId);
      if (fromExpression !== undefined) enabled = fromExpression;
      else if (item.enableWhen.length > 0) {
        const results = item.enableWhen.map((condition) => {
          const question = model.byLinkId.get(condition.question);
          const given = question && isEnabled(question) ? (answers[condition.question] ?? []) : [];
          return conditionHolds(condition, given);
        });
        enabled = item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
      }
    }
    visiting.delete(item.linkId);
    memo.set(item.linkId, enabled);
    return enabled;
  };

  const enabled = new Set<string>();
  for (const item of model.ordered) if (isEnabled(item)) enabled.add(item.linkId);
  return enabled;
}

export function conditionHolds(condition: EnableWhen, answers: readonly AnswerValue[]): boolean {
  if (condition.operator === 'exists') return (answers.length > 0) === (condition.answerBoolean === true);
  const expected = expectedOf(condition);
  if (expected === undefined) return false;
  const orders = answers.map((answer) => compare(answer, expected));
  const any = (test: (order: number) => boolean) => orders.some((order) => order !== undefined && test(order));
  switch (condition.operator) {
    case '=':
      return any((order) => order === 0);
    // A question with no answer is "not equal" to anything, as SDC clarifies for R4.
    case '!=':
      return !any((order) => order === 0);
    case '>':
      return any((order) => order > 0);
    case '<':
      return any((order) => order < 0);
    case '>=':
      return any((order) => order >= 0);
    case '<=':
      return any((order) => order <= 0);
    default:
      return false;
  }
}

type Expected = { kind: 'number' | 'string' | 'boolean' | 'coding' | 'quantity' | 'reference'; value: unknown };

function expectedOf(condition: EnableWhen): Expected | undefined {
  if (condition.answerBoolean !== undefined) return { kind: 'boolean', value: condition.answerBoolean };
  if (condition.answerInteger !== undefined) return { kind: 'number', value: condition.answerInteger };
  if (condition.answerDecimal !== undefined) return { kind: 'number', value: condition.answerDecimal };
  if (condition.answerDate !== undefined) return { kind: 'string', value: condition.answerDate };
  if (condition.answerDateTime !== undefined) return { kind: 'string', value: condition.answerDateTime };
  if (condition.answerTime !== undefined) return { kind: 'string', value: condition.answerTime };
  if (condition.answerString !== undefined) return { kind: 'string', value: condition.answerString };
  if (condition.answerCoding !== undefined) return { kind: 'coding', value: condition.answerCoding };
  if (condition.answerQuantity !== undefined) return { kind: 'quantity', value: condition.answerQuantity };
  if (condition.answerReference !== undefined) return { kind: 'reference', value: condition.answerReference };
  return undefined;
}

/** Orders an answer against the expected value: negative, 0, positive, or undefined when they cannot be compared. */
function compare(answer: AnswerValue, expected: Expected): number | undefined {
  switch (expected.kind) {
    case 'boolean':
      return answer.valueBoolean === undefined ? undefined : answer.valueBoolean === expected.value ? 0 : undefined;
    case 'number': {
      const value = answer.valueInteger ?? answer.valueDecimal ?? answer.valueQuantity?.value;
      return typeof value === 'number' && typeof expected.value === 'number' ? Math.sign(value - expected.value) : undefined;
    }
    case 'string': {
      const value = answer.valueString ?? answer.valueDate ?? answer.valueDateTime ?? answer.valueTime ?? answer.valueUri;
      if (typeof value !== 'string' || typeof expected.value !== 'string') return undefined;
      return value < expected.value ? -1 : value > expected.value ? 1 : 0;
    }
    case 'coding': {
      const coding = answer.valueCoding;
      const wanted = expected.value as { system?: string; code?: string };
      if (!coding) return undefined;
      const sameSystem = !coding.system || !wanted.system || coding.system === wanted.system;
      return sameSystem && coding.code === wanted.code ? 0 : undefined;
    }
    case 'quantity': {
      const quantity = answer.valueQuantity;
      const wanted = expected.value as { value?: number; code?: string; unit?: string };
      if (quantity?.value === undefined || wanted.value === undefined) return undefined;
      const sameUnit = (quantity.code ?? quantity.unit) === (wanted.code ?? wanted.unit);
      return sameUnit ? Math.sign(quantity.value - wanted.value) : undefined;
    }
    case 'reference':
      return answer.valueReference?.reference === (expected.value as { reference?: string }).reference ? 0 : undefined;
  }
}
