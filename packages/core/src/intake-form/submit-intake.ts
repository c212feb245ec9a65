import { AttuneError, toAttuneError } from '../errors.js';
import { instrumentRulesLoaderForResponse, preloadInstrumentRules, type InstrumentRules } from '../instruments/instrument-rules.js';
import type { FhirResource, Records, RiskFlag, Vault } from '../ports.js';
import type { QuestionnaireResponse } from '../questionnaire/types.js';
import { intakeOutboxStore } from './intake-stores.js';

export interface SubmittedIntake {
  response: QuestionnaireResponse & { id: string };
  observations: FhirResource[];
  riskFlags: RiskFlag[];
}

/**
 * Writes a completed response, then its score Observation. Both carry client-generated identifiers
 * and go with If-None-Exist, so sending the same intake twice (a retry, a flushed outbox) writes once.
 * Risk flags are computed here too, so the patient sees crisis resources whatever the server does.
 * `rules` are the instrument rules the form already loaded; without them they are loaded for the response.
 */
export async function submitIntake(records: Records, response: QuestionnaireResponse, rules?: () => Promise<InstrumentRules>): Promise<SubmittedIntake> {
  // Loaded before anything is written: when they cannot be fetched the submit fails as offline and the outbox keeps the response.
  const found = rules ? undefined : instrumentRulesLoaderForResponse(response);
  const loadRules = rules ?? (found ? preloadInstrumentRules(found) : undefined);
  const instrument = loadRules ? await loadRules() : undefined;
  const stored = await records.create(response, ifNoneExist(response.identifier));
  if (typeof stored.id !== 'string') throw new AttuneError('records/invalid', 'The records server did not give the response an id.');
  const saved = stored as QuestionnaireResponse & { id: string };
  const observations: FhirResource[] = [];
  const score = instrument?.scoreResponse(saved);
  if (instrument && score) {
    const observation = instrument.scoreObservation(saved, score);
    const identifier = (observation['identifier'] as Array<{ system: string; value: string }> | undefined)?.[0];
    observations.push(await records.create(observation, ifNoneExist(identifier)));
  }
  return { response: saved, observations, riskFlags: instrument?.assessRisk(saved) ?? [] };
}

function ifNoneExist(identifier: { system?: string; value?: string } | undefined): { ifNoneExist?: string } {
  return identifier?.system && identifier.value ? { ifNoneExist: `identifier=${identifier.system}|${identifier.value}` } : {};
}

/** True when the failure means "not reachable now, try later" rather than "rejected". */
export function isOffline(error: unknown): boolean {
  const code = error instanceof AttuneError ? error.code : undefined;
  return code === 'records/offline' || code === 'network/offline';
}

/** Keeps a completed response, sealed, until it can be sent. */
export async function queueIntake(vault: Vault, response: QuestionnaireResponse): Promise<void> {
  const id = response.identifier?.value;
  if (!id) throw new AttuneError('input/invalid', 'A queued response needs an identifier.');
  await vault.put(intakeOutboxStore, id, response);
}

/** Sends every queued response, oldest first; stops at the first that still cannot be sent. */
export async function flushIntakeOutbox(vault: Vault, records: Records): Promise<SubmittedIntake[]> {
  const sent: SubmittedIntake[] = [];
  const queued = await vault.list<QuestionnaireResponse>(intakeOutboxStore);
  queued.sort((a, b) => String(a.value.authored).localeCompare(String(b.value.authored)));
  for (const entry of queued) {
    try {
      sent.push(await submitIntake(records, entry.value));
    } catch (error) {
      throw toAttuneError(error, 'records/offline');
    }
    await vault.delete(intakeOutboxStore, entry.id);
  }
  return sent;
}

