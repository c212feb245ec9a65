export { createFhirRecords } from './fhir-records.js';
export { lazyFhirRecords } from './lazy-fhir-records.js';
export type { FhirRecordsOptions } from './fhir-records.js';
