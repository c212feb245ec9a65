import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { epds, phq9, type QuestionnaireResponse } from '@attune/core';
import { seedDemo } from '../demo/seed-demo.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { raiseRiskFlags } from './risk-flags.js';

function choose(questionnaire: typeof phq9, linkId: string, score: number) {
  const item = questionnaire.item!.find((candidate) => candidate.linkId === linkId)!;
  return { linkId, answer: [{ valueCoding: item.answerOption!.find((o) => o.extension?.[0]?.valueDecimal === score)!.valueCoding! }] };
}

describe('risk flags from stored responses', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attune-risk-'));
    store = await SqliteStore.open(join(dir, 'attune.db'));
    await seedDemo(store);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flags PHQ-9 item 9 above 0 against the patient, on their visits in the queue, once', async () => {
    const response = {
      resourceType: 'QuestionnaireResponse',
      id: 'qr-1',
      status: 'completed',
      questionnaire: phq9.url,
      subject: { reference: 'Patient/demo-patient-2' },
      authored: '2026-11-22T09:00:00.000Z',
      item: [choose(phq9, '44260-8', 1)],
    } satisfies QuestionnaireResponse;
    const flags = await raiseRiskFlags(store, response);
    await raiseRiskFlags(store, response);
    assert.deepEqual(flags.map((flag) => flag.code), ['phq9-item9']);
    const onVisit = await store.riskFlagsForAppointment('demo-visit-2');
    assert.deepEqual(onVisit.map((flag) => flag.code), ['phq9-item9']);
    assert.deepEqual(await store.riskFlagsForAppointment('demo-visit-1'), []);
  });

  it('raises nothing for an in-progress draft or an EPDS item 10 of 0', async () => {
    const draft = { resourceType: 'QuestionnaireResponse', id: 'qr-2', status: 'in-progress', questionnaire: phq9.url, subject: { reference: 'Patient/demo-patient-1' }, item: [choose(phq9, '44260-8', 3)] };
    assert.deepEqual(await raiseRiskFlags(store, draft), []);
    const calm = { resourceType: 'QuestionnaireResponse', id: 'qr-3', status: 'completed', questionnaire: epds.url, subject: { reference: 'Patient/demo-patient-1' }, item: [choose(epds as typeof phq9, 'epds-10', 0)] };
    assert.deepEqual(await raiseRiskFlags(store, calm), []);
    assert.deepEqual(await store.riskFlagsForAppointment('demo-visit-1'), []);
  });
});
