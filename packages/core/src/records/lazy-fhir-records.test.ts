import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lazyFhirRecords } from './lazy-fhir-records.js';

describe('the FHIR client loaded on demand', () => {
  it('sends through the real client once its module has loaded', async () => {
    const requests: string[] = [];
    const records = lazyFhirRecords({
      baseUrl: 'https://fhir.example/r4/',
      fetch: async (input, init) => {
        requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
        return new Response(JSON.stringify({ resourceType: 'Patient', id: 'p1' }), { status: 200, headers: { 'content-type': 'application/fhir+json' } });
      },
    });
    const patient = await records.read('Patient', 'p1');
    assert.equal(patient.id, 'p1');
    assert.deepEqual(requests, ['GET https://fhir.example/r4/Patient/p1']);
  });
});
