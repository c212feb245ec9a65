import { AttuneQueue } from './queue.element.js';

export { AttuneQueue };

if (!customElements.get('attune-queue')) customElements.define('attune-queue', AttuneQueue);

declare global {
  interface HTMLElementTagNameMap {
    'attune-queue': AttuneQueue;
  }
}
