export { createFhirRecords } from './fhir-records.js';
export type { FhirRecordsOptions } from './fhir-records.js';
