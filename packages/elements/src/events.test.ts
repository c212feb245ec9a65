import { expect } from '@open-wc/testing';
import { emit } from './events.js';

describe('emit', () => {
  it('fires a typed attune-* event that bubbles out of a shadow root to the document', () => {
    const host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('span');
    shadow.append(inner);
    document.body.append(host);
    let received: CustomEvent<{ appointmentId: string }> | undefined;
    const listener = (event: Event) => (received = event as CustomEvent<{ appointmentId: string }>);
    document.addEventListener('attune-admitted', listener);
    emit(inner, 'attune-admitted', { appointmentId: 'appt-1' });
    document.removeEventListener('attune-admitted', listener);
    host.remove();
    expect(received?.detail.appointmentId).to.equal('appt-1');
    expect(received?.composed).to.equal(true);
  });

  it('reports a listener’s preventDefault to the element', () => {
    const target = document.createElement('div');
    target.addEventListener('attune-left', (event) => event.preventDefault());
    expect(emit(target, 'attune-left', { appointmentId: 'appt-1' })).to.equal(false);
  });
});
