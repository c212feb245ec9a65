import type { AttuneErrorCode, QueueEntry, FhirResource } from '@attune/core';

/**
 * Every event an Attune element fires, in one map. All bubble and are composed, so a host page
 * can listen on `document` whatever shadow roots lie between.
 */
export interface AttuneEventMap {
  'attune-error': CustomEvent<{ code: AttuneErrorCode; message: string }>;
  'attune-device-check-completed': CustomEvent<{
    result: 'passed' | 'audio-only' | 'failed';
    audioInputId?: string | undefined;
    videoInputId?: string | undefined;
    audioOutputId?: string | undefined;
    connection?: { reachable: boolean; roundTripMs?: number | undefined; transport: 'udp' | 'tcp-only' | 'unknown' } | undefined;
  }>;
  'attune-knocked': CustomEvent<{ appointmentId: string }>;
  /** From the waiting room (the patient was let in) and from the queue (the clinician let them in; `identity` says who). */
  'attune-admitted': CustomEvent<{ appointmentId: string; identity?: string }>;
  /** From the queue: the clinician asked to go back into a visit under way (their page reloaded, say); the host opens it as on `attune-admitted`. */
  'attune-return-to-visit': CustomEvent<{ appointmentId: string; identity: string }>;
  'attune-denied': CustomEvent<{ appointmentId: string; reason?: string }>;
  'attune-left': CustomEvent<{ appointmentId: string }>;
  'attune-call-ended': CustomEvent<{ appointmentId: string; by: 'self' | 'clinician' | 'server' }>;
  'attune-patient-arrived': CustomEvent<{ entry: QueueEntry }>;
  'attune-response-submitted': CustomEvent<{ response: FhirResource }>;
  'attune-checkin-saved': CustomEvent<{ observation: FhirResource }>;
  'attune-message-sent': CustomEvent<{ id: string }>;
  'attune-logged-off': CustomEvent<{ reason: 'inactivity' | 'user' }>;
}

export type AttuneEventName = keyof AttuneEventMap;
export type AttuneEventDetail<K extends AttuneEventName> = AttuneEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Fires a typed `attune-*` event from `target`: bubbling, composed, cancelable. Returns false if a listener called preventDefault. */
export function emit<K extends AttuneEventName>(target: EventTarget, name: K, detail: AttuneEventDetail<K>): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }));
}

declare global {
  interface HTMLElementEventMap extends AttuneEventMap {}
}
