/**
 * The Vault stores the intake form keeps, by name. Apart from the form's code so that the log-off
 * (which counts the outbox before wiping) does not bundle the form, its scoring and its instruments.
 */
export const intakeDraftStore = 'intake-drafts';
export const intakeOutboxStore = 'intake-outbox';
