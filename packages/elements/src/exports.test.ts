import { expect } from '@open-wc/testing';
import * as elements from './index.js';

describe('@attune/elements root entry', () => {
  it('registers no tag when imported (registration is the define files’ job)', () => {
    expect(elements.ActorController).to.be.a('function');
    const attuneTags = ['attune-session', 'attune-device-check', 'attune-waiting-room', 'attune-queue', 'attune-video-call', 'attune-intake-form'];
    for (const tag of attuneTags) expect(customElements.get(tag), tag).to.equal(undefined);
  });
});
