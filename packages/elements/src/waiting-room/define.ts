import { AttuneWaitingRoom } from './waiting-room.element.js';

export { AttuneWaitingRoom };

if (!customElements.get('attune-waiting-room')) customElements.define('attune-waiting-room', AttuneWaitingRoom);

declare global {
  interface HTMLElementTagNameMap {
    'attune-waiting-room': AttuneWaitingRoom;
  }
}
