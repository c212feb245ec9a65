import { AttuneVideoCall } from './video-call.element.js';

export { AttuneVideoCall };

if (!customElements.get('attune-video-call')) customElements.define('attune-video-call', AttuneVideoCall);

declare global {
  interface HTMLElementTagNameMap {
    'attune-video-call': AttuneVideoCall;
  }
}
