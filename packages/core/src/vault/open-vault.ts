import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { AttuneError } from '../errors.js';
import type { Vault } from '../ports.js';
import { createVaultKey, seal, unseal, type SealedRecord } from './seal.js';

interface VaultSchema extends DBSchema {
  keys: { key: string; value: CryptoKey };
  sealed: { key: [string, string]; value: SealedRecord & { store: string; id: string }; indexes: { 'by-store': string } };
}

const keyName = 'vault-key';

export interface VaultOptions {
  /** The IndexedDB database name; one per app (and per user, if the device is shared). */
  name?: string;
}

/**
 * The Vault port on IndexedDB. Every value is sealed with AES-GCM-256 under a non-extractable key
 * that lives in IndexedDB as a CryptoKey: script on the page can use it but never read its bytes.
 * `wipe()` deletes the key and every sealed record.
 */
export async function openVault(options: VaultOptions = {}): Promise<Vault> {
  let db: IDBPDatabase<VaultSchema>;
  try {
    db = await openDB<VaultSchema>(options.name ?? 'attune-vault', 1, {
      upgrade(database) {
        database.createObjectStore('keys');
        database.createObjectStore('sealed', { keyPath: ['store', 'id'] }).createIndex('by-store', 'store');
      },
    });
  } catch (cause) {
    throw new AttuneError('vault/locked', 'Secure storage is not available in this browser.', { cause });
  }

  // The key is read from IndexedDB on every use, never kept in memory: a wipe through any other
  // connection (another element's vault, another tab) then takes effect here at once.
  const storedKey = (): Promise<CryptoKey | undefined> => db.get('keys', keyName);
  const keyForSealing = async (): Promise<CryptoKey> => {
    const existing = await storedKey();
    if (existing) return existing;
    const created = await createVaultKey();
    // Two first writes may race here; the one transaction keeps whichever key landed first.
    const transaction = db.transaction('keys', 'readwrite');
    const landed = await transaction.store.get(keyName);
    if (!landed) await transaction.store.put(created, keyName);
    await transaction.done;
    return landed ?? created;
  };

  const open = async <T>(record: SealedRecord & { store: string; id: string }): Promise<T> => {
    try {
      // Reading never makes a key: a record whose key was wiped stays unreadable.
      const key = await storedKey();
      if (!key) throw new Error('The vault key was wiped.');
      return await unseal<T>(key, record.store, record.id, record);
    } catch (cause) {
      throw new AttuneError('vault/corrupt', 'A saved item could not be unlocked.', { cause });
    }
  };

  return {
    async put(store, id, value) {
      const sealed = await seal(await keyForSealing(), store, id, value);
      const transaction = db.transaction(['keys', 'sealed'], 'readwrite');
      // A wipe that landed while sealing wins: nothing is written under the key it removed.
      if ((await transaction.objectStore('keys').count(keyName)) === 0) {
        transaction.abort();
        await transaction.done.catch(() => undefined);
        throw new AttuneError('vault/locked', 'Secure storage was wiped before the item could be saved.');
      }
      await Promise.all([transaction.objectStore('sealed').put({ store, id, ...sealed }), transaction.done]);
    },
    async get<T>(store: string, id: string) {
      const record = await db.get('sealed', [store, id]);
      return record ? open<T>(record) : undefined;
    },
    async delete(store, id) {
      await db.delete('sealed', [store, id]);
    },
    async list<T>(store: string) {
      const records = await db.getAllFromIndex('sealed', 'by-store', store);
      return Promise.all(records.map(async (record) => ({ id: record.id, value: await open<T>(record) })));
    },
    async wipe() {
      const transaction = db.transaction(['keys', 'sealed'], 'readwrite');
      await Promise.all([transaction.objectStore('keys').clear(), transaction.objectStore('sealed').clear(), transaction.done]);
    },
  };
}

/** A Vault usable at once: IndexedDB is opened on first use, so an element can hold one from construction. */
export function lazyVault(options: VaultOptions = {}): Vault {
  let opened: Promise<Vault> | undefined;
  const vault = () => (opened ??= openVault(options));
  return {
    put: async (store, id, value) => (await vault()).put(store, id, value),
    get: async <T>(store: string, id: string) => (await vault()).get<T>(store, id),
    delete: async (store, id) => (await vault()).delete(store, id),
    list: async <T>(store: string) => (await vault()).list<T>(store),
    wipe: async () => (await vault()).wipe(),
  };
}
