import { AttuneError } from '../errors.js';
// The vault knows one outbox by name so a log-off can say whether unsent answers went with it.
import { intakeOutboxStore } from '../intake-form/intake-stores.js';
import type { Vault } from '../ports.js';
import { lazyVault, type VaultOptions } from './open-vault.js';

/** What a log-off removed from this device, as counts only (never content), so the patient can be told. */
export interface VaultWipe {
  /** Completed intake responses that were still waiting to be sent, and are gone now. */
  unsentResponses: number;
}

/**
 * The log-off in one call: forgets the vault key and every sealed record on this device (intake
 * drafts, the outbox of responses not yet sent), so the next person at a shared computer or a clinic
 * kiosk finds nothing. Call it with the Vault you gave the elements, or with the options of the
 * database they use; with no argument it wipes the database every element uses by default.
 *
 * Unsent responses are lost with the rest; `unsentResponses` says how many, so the patient can be told.
 *
 * @throws AttuneError `vault/wipe-failed` when the browser would not clear the storage.
 */
export async function wipeVault(vault: Vault | VaultOptions = {}): Promise<VaultWipe> {
  const target = isVault(vault) ? vault : lazyVault(vault);
  const unsentResponses = await countUnsent(target);
  try {
    await target.wipe();
  } catch (cause) {
    throw new AttuneError('vault/wipe-failed', 'Saved items could not be removed from this device.', { cause });
  }
  return { unsentResponses };
}

async function countUnsent(vault: Vault): Promise<number> {
  try {
    return (await vault.list(intakeOutboxStore)).length;
  } catch {
    // An outbox that cannot be opened could never have been sent either; the wipe goes ahead.
    return 0;
  }
}

function isVault(value: Vault | VaultOptions): value is Vault {
  return typeof (value as Vault).wipe === 'function';
}
