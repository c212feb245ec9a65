import type { FormItem, FormModel } from '../questionnaire/form-model.js';
import type {
  Answers,
  Identifier,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
} from '../questionnaire/types.js';

export interface ResponseDetails {
  status: 'in-progress' | 'completed';
  subject?: Reference;
  author?: Reference;
  /** When the answers were given; defaults to now. */
  authored?: string;
  /** The client-generated identifier that makes a submit idempotent. */
  identifier?: Identifier;
  id?: string;
}

/**
 * Writes the answers of the enabled items as a QuestionnaireResponse, nested like the questionnaire.
 * Display items and disabled items leave no trace; empty groups are left out.
 */
export function buildQuestionnaireResponse(
  model: FormModel,
  answers: Answers,
  enabled: ReadonlySet<string>,
  details: ResponseDetails,
): QuestionnaireResponse {
  const response: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: details.status };
  if (details.id) response.id = details.id;
  if (details.identifier) response.identifier = details.identifier;
  if (model.canonical) response.questionnaire = model.canonical;
  if (details.subject) response.subject = details.subject;
  response.authored = details.authored ?? new Date().toISOString();
  if (details.author) response.author = details.author;
  const items = responseItems(model.items, answers, enabled);
  if (items.length) response.item = items;
  return response;
}

function responseItems(items: readonly FormItem[], answers: Answers, enabled: ReadonlySet<string>): QuestionnaireResponseItem[] {
  const written: QuestionnaireResponseItem[] = [];
  for (const item of items) {
    if (!enabled.has(item.linkId) || item.type === 'display') continue;
    const children = responseItems(item.children, answers, enabled);
    if (item.type === 'group') {
      if (children.length) written.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), item: children });
      continue;
    }
    const given = answers[item.linkId] ?? [];
    if (given.length === 0) continue;
    const answer = given.map((value) => ({ ...value }));
    // FHIR nests the items under a question inside its answer.
    if (children.length && answer[0]) Object.assign(answer[0], { item: children });
    written.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), answer });
  }
  return written;
}
