import { AttuneIntakeForm } from './intake-form.element.js';

export { AttuneIntakeForm };

if (!customElements.get('attune-intake-form')) customElements.define('attune-intake-form', AttuneIntakeForm);

declare global {
  interface HTMLElementTagNameMap {
    'attune-intake-form': AttuneIntakeForm;
  }
}
