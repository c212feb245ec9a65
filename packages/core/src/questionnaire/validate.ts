import { ext, findExtension, isRecord } from './extensions.js';
import { itemTypes, type Questionnaire } from './types.js';

export type QuestionnaireProblemCode =
  | 'json-invalid'
  | 'not-a-questionnaire'
  | 'item-invalid'
  | 'linkid-missing'
  | 'linkid-duplicate'
  | 'type-unknown'
  | 'enablewhen-invalid'
  | 'enablewhen-target-missing'
  | 'enablewhen-cycle'
  | 'regex-invalid'
  | 'answer-option-invalid'
  | 'valueset-missing';

/** One thing wrong with a questionnaire, precise enough for its author to fix it. Never holds answers. */
export interface QuestionnaireProblem {
  code: QuestionnaireProblemCode;
  /** Where, as a FHIRPath-like path: `item[2].item[0].enableWhen[1]`. */
  path: string;
  linkId?: string;
  message: string;
}

export type QuestionnaireCheck =
  | { ok: true; questionnaire: Questionnaire; problems: [] }
  | { ok: false; problems: QuestionnaireProblem[] };

const operators = new Set(['exists', '=', '!=', '>', '<', '>=', '<=']);
const knownTypes: ReadonlySet<string> = new Set(itemTypes);

/**
 * Checks that `input` (a Questionnaire object or its JSON text) is something Attune can render
 * without guessing. Never throws: everything wrong comes back as a list of problems.
 */
