import { AttuneDeviceCheck } from './device-check.element.js';

export { AttuneDeviceCheck };

if (!customElements.get('attune-device-check')) customElements.define('attune-device-check', AttuneDeviceCheck);

declare global {
  interface HTMLElementTagNameMap {
    'attune-device-check': AttuneDeviceCheck;
  }
}
