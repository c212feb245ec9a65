export * from './errors.js';
export * from './ports.js';
export * from './device-check/index.js';
export * from './queue/index.js';
export * from './visit-api/index.js';
export * from './intake-form/index.js';
export * from './records/index.js';
export * from './vault/index.js';
