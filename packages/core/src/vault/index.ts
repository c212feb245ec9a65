export { openVault } from './open-vault.js';
export type { VaultOptions } from './open-vault.js';
