import { randomUUID } from 'node:crypto';
import { AttuneError, type FhirResource } from '@attune/core';
import type { Caller } from '../auth/host-token.js';
import type { ServerContext } from '../context.js';
import { jsonResponse, readJsonObject } from '../http/json.js';
import type { AuditAction, AuditOutcome, FhirQuery } from '../store/store.js';
import { applyDateParam, recordDate } from './fhir-search.js';
import { applyRecordEffects } from './record-effects.js';

/** Resources about one patient: readable by that patient and by clinicians who have appointments with them. */
const patientRecords = new Set(['QuestionnaireResponse', 'Observation', 'Communication']);
/** Forms: any signed-in user reads them; clinicians write them. */
const definitions = new Set(['Questionnaire']);

const FHIR_JSON = { 'content-type': 'application/fhir+json; charset=utf-8' };

function invalid(message: string): AttuneError {
  return new AttuneError('records/invalid', message, { status: 400 });
}

function forbidden(): AttuneError {
  return new AttuneError('auth/forbidden', 'You may not see or change these records.', { status: 403 });
}

function notFound(): AttuneError {
  return new AttuneError('records/not-found', 'There is no such record.', { status: 404 });
}

function requireType(type: string): void {
  if (!patientRecords.has(type) && !definitions.has(type)) {
    throw new AttuneError('route/not-found', `This server does not keep ${type} resources.`, { status: 404 });
  }
}

function subjectOf(resource: Record<string, unknown>): string | undefined {
  const reference = (resource.subject as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}

function identifiersOf(resource: Record<string, unknown>): Array<{ system: string; value: string }> {
  const raw = resource.identifier;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.flatMap((identifier: { system?: unknown; value?: unknown }) =>
    typeof identifier?.system === 'string' && typeof identifier?.value === 'string'
      ? [{ system: identifier.system, value: identifier.value }]
      : [],
  );
}

function patientIdOf(subject: string): string {
  const match = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(subject);
  if (!match) throw invalid('subject must reference a Patient, as "Patient/<id>".');
  return match[1]!;
}

async function maySee(ctx: ServerContext, caller: Caller, subject: string | undefined): Promise<boolean> {
  if (subject === undefined) return false;
  const patientId = patientIdOf(subject);
  if (caller.role === 'patient') return caller.patientId === patientId;
  return ctx.store.clinicianHasPatient(caller.userId, patientId);
}

async function audit(ctx: ServerContext, caller: Caller, action: AuditAction, target: string, outcome: AuditOutcome) {
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: caller.role, action, target, outcome });
}

async function authorize(ctx: ServerContext, caller: Caller, type: string, subject: string | undefined, write: boolean) {
  if (definitions.has(type)) return !write || caller.role === 'clinician';
  return maySee(ctx, caller, subject);
}

async function parseResource(request: Request, type: string): Promise<Record<string, unknown> & FhirResource> {
  const body = await readJsonObject(request);
  if (body.resourceType !== type) throw invalid(`The body must be a ${type} resource.`);
  if (patientRecords.has(type) && subjectOf(body) === undefined) throw invalid(`A ${type} needs subject.reference ("Patient/<id>").`);
  return body as Record<string, unknown> & FhirResource;
}

async function write(ctx: ServerContext, resource: Record<string, unknown> & FhirResource & { id: string }) {
  const subject = subjectOf(resource);
  const stored = await ctx.store.writeFhirResource(resource, {
    subject,
    date: recordDate(resource),
    identifiers: identifiersOf(resource),
  });
  await applyRecordEffects(ctx, { ...stored, id: resource.id }, subject && patientRecords.has(resource.resourceType) ? patientIdOf(subject) : undefined);
  return stored;
}

/** POST /fhir/{type}, honouring `If-None-Exist: identifier=system|value` so a retried outbox send writes once. */
async function create(ctx: ServerContext, caller: Caller, type: string, request: Request): Promise<Response> {
  const resource = await parseResource(request, type);
  const subject = subjectOf(resource);
  if (!(await authorize(ctx, caller, type, subject, true))) {
    await audit(ctx, caller, 'record-create', type, 'denied');
    throw forbidden();
  }
  const ifNoneExist = request.headers.get('if-none-exist');
  if (ifNoneExist) {
    const match = /^identifier=([^|]+)\|(.+)$/.exec(decodeURIComponent(ifNoneExist));
    if (!match) throw invalid('If-None-Exist supports only identifier=<system>|<value>.');
    const existing = await ctx.store.findFhirByIdentifier(type, match[1]!, match[2]!);
    if (existing) {
      if (!(await authorize(ctx, caller, type, subjectOf(existing), false))) throw forbidden();
      await audit(ctx, caller, 'record-create', `${type}/${existing.id}`, 'ok');
      return jsonResponse(200, existing, FHIR_JSON);
    }
  }
  const stored = await write(ctx, { ...resource, id: randomUUID() });
  await audit(ctx, caller, 'record-create', `${type}/${stored.id}`, 'ok');
  return jsonResponse(201, stored, { ...FHIR_JSON, location: `/fhir/${type}/${stored.id}/_history/1` });
}

