import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, css } from 'lit';
import { tokenStyles } from './tokens.styles.js';

class TokenProbe extends LitElement {
  static override styles = [tokenStyles, css`p { color: var(--_text); background: var(--_surface); }`];
  override render() {
    return html`<p part="text">probe</p>`;
  }
}
customElements.define('test-token-probe', TokenProbe);

const paragraph = (el: Element) => getComputedStyle(el.shadowRoot!.querySelector('p')!);

describe('design tokens', () => {
  it('uses the light palette by default and the dark one with theme="dark"', async () => {
    const light = await fixture(html`<test-token-probe theme="light"></test-token-probe>`);
    const dark = await fixture(html`<test-token-probe theme="dark"></test-token-probe>`);
    expect(paragraph(light).backgroundColor).to.equal('rgb(255, 255, 255)');
    expect(paragraph(dark).backgroundColor).to.equal('rgb(18, 21, 27)');
    expect(paragraph(dark).color).to.equal('rgb(238, 240, 244)');
  });

  it('lets a host page theme the element through --attune-* properties, in both themes', async () => {
    const wrapper = await fixture(html`<div class="brand"><test-token-probe theme="dark"></test-token-probe></div>`);
    (wrapper as HTMLElement).style.setProperty('--attune-color-surface', 'rgb(1, 2, 3)');
    const probe = wrapper.querySelector('test-token-probe')!;
    expect(paragraph(probe).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('keeps page styles out of the shadow root and its own styles in', async () => {
    const pageStyle = document.createElement('style');
    pageStyle.textContent = 'p { color: rgb(255, 0, 0) !important; }';
    document.head.append(pageStyle);
    const probe = await fixture(html`<test-token-probe theme="light"></test-token-probe>`);
    const outside = await fixture(html`<p>page paragraph</p>`);
    expect(paragraph(probe).color).to.equal('rgb(26, 29, 35)');
    expect(getComputedStyle(outside).color, 'the element’s css does not leak onto the page').to.equal('rgb(255, 0, 0)');
    pageStyle.remove();
  });
});