export function validateQuestionnaire(input: unknown): QuestionnaireCheck {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, problems: [{ code: 'json-invalid', path: '', message: 'The questionnaire is not valid JSON.' }] };
    }
  }
  if (!isRecord(value) || value['resourceType'] !== 'Questionnaire') {
    return {
      ok: false,
      problems: [{ code: 'not-a-questionnaire', path: '', message: 'This is not a FHIR Questionnaire resource.' }],
    };
  }

  const problems: QuestionnaireProblem[] = [];
  const seen = new Map<string, string>();
  // Each item depends on its parent's enablement and on the questions its enableWhen reads.
  const dependsOn = new Map<string, { path: string; on: string[] }>();
  const pendingTargets: Array<{ linkId: string; question: string; path: string }> = [];
  const containedIds = new Set(
    Array.isArray(value['contained'])
      ? value['contained'].filter(isRecord).map((resource) => resource['id']).filter((id): id is string => typeof id === 'string')
      : [],
  );

  const walk = (items: unknown, basePath: string, parentLinkId: string | undefined): void => {
    if (items === undefined) return;
    if (!Array.isArray(items)) {
      problems.push({ code: 'item-invalid', path: basePath, message: 'item must be a list.' });
      return;
    }
    items.forEach((item, index) => {
      const path = `${basePath}[${index}]`;
      if (!isRecord(item)) {
        problems.push({ code: 'item-invalid', path, message: 'An item must be an object.' });
        return;
      }
      const linkId = item['linkId'];
      if (typeof linkId !== 'string' || linkId.trim() === '') {
        problems.push({ code: 'linkid-missing', path, message: 'An item has no linkId.' });
      } else if (seen.has(linkId)) {
        problems.push({
          code: 'linkid-duplicate',
          path,
          linkId,
          message: `The linkId "${linkId}" is used twice (first at ${seen.get(linkId)}).`,
        });
      } else {
        seen.set(linkId, path);
      }
      const id = typeof linkId === 'string' && linkId.trim() !== '' ? linkId : undefined;
      const type = item['type'];
      if (typeof type !== 'string' || !knownTypes.has(type)) {
        problems.push({
          code: 'type-unknown',
          path,
          ...(id ? { linkId: id } : {}),
          message: `The item type "${String(type)}" is not a FHIR R4 item type.`,
        });
      }
      checkEnableWhen(item, path, id, parentLinkId);
      checkRegex(item, path, id);
      checkAnswerOptions(item, path, id);
      const answerValueSet = item['answerValueSet'];
      if (typeof answerValueSet === 'string' && answerValueSet.startsWith('#') && !containedIds.has(answerValueSet.slice(1))) {
        problems.push({
          code: 'valueset-missing',
          path: `${path}.answerValueSet`,
          ...(id ? { linkId: id } : {}),
          message: `The answer value set "${answerValueSet}" is not among the contained resources.`,
        });
      }
      walk(item['item'], `${path}.item`, id ?? parentLinkId);
    });
  };

  const checkEnableWhen = (item: Record<string, unknown>, path: string, linkId: string | undefined, parent: string | undefined) => {
    const on: string[] = parent ? [parent] : [];
    const conditions = item['enableWhen'];
    if (conditions !== undefined && !Array.isArray(conditions)) {
      problems.push({ code: 'enablewhen-invalid', path: `${path}.enableWhen`, message: 'enableWhen must be a list.' });
    } else if (Array.isArray(conditions)) {
      conditions.forEach((condition, index) => {
        const conditionPath = `${path}.enableWhen[${index}]`;
        const where = linkId ? { linkId } : {};
        if (!isRecord(condition) || typeof condition['question'] !== 'string') {
          problems.push({ code: 'enablewhen-invalid', path: conditionPath, ...where, message: 'An enableWhen has no question.' });
          return;
        }
        const operator = condition['operator'];
        if (typeof operator !== 'string' || !operators.has(operator)) {
          problems.push({
            code: 'enablewhen-invalid',
            path: conditionPath,
            ...where,
            message: `The enableWhen operator "${String(operator)}" is not one of exists, =, !=, >, <, >=, <=.`,
          });
        }
        const answers = Object.keys(condition).filter((key) => key.startsWith('answer'));
        if (answers.length !== 1) {
          problems.push({
            code: 'enablewhen-invalid',
            path: conditionPath,
            ...where,
            message: 'An enableWhen needs exactly one answer[x].',
          });
        } else if (operator === 'exists' && typeof condition['answerBoolean'] !== 'boolean') {
          problems.push({ code: 'enablewhen-invalid', path: conditionPath, ...where, message: 'exists needs answerBoolean.' });
        }
        on.push(condition['question']);
        if (linkId) pendingTargets.push({ linkId, question: condition['question'], path: conditionPath });
      });
    }
    const behavior = item['enableBehavior'];
    if (behavior !== undefined && behavior !== 'all' && behavior !== 'any') {
      problems.push({ code: 'enablewhen-invalid', path: `${path}.enableBehavior`, message: 'enableBehavior must be all or any.' });
    }
    if (linkId && !dependsOn.has(linkId)) dependsOn.set(linkId, { path, on });
  };

  const checkRegex = (item: Record<string, unknown>, path: string, linkId: string | undefined) => {
    const regex = findExtension(item['extension'], ext.regex);
    if (!regex) return;
    const source = regex.valueString;
    try {
      if (typeof source !== 'string') throw new TypeError('not a string');
      new RegExp(source);
    } catch {
      problems.push({
        code: 'regex-invalid',
        path: `${path}.extension(regex)`,
        ...(linkId ? { linkId } : {}),
        message: 'The regex extension does not hold a valid regular expression.',
      });
    }
  };

  const checkAnswerOptions = (item: Record<string, unknown>, path: string, linkId: string | undefined) => {
    const options = item['answerOption'];
    if (options === undefined) return;
    const valid =
      Array.isArray(options) &&
      options.every((option) => isRecord(option) && Object.keys(option).filter((key) => key.startsWith('value')).length === 1);
    if (!valid) {
      problems.push({
        code: 'answer-option-invalid',
        path: `${path}.answerOption`,
        ...(linkId ? { linkId } : {}),
        message: 'Every answerOption needs exactly one value[x].',
      });
    }
  };

  walk(value['item'], 'item', undefined);

  for (const target of pendingTargets) {
    if (!seen.has(target.question)) {
      problems.push({
        code: 'enablewhen-target-missing',
        path: target.path,
        linkId: target.linkId,
        message: `enableWhen points to "${target.question}", which no item has as its linkId.`,
      });
    }
  }
  problems.push(...findCycles(dependsOn));

  return problems.length === 0 ? { ok: true, questionnaire: value as Questionnaire, problems: [] } : { ok: false, problems };
}

function findCycles(dependsOn: Map<string, { path: string; on: string[] }>): QuestionnaireProblem[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const inCycle = new Set<string>();
  const visit = (linkId: string, trail: string[]): void => {
    const mark = state.get(linkId);
    if (mark === 'done') return;
    if (mark === 'visiting') {
      for (const member of trail.slice(trail.indexOf(linkId))) inCycle.add(member);
      return;
    }
    state.set(linkId, 'visiting');
    for (const next of dependsOn.get(linkId)?.on ?? []) if (dependsOn.has(next)) visit(next, [...trail, linkId]);
    state.set(linkId, 'done');
  };
  for (const linkId of dependsOn.keys()) visit(linkId, []);
  return [...inCycle].map((linkId) => ({
    code: 'enablewhen-cycle' as const,
    path: dependsOn.get(linkId)?.path ?? '',
    linkId,
    message: `The enableWhen conditions of "${linkId}" depend on themselves in a cycle.`,
  }));
}
