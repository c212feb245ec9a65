import type { Vault } from '../ports.js';

/**
 * A Vault in memory, for unit tests and stories: it seals nothing, so it never holds real answers.
 * `wipes` counts the log-offs it saw; `failWipe` makes the next wipe fail like a browser that refuses.
 */
export interface MemoryVault extends Vault {
  readonly wipes: number;
  failWipe: Error | undefined;
}

export function createMemoryVault(): MemoryVault {
  const records = new Map<string, unknown>();
  const key = (store: string, id: string) => `${store}\u0000${id}`;
  let wipes = 0;
  return {
    get wipes() {
      return wipes;
    },
    failWipe: undefined,
    async put(store, id, value) {
      records.set(key(store, id), structuredClone(value));
    },
    async get<T>(store: string, id: string) {
      return structuredClone(records.get(key(store, id))) as T | undefined;
    },
    async delete(store, id) {
      records.delete(key(store, id));
    },
    async list<T>(store: string) {
      const prefix = key(store, '');
      return [...records].filter(([name]) => name.startsWith(prefix)).map(([name, value]) => ({ id: name.slice(prefix.length), value: structuredClone(value) as T }));
    },
    async wipe() {
      wipes += 1;
      if (this.failWipe) throw this.failWipe;
      records.clear();
    },
  };
}
