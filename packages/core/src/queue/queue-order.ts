import type { QueueEntry } from '../ports.js';

/** The clinician's reading order: anyone with a risk flag first, then everyone by arrival, earliest first. */
export function sortQueue(entries: readonly QueueEntry[]): QueueEntry[] {
  return [...entries].sort((a, b) => {
    const risk = Number(b.riskFlags.length > 0) - Number(a.riskFlags.length > 0);
    if (risk !== 0) return risk;
    return Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt) || entryKey(a).localeCompare(entryKey(b));
  });
}

/** One waiting participant of one appointment. */
export function entryKey(entry: Pick<QueueEntry, 'appointmentId' | 'identity'>): string {
  return `${entry.appointmentId}/${entry.identity}`;
}
