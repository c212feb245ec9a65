import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../errors.js';
import { intakeDraftStore, intakeOutboxStore } from '../intake-form/intake-stores.js';
import { queueIntake } from '../intake-form/submit-intake.js';
import type { Vault } from '../ports.js';
import { createMemoryVault } from './memory-vault.js';
import { wipeVault } from './wipe-vault.js';

const response = (id: string) => ({
  resourceType: 'QuestionnaireResponse' as const,
  status: 'completed' as const,
  identifier: { system: 'urn:attune:intake', value: id },
  authored: '2026-11-23T10:00:00Z',
  item: [{ linkId: 'name', answer: [{ valueString: 'Jane Example' }] }],
});

describe('wipeVault', () => {
  it('removes drafts and the outbox, and counts the responses that were never sent', async () => {
    const vault = createMemoryVault();
    await vault.put(intakeDraftStore, 'draft-1', { answers: { name: 'Jane Example' } });
    await queueIntake(vault, response('r1'));
    await queueIntake(vault, response('r2'));

    assert.deepEqual(await wipeVault(vault), { unsentResponses: 2 });
    assert.equal(vault.wipes, 1);
    assert.equal(await vault.get(intakeDraftStore, 'draft-1'), undefined);
    assert.deepEqual(await vault.list(intakeOutboxStore), []);
  });

  it('reports no unsent responses when the outbox is empty', async () => {
    const vault = createMemoryVault();
    await vault.put(intakeDraftStore, 'draft-1', { answers: {} });
    assert.deepEqual(await wipeVault(vault), { unsentResponses: 0 });
    assert.equal(vault.wipes, 1);
  });

  it('still wipes when the outbox cannot be unsealed', async () => {
    const vault = createMemoryVault();
    const unreadable: Vault = {
      ...vault,
      list: async () => {
        throw new AttuneError('vault/corrupt', 'A saved item could not be unlocked.');
      },
      wipe: () => vault.wipe(),
    };
    assert.deepEqual(await wipeVault(unreadable), { unsentResponses: 0 });
    assert.equal(vault.wipes, 1);
  });

  it('fails with vault/wipe-failed and a message that carries nothing from the browser’s error', async () => {
    const vault = createMemoryVault();
    vault.failWipe = new Error('QuotaExceededError while clearing answers of Jane Example');
    await assert.rejects(wipeVault(vault), (error: unknown) => {
      assert.ok(error instanceof AttuneError);
      assert.equal(error.code, 'vault/wipe-failed');
      assert.doesNotMatch(error.message, /Jane|Quota/);
      return true;
    });
  });

  it('with no vault, wipes the default database, and says so when there is no IndexedDB', async () => {
    // Node has no IndexedDB: the default database cannot open, which is a failed wipe, not a silent success.
    await assert.rejects(wipeVault(), (error: unknown) => error instanceof AttuneError && error.code === 'vault/wipe-failed');
  });
});
