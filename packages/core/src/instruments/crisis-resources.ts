// Apart from the risk rules: every intake form shows these, and loading them must not pull in the instruments.

/** Somewhere a patient in crisis can turn right now. */
export interface CrisisResource {
  id: string;
  name: string;
  /** How to reach it, as shown: "Call or text 988". */
  contact: string;
  /** A tel:, sms: or https: link. */
  href: string;
}

/** Always shown after a risk flag is raised; a practice can add its own resources but never remove these. */
export const defaultCrisisResources: readonly CrisisResource[] = Object.freeze([
  Object.freeze({ id: '988', name: '988 Suicide & Crisis Lifeline', contact: 'Call or text 988', href: 'tel:988' }),
  Object.freeze({ id: '911', name: 'Emergency services', contact: 'Call 911 if you are in immediate danger', href: 'tel:911' }),
]);

/** The defaults followed by the practice's own resources (additive only; an entry reusing a default id cannot replace it). */
export function crisisResources(additional: readonly CrisisResource[] = []): CrisisResource[] {
  const reserved = new Set(defaultCrisisResources.map((resource) => resource.id));
  const safeHref = (href: string) => /^(tel:|sms:|https:)/i.test(href);
  return [...defaultCrisisResources, ...additional.filter((resource) => !reserved.has(resource.id) && safeHref(resource.href))];
}
