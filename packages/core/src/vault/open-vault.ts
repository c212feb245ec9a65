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

  let keyPromise: Promise<CryptoKey> | undefined;
  const key = (): Promise<CryptoKey> => {
    keyPromise ??= (async () => {
      const existing = await db.get('keys', keyName);
      if (existing) return existing;
      const created = await createVaultKey();
      await db.put('keys', created, keyName);
      return created;
    })();
    return keyPromise;
  };

  const open = async <T>(record: SealedRecord & { store: string; id: string }): Promise<T> => {
    try {
      return await unseal<T>(await key(), record.store, record.id, record);
    } catch (cause) {
      throw new AttuneError('vault/corrupt', 'A saved item could not be unlocked.', { cause });
    }
  };

  return {
    async put(store, id, value) {
      const sealed = await seal(await key(), store, id, value);
      await db.put('sealed', { store, id, ...sealed });
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
      keyPromise = undefined;
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
