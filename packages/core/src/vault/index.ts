export { openVault, lazyVault } from './open-vault.js';
export type { VaultOptions } from './open-vault.js';
