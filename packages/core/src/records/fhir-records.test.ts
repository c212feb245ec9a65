import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AttuneError } from '../errors.js';
import type { FhirResource } from '../ports.js';
import { createFhirRecords } from './fhir-records.js';

describe('the FHIR REST records adapter', () => {
  const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      const reply = (status: number, value?: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
        response.end(value === undefined ? '' : JSON.stringify(value));
      };
      if (request.url === '/fhir/Observation' && request.method === 'POST') return reply(201, { ...JSON.parse(body), id: 'o1' });
      if (request.url === '/fhir/Communication' && request.method === 'POST') return reply(201, undefined, { location: '/fhir/Communication/c1/_history/1' });
      if (request.url === '/fhir/Communication/c1') return reply(200, { resourceType: 'Communication', id: 'c1' });
      if (request.url?.startsWith('/fhir/Observation?')) {
        const page2 = request.url.includes('page=2');
        return reply(200, {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: { resourceType: 'Observation', id: page2 ? 'b' : 'a' } }, { resource: { resourceType: 'OperationOutcome' } }],
          link: page2 ? [] : [{ relation: 'next', url: `http://127.0.0.1:${port()}/fhir/Observation?page=2` }],
        });
      }
      if (request.url === '/fhir/Observation/gone') return reply(404, { resourceType: 'OperationOutcome' });
      if (request.url === '/fhir/Observation/secret') return reply(403, { resourceType: 'OperationOutcome' });
      reply(500, { resourceType: 'OperationOutcome' });
    });
  });
  const port = () => (server.address() as AddressInfo).port;
  before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const records = () => createFhirRecords({ baseUrl: `http://127.0.0.1:${port()}/fhir/`, getToken: () => 'token-1' });

  it('creates with If-None-Exist, FHIR JSON and the bearer token', async () => {
    const created = await records().create<FhirResource>({ resourceType: 'Observation', status: 'final' }, { ifNoneExist: 'identifier=urn:x|1' });
    assert.equal(created.id, 'o1');
    const request = seen.at(-1)!;
    assert.equal(request.headers['if-none-exist'], 'identifier=urn:x|1');
    assert.equal(request.headers['authorization'], 'Bearer token-1');
    assert.equal(request.headers['content-type'], 'application/fhir+json');
  });

  it('reads the created resource from Location when the server answers with no body', async () => {
    const created = await records().create<FhirResource>({ resourceType: 'Communication' });
    assert.equal(created.id, 'c1');
  });

  it('searches across pages and keeps only the asked-for type', async () => {
    const found = await records().search('Observation', { subject: 'Patient/p1', date: ['ge2026-01-01', 'le2026-12-31'] });
    assert.deepEqual(found.map((r) => r.id), ['a', 'b']);
    assert.match(seen.find((r) => r.url.startsWith('/fhir/Observation?subject'))!.url, /subject=Patient%2Fp1&date=ge2026-01-01&date=le2026-12-31/);
  });

  it('turns HTTP failures into AttuneErrors with codes', async () => {
    await assert.rejects(records().read('Observation', 'gone'), (error: AttuneError) => error.code === 'records/not-found');
    await assert.rejects(records().read('Observation', 'secret'), (error: AttuneError) => error.code === 'auth/forbidden');
    await assert.rejects(records().read('Observation', 'other'), (error: AttuneError) => error.code === 'network/failed' && error.status === 500);
  });

  it('says offline when the server cannot be reached', async () => {
    const unreachable = createFhirRecords({ baseUrl: 'http://127.0.0.1:1/fhir' });
    await assert.rejects(unreachable.read('Observation', 'x'), (error: AttuneError) => error.code === 'records/offline');
  });
});
