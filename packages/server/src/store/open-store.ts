import type { ServerConfig } from '../config.js';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export function openStore(config: ServerConfig['store']): Promise<Store> {
  return config.kind === 'postgres' ? PostgresStore.open(config.url) : SqliteStore.open(config.path);
}
