export { openVault, lazyVault } from './open-vault.js';
export type { VaultOptions } from './open-vault.js';
export { wipeVault } from './wipe-vault.js';
export type { VaultWipe } from './wipe-vault.js';
