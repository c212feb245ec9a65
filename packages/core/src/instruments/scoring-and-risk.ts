// The chunk `instrument-rules.ts` loads on demand: every instrument's definition, scoring and risk rules.
export { scoreObservation, scoreResponse } from './scoring.js';
export { assessRisk } from './safety.js';
