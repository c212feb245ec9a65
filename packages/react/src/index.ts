// React wrappers for every Attune element, generated from the custom-elements manifest by
// scripts/generate-react.mjs (the build and `npm test` regenerate them, so they never drift).
export * from './generated/wrappers.js';
