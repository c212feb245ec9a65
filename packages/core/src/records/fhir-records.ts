import { AttuneError, type AttuneErrorCode } from '../errors.js';
import type { FhirResource, Records, SearchParams } from '../ports.js';

export interface FhirRecordsOptions {
  /** The FHIR base, e.g. `https://clinic.example/fhir`. */
  baseUrl: string;
  /** A bearer token for each request (a SMART access token, a session token). Called per request so it can refresh. */
  getToken?: () => string | undefined | Promise<string | undefined>;
  fetch?: typeof fetch;
  /** Stop following a searchset's `next` links after this many pages. */
  maxPages?: number;
}

const fhirJson = 'application/fhir+json';

/**
 * The Records port over FHIR R4 REST. Creates honour `If-None-Exist` so a retried submit writes once;
 * every failure is an AttuneError whose message carries no record content.
 */
export function createFhirRecords(options: FhirRecordsOptions): Records {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const maxPages = options.maxPages ?? 20;

  const request = async (url: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}): Promise<unknown> => {
    const token = await options.getToken?.();
    const headers: Record<string, string> = { accept: fhirJson, ...init.headers };
    if (token) headers['authorization'] = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(url, { ...init, headers });
    } catch (cause) {
      throw new AttuneError('records/offline', 'The records server cannot be reached.', { cause });
    }
    if (!response.ok) throw failure(response.status);
    const text = await response.text();
    if (text.trim() === '') {
      const location = response.headers.get('location');
      if (location && init.method === 'POST') return request(new URL(location, `${base}/`).href.replace(/\/_history\/[^/]+$/, ''));
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new AttuneError('records/invalid', 'The records server answered with something that is not FHIR JSON.', { cause, status: response.status });
    }
  };

  const resourceOf = <T extends FhirResource>(value: unknown, type: string): T => {
    if (!isResource(value) || value.resourceType !== type) {
      throw new AttuneError('records/invalid', `The records server did not answer with a ${type}.`);
    }
    return value as T;
  };

  return {
    async create<T extends FhirResource>(resource: T, createOptions: { ifNoneExist?: string } = {}): Promise<T> {
      const headers: Record<string, string> = { 'content-type': fhirJson };
      if (createOptions.ifNoneExist) headers['if-none-exist'] = createOptions.ifNoneExist;
      const body = await request(`${base}/${encodeURIComponent(resource.resourceType)}`, { method: 'POST', headers, body: JSON.stringify(resource) });
      return resourceOf<T>(body, resource.resourceType);
    },
    async read<T extends FhirResource>(resourceType: T['resourceType'], id: string): Promise<T> {
      return resourceOf<T>(await request(`${base}/${encodeURIComponent(resourceType)}/${encodeURIComponent(id)}`), resourceType);
    },
    async update<T extends FhirResource>(resource: T): Promise<T> {
      if (!resource.id) throw new AttuneError('input/invalid', 'Updating a record needs its id.');
      const body = await request(`${base}/${encodeURIComponent(resource.resourceType)}/${encodeURIComponent(resource.id)}`, {
        method: 'PUT',
        headers: { 'content-type': fhirJson },
        body: JSON.stringify(resource),
      });
      return resourceOf<T>(body, resource.resourceType);
    },
    async search(resourceType, params) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(params as SearchParams)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(name, one);
      }
      const found: never[] = [];
      let url: string | undefined = `${base}/${encodeURIComponent(resourceType)}${query.size ? `?${query}` : ''}`;
      for (let page = 0; url && page < maxPages; page += 1) {
        const bundle = await request(url);
        if (!isResource(bundle) || bundle.resourceType !== 'Bundle') throw new AttuneError('records/invalid', 'A search did not answer with a Bundle.');
        const entries = Array.isArray(bundle['entry']) ? (bundle['entry'] as Array<{ resource?: unknown; search?: { mode?: string } }>) : [];
        for (const entry of entries) {
          if (isResource(entry.resource) && entry.resource.resourceType === resourceType && entry.search?.mode !== 'include') found.push(entry.resource as never);
        }
        const links = Array.isArray(bundle['link']) ? (bundle['link'] as Array<{ relation?: string; url?: string }>) : [];
        url = links.find((link) => link.relation === 'next')?.url;
      }
      return found;
    },
  };
}

function isResource(value: unknown): value is FhirResource {
  return typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';
}

function failure(status: number): AttuneError {
  const [code, message]: [AttuneErrorCode, string] =
    status === 401
      ? ['auth/unauthenticated', 'Please sign in again to reach your records.']
      : status === 403
        ? ['auth/forbidden', 'You may not see or change these records.']
        : status === 404 || status === 410
          ? ['records/not-found', 'The record could not be found.']
          : status === 409 || status === 412
            ? ['records/conflict', 'The record was changed elsewhere or already exists.']
            : status === 400 || status === 422
              ? ['records/invalid', 'The records server refused the record as invalid.']
              : status === 502 || status === 503 || status === 504
                ? ['records/offline', 'The records server is not available right now.']
                : ['network/failed', 'The records server could not complete the request.'];
  return new AttuneError(code, message, { status });
}
