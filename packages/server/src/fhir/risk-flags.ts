import { assessRisk, type FhirResource, type QuestionnaireResponse, type RiskFlag } from '@attune/core';
import type { Store } from '../store/store.js';

/**
 * Raises the risk flags a stored QuestionnaireResponse carries (PHQ-9 item 9, PHQ-A suicide items,
 * EPDS item 10) against its patient, so they reach the clinician's queue whatever the browser did.
 * Takes no options on purpose: no configuration can switch a safety rule off. Raising twice is
 * harmless (the store ignores a flag it already has for the same source).
 *
 * Call it after every create and update of a QuestionnaireResponse.
 */
export async function raiseRiskFlags(store: Store, resource: FhirResource & { id: string }): Promise<RiskFlag[]> {
  if (resource.resourceType !== 'QuestionnaireResponse') return [];
  const response = resource as unknown as QuestionnaireResponse;
  if (response.status !== 'completed' && response.status !== 'amended') return [];
  const patientId = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(response.subject?.reference ?? '')?.[1];
  if (!patientId) return [];
  const flags = assessRisk(response, response.authored ?? new Date().toISOString());
  for (const flag of flags) await store.addRiskFlag({ patientId }, { ...flag, source: `QuestionnaireResponse/${resource.id}` });
  return flags;
}
