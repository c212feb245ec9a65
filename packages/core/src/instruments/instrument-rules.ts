import { AttuneError } from '../errors.js';
import type { FhirResource, RiskFlag } from '../ports.js';
import type { QuestionnaireResponse } from '../questionnaire/types.js';
import type { InstrumentScore } from './instrument-score.js';

/** What a submit needs from Attune's instruments: the score and the risk flags of a response. */
export interface InstrumentRules {
  scoreResponse(response: QuestionnaireResponse): InstrumentScore | undefined;
  scoreObservation(response: QuestionnaireResponse & { id: string }, score: InstrumentScore): FhirResource;
  assessRisk(response: QuestionnaireResponse, raisedAt?: string): RiskFlag[];
}

export type InstrumentRulesLoader = () => Promise<InstrumentRules>;

/**
 * The instruments Attune scores or screens for risk, by the canonical URL of their Questionnaire, and
 * the module holding their rules: each instrument's own chunk (its definition, scoring, its safety rules
 * and those that hold in any questionnaire), so a PHQ-9 page downloads the PHQ-9's rules and no other's,
 * and a page showing any other questionnaire none. A new instrument is one entry here.
 */
export const instrumentRuleLoaders: Readonly<Record<string, InstrumentRulesLoader>> = {
  'https://fhir.attune.dev/Questionnaire/phq-9': () => import('./phq9-rules.js').then((chunk) => chunk.rules),
  'https://fhir.attune.dev/Questionnaire/gad-7': () => import('./gad7-rules.js').then((chunk) => chunk.rules),
  'https://fhir.attune.dev/Questionnaire/phq-a': () => import('./phqa-rules.js').then((chunk) => chunk.rules),
  'https://fhir.attune.dev/Questionnaire/pcl-5': () => import('./pcl5-rules.js').then((chunk) => chunk.rules),
  'https://fhir.attune.dev/Questionnaire/audit-c': () => import('./audit-c-rules.js').then((chunk) => chunk.rules),
  'https://fhir.attune.dev/Questionnaire/epds': () => import('./epds-rules.js').then((chunk) => chunk.rules),
  'https://fhir.attune.dev/Questionnaire/c-ssrs-screen': () => import('./cssrs-rules.js').then((chunk) => chunk.rules),
};

/** For any other questionnaire holding a question of `riskCheckedInAnyQuestionnaire`: those rules alone. */
const anyQuestionnaire: InstrumentRulesLoader = () => import('./risk-rules.js').then((chunk) => chunk.anyQuestionnaireRules);

// The C-SSRS screener's LOINC item codes (cssrs.ts's cssrsQuestions), written out so this module does not pull in the instrument; LHC-Forms copies prefix them with "/".
const cssrsItemCodes = ['93246-7', '93247-5', '93248-3', '93249-1', '93250-9', '93267-3', '93269-9'];

/**
 * Questions whose risk rule holds in any questionnaire, not only Attune's copy: an EHR may hand in its
 * own PHQ-9, and its item 9 (LOINC 44260-8, used as the linkId) must still raise the flag.
 */
export const riskCheckedInAnyQuestionnaire: readonly string[] = ['44260-8', ...cssrsItemCodes, ...cssrsItemCodes.map((code) => `/${code}`)];

/**
 * The loader of the rules a questionnaire needs, or undefined when it needs none: keyed by its canonical
 * URL (any version), or by the linkIds it holds for the rules that apply to every questionnaire.
 */
export function instrumentRulesLoaderFor(canonical: string | undefined, linkIds: Iterable<string>): InstrumentRulesLoader | undefined {
  const byUrl = canonical ? instrumentRuleLoaders[canonical.split('|')[0]!] : undefined;
  if (byUrl) return byUrl;
  for (const linkId of linkIds) if (riskCheckedInAnyQuestionnaire.includes(linkId)) return anyQuestionnaire;
  return undefined;
}

/** The loader for a response's own questionnaire and answers (the outbox holds responses to any form). */
export function instrumentRulesLoaderForResponse(response: QuestionnaireResponse): InstrumentRulesLoader | undefined {
  const linkIds: string[] = [];
  const visit = (items: QuestionnaireResponse['item']) => {
    for (const item of items ?? []) {
      linkIds.push(item.linkId);
      visit(item.item);
      for (const answer of item.answer ?? []) visit(answer.item);
    }
  };
  visit(response.item);
  return instrumentRulesLoaderFor(response.questionnaire, linkIds);
}

/**
 * Starts loading at once and keeps the result; a load that failed (the chunk could not be fetched) is
 * tried again on the next call, so a patient who was offline when the form opened gets the rules later.
 */
export function preloadInstrumentRules(load: InstrumentRulesLoader): () => Promise<InstrumentRules> {
  let loading: Promise<InstrumentRules> | undefined;
  const start = () => {
    loading = load().catch((cause: unknown) => {
      loading = undefined;
      throw new AttuneError('network/offline', 'The scoring and safety rules of this questionnaire could not be loaded.', { cause });
    });
    return loading;
  };
  start().catch(() => undefined);
  return () => loading ?? start();
}
