import type { FhirResource } from '@attune/core';
import { assessRisk } from '@attune/core/instruments/index.js';
import type { QuestionnaireResponse } from '@attune/core/questionnaire/types.js';
import type { ServerContext } from '../context.js';

/**
 * What a stored questionnaire response changes for the clinician's queue: the patient's intake
 * status and, whatever the client did or did not flag, the safety rules' risk flags. The server
 * re-assesses every response itself, so no client or configuration can keep a flag from the queue.
 */
export async function applyRecordEffects(ctx: ServerContext, resource: FhirResource & { id: string }, patientId: string | undefined) {
  if (resource.resourceType !== 'QuestionnaireResponse' || patientId === undefined) return;
  const response = resource as unknown as QuestionnaireResponse;
  await ctx.store.advanceIntakeForPatient(patientId, response.status === 'completed' ? 'completed' : 'in-progress');
  for (const flag of assessRisk(response)) {
    await ctx.store.addRiskFlag({ patientId }, { ...flag, source: `QuestionnaireResponse/${resource.id}` });
  }
}
