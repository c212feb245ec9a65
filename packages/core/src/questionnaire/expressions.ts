import { buildQuestionnaireResponse } from '../fhir/response-builder.js';
import { enabledLinkIds } from './enable-when.js';
import type { FormItem, FormModel } from './form-model.js';
import type { AnswerValue, Answers, QuestionnaireResponse, QuestionnaireResponseItem } from './types.js';

/** What the FHIRPath expressions of a questionnaire decided for the current answers. */
export interface ExpressionOutcome {
  /** The answers with every calculatedExpression applied. */
  answers: Answers;
  /** enableWhenExpression results by linkId. */
  enableWhen: Map<string, boolean>;
  /** linkIds whose expression failed to evaluate (the item keeps its previous state). */
  failed: string[];
}

export interface ExpressionEngine {
  evaluate(model: FormModel, answers: Answers): ExpressionOutcome;
  /** initialExpression values, for the items that have one and no answer yet. */
  initialAnswers(model: FormModel, answers: Answers): Answers;
}

type Evaluate = (resource: unknown, expression: string | { base: string; expression: string }, env: Record<string, unknown>, model: unknown) => unknown[];

/**
 * Loads the `fhirpath` package on first use: most questionnaires (PHQ-9, GAD-7) use no expression
 * and never pay for it.
 */
export async function loadExpressionEngine(): Promise<ExpressionEngine> {
  const [engine, r4] = await Promise.all([import('fhirpath'), import('fhirpath/fhir-context/r4')]);
  const fhirpath = (engine.default ?? engine) as unknown as { evaluate: Evaluate };
  const modelInfo = (r4 as { default?: unknown }).default ?? r4;
  return createExpressionEngine((resource, expression, env) => fhirpath.evaluate(resource, expression, env, modelInfo));
}

const maxPasses = 5;

function createExpressionEngine(evaluate: (resource: unknown, expression: string, env: Record<string, unknown>) => unknown[]): ExpressionEngine {
  const run = (model: FormModel, response: QuestionnaireResponse, item: FormItem | undefined, expression: string, failed: string[]) => {
    try {
      return evaluate(response, expression, environment(model, response, item, evaluate));
    } catch {
      failed.push(item?.linkId ?? '');
      return undefined;
    }
  };

  return {
    evaluate(model, answers) {
      let current: Record<string, readonly AnswerValue[]> = { ...answers };
      let enableWhen = new Map<string, boolean>();
      const failed: string[] = [];
      // Calculations may feed each other; a few passes settle any chain a real form has.
      for (let pass = 0; pass < maxPasses; pass += 1) {
        const enabled = enabledLinkIds(model, current, enableWhen);
        const response = buildQuestionnaireResponse(model, current, enabled, { status: 'in-progress', authored: '1970-01-01T00:00:00Z' });
        const nextEnableWhen = new Map<string, boolean>();
        const next: Record<string, readonly AnswerValue[]> = { ...current };
        failed.length = 0;
        for (const item of model.ordered) {
          if (item.enableWhenExpression) {
            const result = run(model, response, item, item.enableWhenExpression, failed);
            if (result) nextEnableWhen.set(item.linkId, result[0] === true);
          }
          if (item.calculatedExpression) {
            const result = run(model, response, item, item.calculatedExpression, failed);
            if (result) next[item.linkId] = result.flatMap((value) => toAnswer(item, value));
          }
        }
        const settled = sameAnswers(current, next) && sameMap(enableWhen, nextEnableWhen);
        current = next;
        enableWhen = nextEnableWhen;
        if (settled) break;
      }
      return { answers: current, enableWhen, failed: [...new Set(failed)] };
    },
    initialAnswers(model, answers) {
      const enabled = enabledLinkIds(model, answers);
      const response = buildQuestionnaireResponse(model, answers, enabled, { status: 'in-progress', authored: '1970-01-01T00:00:00Z' });
      const initial: Record<string, readonly AnswerValue[]> = { ...answers };
      const failed: string[] = [];
      for (const item of model.ordered) {
        if (!item.initialExpression || (answers[item.linkId]?.length ?? 0) > 0) continue;
        const result = run(model, response, item, item.initialExpression, failed);
        if (result?.length) initial[item.linkId] = result.flatMap((value) => toAnswer(item, value));
      }
      return initial;
    },
  };
}

function environment(
  model: FormModel,
  response: QuestionnaireResponse,
  item: FormItem | undefined,
  evaluate: (resource: unknown, expression: string, env: Record<string, unknown>) => unknown[],
): Record<string, unknown> {
  const env: Record<string, unknown> = {
    resource: response,
    rootResource: response,
    questionnaire: model.questionnaire,
    context: (item && findResponseItem(response.item, item.linkId)) ?? response,
  };
  // Variables are visible to the item that declares them and everything below it.
  const scopes: Array<Array<{ name: string; expression: string }>> = [model.variables];
  const chain: FormItem[] = [];
  for (let at = item; at; at = at.parentLinkId ? model.byLinkId.get(at.parentLinkId) : undefined) chain.unshift(at);
  for (const scope of chain) scopes.push(scope.variables);
  for (const scope of scopes) {
    for (const variable of scope) {
      try {
        env[variable.name] = evaluate(response, variable.expression, { ...env });
      } catch {
        env[variable.name] = [];
      }
    }
  }
  return env;
}

function findResponseItem(items: QuestionnaireResponseItem[] | undefined, linkId: string): QuestionnaireResponseItem | undefined {
  for (const item of items ?? []) {
    if (item.linkId === linkId) return item;
    const found = findResponseItem(item.item, linkId) ?? findResponseItem(item.answer?.flatMap((answer) => answer.item ?? []), linkId);
    if (found) return found;
  }
  return undefined;
}

function toAnswer(item: FormItem, value: unknown): AnswerValue[] {
  const raw = typeof value === 'object' && value !== null && 'value' in value && !('code' in value) ? (value as { value: unknown }).value : value;
  switch (item.type) {
    case 'integer':
      return typeof raw === 'number' && Number.isFinite(raw) ? [{ valueInteger: Math.round(raw) }] : [];
    case 'decimal':
      return typeof raw === 'number' && Number.isFinite(raw) ? [{ valueDecimal: raw }] : [];
    case 'quantity':
      return typeof raw === 'number' ? [{ valueQuantity: { value: raw, ...(item.unit?.code ? { code: item.unit.code, unit: item.unit.display ?? item.unit.code } : {}) } }] : [];
    case 'boolean':
      return typeof raw === 'boolean' ? [{ valueBoolean: raw }] : [];
    case 'date':
      return typeof raw === 'string' ? [{ valueDate: raw.slice(0, 10) }] : [];
    case 'dateTime':
      return typeof raw === 'string' ? [{ valueDateTime: raw }] : [];
    case 'time':
      return typeof raw === 'string' ? [{ valueTime: raw }] : [];
    case 'choice':
    case 'open-choice':
      if (typeof value === 'object' && value !== null && 'code' in value) return [{ valueCoding: { ...(value as object) } }];
      return raw === undefined || raw === null ? [] : [{ valueString: String(raw) }];
    default:
      return raw === undefined || raw === null ? [] : [{ valueString: String(raw) }];
  }
}

function sameAnswers(a: Answers, b: Answers): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameMap(a: Map<string, boolean>, b: Map<string, boolean>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}
