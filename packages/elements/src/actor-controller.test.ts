import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { createActor, createMachine, type Actor } from 'xstate';
import { ActorController } from './actor-controller.js';

const lightSwitch = createMachine({
  id: 'light',
  initial: 'off',
  states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } },
});
type LightActor = Actor<typeof lightSwitch>;

class HandedInProbe extends LitElement {
  controller!: ActorController<LightActor>;
  set actor(actor: LightActor) {
    if (this.controller) this.controller.setActor(actor);
    else this.controller = new ActorController(this, actor);
  }
  override render() {
    return html`<span>${String(this.controller?.snapshot.value ?? '')}</span>`;
  }
}
customElements.define('test-handed-in-probe', HandedInProbe);

class OwnedProbe extends LitElement {
  controller = new ActorController<LightActor>(this, { create: () => createActor(lightSwitch) });
  override render() {
    return html`<span>${String(this.controller.snapshot.value)}</span>`;
  }
}
customElements.define('test-owned-probe', OwnedProbe);

describe('ActorController', () => {
  it('re-renders the element on every snapshot of a handed-in actor', async () => {
    const actor = createActor(lightSwitch).start();
    const el = await fixture<HandedInProbe>(html`<test-handed-in-probe .actor=${actor}></test-handed-in-probe>`);
    expect(el.shadowRoot!.textContent).to.equal('off');
    actor.send({ type: 'TOGGLE' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('on');
  });

  it('keeps a handed-in actor running when the element moves in the DOM (a call must survive a move)', async () => {
    const actor = createActor(lightSwitch).start();
    const el = await fixture<HandedInProbe>(html`<div><test-handed-in-probe .actor=${actor}></test-handed-in-probe></div>`);
    const probe = el.querySelector('test-handed-in-probe') as HandedInProbe;
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(probe);
    expect(actor.getSnapshot().status).to.equal('active');
    actor.send({ type: 'TOGGLE' });
    await probe.updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('on');
    probe.remove();
    expect(actor.getSnapshot().status, 'removing the element must not stop an actor it does not own').to.equal('active');
    elsewhere.remove();
  });

  it('switches to a new handed-in actor without stopping the old one', async () => {
    const first = createActor(lightSwitch).start();
    const second = createActor(lightSwitch).start();
    second.send({ type: 'TOGGLE' });
    const el = await fixture<HandedInProbe>(html`<test-handed-in-probe .actor=${first}></test-handed-in-probe>`);
    el.actor = second;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('on');
    first.send({ type: 'TOGGLE' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent, 'the old actor no longer drives the element').to.equal('on');
    expect(first.getSnapshot().status).to.equal('active');
  });

  it('starts an owned actor on connect and stops it on disconnect', async () => {
    const el = await fixture<OwnedProbe>(html`<test-owned-probe></test-owned-probe>`);
    const actor = el.controller.actor;
    expect(actor.getSnapshot().status).to.equal('active');
    el.controller.send({ type: 'TOGGLE' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('on');
    el.remove();
    expect(actor.getSnapshot().status).to.equal('stopped');
  });
});
