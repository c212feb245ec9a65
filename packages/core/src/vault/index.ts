export { openVault, lazyVault, wakeVaultStorage } from './open-vault.js';
export type { LazyVault, VaultOptions } from './open-vault.js';
export { wipeVault } from './wipe-vault.js';
export type { VaultWipe } from './wipe-vault.js';
