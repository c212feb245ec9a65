export * from './errors.js';
export * from './ports.js';
