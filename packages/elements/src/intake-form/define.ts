import { wakeVaultStorage } from '@attune/core';
import { AttuneIntakeForm } from './intake-form.element.js';

export { AttuneIntakeForm };

if (!customElements.get('attune-intake-form')) {
  customElements.define('attune-intake-form', AttuneIntakeForm);
  // The form looks for a saved draft before it is drawn; waking IndexedDB now takes its start-up cost out of that wait.
  wakeVaultStorage();
}

declare global {
  interface HTMLElementTagNameMap {
    'attune-intake-form': AttuneIntakeForm;
  }
}
