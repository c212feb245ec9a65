import { AttuneError } from '@attune/core';
import type { FhirQuery } from '../store/store.js';

type Bound = NonNullable<FhirQuery['dateFrom']>;

function invalid(message: string): AttuneError {
  return new AttuneError('records/invalid', message, { status: 400 });
}

/** The interval [start, end) a FHIR date of any precision (year … instant) stands for, in UTC. */
function interval(value: string): { start: Date; end: Date } {
  const year = /^(\d{4})$/.exec(value);
  if (year) return { start: new Date(Date.UTC(+year[1]!, 0)), end: new Date(Date.UTC(+year[1]! + 1, 0)) };
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return { start: new Date(Date.UTC(+month[1]!, +month[2]! - 1)), end: new Date(Date.UTC(+month[1]!, +month[2]!)) };
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const start = new Date(Date.UTC(+day[1]!, +day[2]! - 1, +day[3]!));
    return { start, end: new Date(start.getTime() + 86_400_000) };
  }
  const instant = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(instant.getTime())) throw invalid(`"${value}" is not a FHIR date.`);
  return { start: instant, end: new Date(instant.getTime() + 1) };
}

/** Applies one `date=` search value (`ge2026-11-01`, `lt2026-11-15T10:00:00Z`, `2026-11`) to the query. */
export function applyDateParam(query: FhirQuery, param: string): void {
  const match = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.+)$/.exec(param);
  const prefix = match?.[1] ?? 'eq';
  const { start, end } = interval(match?.[2] ?? '');
  const from = (value: Date, inclusive: boolean) => tighterFrom(query, { value: value.toISOString(), inclusive });
  const to = (value: Date, inclusive: boolean) => tighterTo(query, { value: value.toISOString(), inclusive });
  switch (prefix) {
    case 'eq':
      from(start, true);
      to(end, false);
      break;
    case 'ge':
      from(start, true);
      break;
    case 'gt':
      from(end, true);
      break;
    case 'le':
      to(end, false);
      break;
    case 'lt':
      to(start, false);
      break;
    default:
      throw invalid(`The date prefix "${prefix}" is not supported here (use eq, ge, gt, le or lt).`);
  }
}

function tighterFrom(query: FhirQuery, bound: Bound): void {
  if (!query.dateFrom || bound.value > query.dateFrom.value) query.dateFrom = bound;
}

function tighterTo(query: FhirQuery, bound: Bound): void {
  if (!query.dateTo || bound.value < query.dateTo.value) query.dateTo = bound;
}

/** The UTC instant a resource is dated by, for search; undefined if it carries none. */
export function recordDate(resource: Record<string, unknown>): string | undefined {
  const raw = resource.authored ?? resource.effectiveDateTime ?? resource.issued ?? resource.sent ?? resource.date;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw invalid('The resource date must be a string.');
  return interval(raw).start.toISOString();
}
