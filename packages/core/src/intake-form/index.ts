export { intakeFormMachine, problemsOf } from './intake-form.machine.js';
export { intakeDraftStore, intakeOutboxStore } from './intake-stores.js';
export type { IntakeFormContext, IntakeFormEvent, IntakeFormInput } from './intake-form.machine.js';
export { connectIntakeForm, fieldIdFor } from './intake-form.connect.js';
export type { IntakeFormSnapshot, IntakeFormState, IntakeFormView, ItemView, ItemWidget, OptionView } from './intake-form.connect.js';
export { submitIntake, queueIntake, flushIntakeOutbox, isOffline } from './submit-intake.js';
export type { SubmittedIntake } from './submit-intake.js';
