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

/** A Vault usable at once, whose IndexedDB database is opened on first use; `prepare()` starts that ahead of the first read. */
export interface LazyVault extends Vault {
  /** Starts finding (and, if it exists, opening) the database now, so a read soon after does not wait for all of it. */
  prepare(): void;
}

/**
 * A Vault usable at once: IndexedDB is opened on first use, so an element can hold one from construction.
 * Reads before the first write do not make the database: opening it makes it, and making it costs a new
 * patient's first render tens of milliseconds for a draft that cannot be there. A database that does not
 * exist holds nothing, so reads answer empty; a write makes it.
 */
export function lazyVault(options: VaultOptions = {}): LazyVault {
  const name = options.name ?? 'attune-vault';
  let opened: Promise<Vault> | undefined;
  // A check started by prepare(), used by the next read; not kept after, so a database made since (another tab) is found.
  let prepared: Promise<boolean> | undefined;
  const vault = () => (opened ??= openVault(options));
  const exists = () => {
    const check = prepared ?? databaseExists(name);
    prepared = undefined;
    return check;
  };
  const vaultIfMade = async (): Promise<Vault | undefined> => opened ?? ((await exists()) ? vault() : undefined);
  return {
    put: async (store, id, value) => (await vault()).put(store, id, value),
    get: async <T>(store: string, id: string) => (await vaultIfMade())?.get<T>(store, id),
    delete: async (store, id) => (await vaultIfMade())?.delete(store, id),
    list: async <T>(store: string) => (await (await vaultIfMade())?.list<T>(store)) ?? [],
    wipe: async () => (await vault()).wipe(),
    prepare() {
      if (opened || prepared) return;
      const check = databaseExists(name);
      prepared = check;
      // Opened at once when it exists, so a returning patient's draft is read as soon as the form knows its id.
      check.then((found) => (found ? vault() : undefined)).catch(() => undefined);
    },
  };
}

/**
 * Wakes the browser's IndexedDB without reading or making anything. Its first use on a page costs tens of
 * milliseconds (the browser starts its storage backend) and later uses under one; a page that defines a
 * form pays it while it fetches the questionnaire, not inside the form's first render. Nothing is kept:
 * whether a draft exists is still asked when the form is drawn.
 */
export function wakeVaultStorage(): void {
  if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') indexedDB.databases().catch(() => undefined);
}

/** Whether the database exists, without making it; true when the browser cannot tell (no `indexedDB.databases()`), so it is opened as before. */
async function databaseExists(name: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((database) => database.name === name);
  } catch {
    return true;
  }
}
