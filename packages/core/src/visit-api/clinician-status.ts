import type { ClinicianStatus } from '../ports.js';

/** The longest "running late" the contract carries (docs/backend-contract): two hours; beyond that a clinic reschedules. */
export const lateMinutesMax = 120;

/** A "running late" the contract allows: whole minutes, 1 to {@link lateMinutesMax}. */
export function isLateMinutes(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= lateMinutesMax;
}

/**
 * The status a backend's answer or message carries, as `message` and `lateMinutes` fields. A valid
 * "running late" wins (a backend should never send both); anything unreadable is no status, so a
 * patient is never shown a malformed one.
 */
export function clinicianStatusFrom(message: unknown, lateMinutes: unknown): ClinicianStatus | null {
  if (isLateMinutes(lateMinutes)) return { lateMinutes };
  if (typeof message === 'string' && message.trim() !== '') return { message };
  return null;
}