async function read(ctx: ServerContext, caller: Caller, type: string, id: string): Promise<Response> {
  const resource = await ctx.store.readFhirResource<FhirResource>(type, id);
  if (!resource) {
    await audit(ctx, caller, 'record-read', `${type}/${id}`, 'not-found');
    throw notFound();
  }
  if (!(await authorize(ctx, caller, type, subjectOf(resource), false))) {
    await audit(ctx, caller, 'record-read', `${type}/${id}`, 'denied');
    // Same answer as "not found": a forbidden record's existence is itself private.
    throw notFound();
  }
  await audit(ctx, caller, 'record-read', `${type}/${id}`, 'ok');
  return jsonResponse(200, resource, FHIR_JSON);
}

async function update(ctx: ServerContext, caller: Caller, type: string, id: string, request: Request): Promise<Response> {
  const resource = await parseResource(request, type);
  if (resource.id !== id) throw invalid('The resource id must match the URL.');
  const existing = await ctx.store.readFhirResource<FhirResource>(type, id);
  const allowed =
    (await authorize(ctx, caller, type, subjectOf(resource), true)) &&
    (!existing || (await authorize(ctx, caller, type, subjectOf(existing), true)));
  if (!allowed) {
    await audit(ctx, caller, 'record-update', `${type}/${id}`, 'denied');
    throw forbidden();
  }
  const stored = await write(ctx, { ...resource, id });
  await audit(ctx, caller, 'record-update', `${type}/${id}`, 'ok');
  return jsonResponse(existing ? 200 : 201, stored, FHIR_JSON);
}

async function search(ctx: ServerContext, caller: Caller, type: string, url: URL): Promise<Response> {
  const query: FhirQuery = {};
  const subjectParam = url.searchParams.get('subject') ?? url.searchParams.get('patient') ?? undefined;
  let subject = subjectParam && !subjectParam.includes('/') ? `Patient/${subjectParam}` : subjectParam;
  if (patientRecords.has(type)) {
    if (!subject && caller.role === 'patient' && caller.patientId) subject = `Patient/${caller.patientId}`;
    if (!subject) throw invalid('Searching records needs subject=Patient/<id>.');
    if (!(await maySee(ctx, caller, subject))) {
      await audit(ctx, caller, 'record-search', type, 'denied');
      throw forbidden();
    }
    query.subject = subject;
  }
  for (const name of dateSearchParams(type)) {
    for (const date of url.searchParams.getAll(name)) applyDateParam(query, date);
  }
  const count = Number(url.searchParams.get('_count') ?? 500);
  const limit = Number.isFinite(count) && count > 0 ? Math.min(count, 500) : undefined;
  // A definition is found by its canonical URL (and version): a form asking for the PHQ-9 must never get another questionnaire.
  const canonical = definitions.has(type) ? canonicalFilter(url.searchParams) : undefined;
  if (limit !== undefined && !canonical) query.limit = limit;
  let resources = await ctx.store.searchFhir(type, query);
  if (canonical) resources = resources.filter(canonical).slice(0, limit);
  await audit(ctx, caller, 'record-search', type, 'ok');
  return jsonResponse(
    200,
    {
      resourceType: 'Bundle',
      type: 'searchset',
      total: resources.length,
      entry: resources.map((resource) => ({ fullUrl: `${url.origin}/fhir/${type}/${resource.id}`, resource, search: { mode: 'match' } })),
    },
    FHIR_JSON,
  );
}

/** The `url` and `version` search parameters of a definition (`url=http://…|1.0` carries the version too); undefined when neither is given. */
function canonicalFilter(params: URLSearchParams): ((resource: FhirResource) => boolean) | undefined {
  const [canonical, pinned] = (params.get('url') ?? '').split('|');
  const version = params.get('version') ?? pinned;
  if (!canonical && !version) return undefined;
  return (resource) => (!canonical || resource.url === canonical) && (!version || resource.version === version);
}

/** The FHIR R4 search parameter naming each type's date (`authored`, `sent`…), and `date` for every type. */
function dateSearchParams(type: string): string[] {
  const standard: Record<string, string> = { QuestionnaireResponse: 'authored', Communication: 'sent' };
  return standard[type] ? [standard[type], 'date'] : ['date'];
}

/** Routes `/fhir/{type}[/{id}]`; undefined when the path is not a FHIR path. */
export async function handleFhir(ctx: ServerContext, caller: Caller, request: Request, url: URL): Promise<Response | undefined> {
  const match = /^\/fhir\/([A-Za-z]+)(?:\/([A-Za-z0-9\-.]{1,64}))?$/.exec(url.pathname);
  if (!match) return undefined;
  const [, type, id] = match as unknown as [string, string, string | undefined];
  requireType(type);
  if (id === undefined && request.method === 'POST') return create(ctx, caller, type, request);
  if (id === undefined && request.method === 'GET') return search(ctx, caller, type, url);
  if (id !== undefined && request.method === 'GET') return read(ctx, caller, type, id);
  if (id !== undefined && request.method === 'PUT') return update(ctx, caller, type, id, request);
  throw new AttuneError('route/not-found', `${request.method} is not supported on this path.`, { status: 405 });
}
