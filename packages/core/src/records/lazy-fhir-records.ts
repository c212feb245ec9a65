import { AttuneError } from '../errors.js';
import type { Records } from '../ports.js';
import type { FhirRecordsOptions } from './fhir-records.js';

/**
 * The FHIR REST client, fetched in its own chunk as soon as this is called: a page whose host hands in
 * its own Records never downloads it. A client that could not be fetched reads as offline (the intake
 * outbox keeps the response) and is fetched again on the next call.
 */
export function lazyFhirRecords(options: FhirRecordsOptions): Records {
  let loading: Promise<Records> | undefined;
  const client = () =>
    (loading ??= import('./fhir-records.js').then(
      ({ createFhirRecords }) => createFhirRecords(options),
      (cause: unknown) => {
        loading = undefined;
        throw new AttuneError('records/offline', 'The records client could not be loaded.', { cause });
      },
    ));
  client().catch(() => undefined);
  return {
    create: async (resource, createOptions) => (await client()).create(resource, createOptions),
    read: async (resourceType, id) => (await client()).read(resourceType, id),
    update: async (resource) => (await client()).update(resource),
    search: async (resourceType, params) => (await client()).search(resourceType, params),
  };
}
