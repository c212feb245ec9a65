// The session composes the device check, waiting room and call, so registering it registers them.
import '../device-check/define.js';
import '../waiting-room/define.js';
import '../video-call/define.js';
import { AttuneSession } from './session.element.js';

export { AttuneSession };

if (!customElements.get('attune-session')) customElements.define('attune-session', AttuneSession);

declare global {
  interface HTMLElementTagNameMap {
    'attune-session': AttuneSession;
  }
}
