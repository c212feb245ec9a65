import type { MediaTrack } from '@attune/core';
import { visitInScene, type VisitScene } from '@attune/core/visit/visit-scenes.js';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './define.js';
import type { AttuneVideoCall } from './video-call.element.js';

// The call without a shared screen, measured in a real Chromium at the windows a patient has: a laptop
// (1280×720, 1024×768) and a phone upright (390×844) and on its side (844×390, and a small Android's
// 740×360). Everything a patient needs in a visit (the other person, their own picture, the buttons)
// is on screen without scrolling.

const windows = [
  [1280, 720],
  [1024, 768],
  [390, 844],
  [844, 390],
  [740, 360],
] as const;

/** A fake track with a real picture, so the video elements have something to lay out. */
function canvasTrack(track: MediaTrack): MediaTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  // A canvas never painted sends no frame.
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#1d4ed8';
  context.fillRect(0, 0, 64, 36);
  const stream = canvas.captureStream(5);
  return { ...track, attach: (element) => void (element.srcObject = stream), detach: (element) => void (element.srcObject = null) };
}

const cameraOf = (identity: string): MediaTrack =>
  canvasTrack({ id: `${identity}-camera`, participantIdentity: identity, kind: 'video', source: 'camera', local: false, muted: false, attach: () => {}, detach: () => {} });

/** The call in `scene`, once the device menus (listed when the browser is idle) are in. */
async function inCall(scene: VisitScene) {
  const harness = await visitInScene(scene, { decorateTrack: canvasTrack });
  const el = await fixture<AttuneVideoCall>(html`<attune-video-call .actor=${harness.actor}></attune-video-call>`);
  await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2_000 }));
  // The element's own listing started first, so it is in once this one is.
  await navigator.mediaDevices.enumerateDevices();
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('[part="devices"]'), 'the fake media’s two microphones listed').to.exist;
  return { harness, el };
}

/** A clinician with eight others in the call, the most the grid shows, each with a camera. */
async function groupOfEight() {
  const { harness, el } = await inCall('groupCall');
  const others = ['patient-1', 'patient-2', 'support-person', 'interpreter', 'carer', 'nurse', 'student', 'family-member'];
  const own = harness.actor.getSnapshot().context.tracks.filter((track) => track.local);
  harness.room.emit({ type: 'tracks-changed', tracks: [...own, ...others.map(cameraOf)] });
  harness.room.emit({ type: 'participants-changed', participants: others.map((identity) => ({ identity, attributes: {}, isSpeaking: false })) });
  await el.updateComplete;
  return el;
}

const part = (el: AttuneVideoCall, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
const all = (el: AttuneVideoCall, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const remoteTile = (el: AttuneVideoCall) => part(el, '[part="tile"]');
const selfView = (el: AttuneVideoCall) => part(el, '[part~="self-view"]');

type Box = { left: number; top: number; right: number; bottom: number };
const inside = (box: Box, outer: Box) =>
  box.left >= outer.left - 0.5 && box.top >= outer.top - 0.5 && box.right <= outer.right + 0.5 && box.bottom <= outer.bottom + 0.5;
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Each of `elements` not wholly in the window (or not shown at all), named for the failure message. */
function outOfWindow(elements: HTMLElement[]): string[] {
  const windowBox = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
  return elements
    .filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width === 0 || box.height === 0 || !inside(box, windowBox);
    })
    .map((element) => `${element.getAttribute('part')} ${element.dataset['action'] ?? element.querySelector('figcaption')?.textContent ?? ''} ${JSON.stringify(element.getBoundingClientRect())}`);
}

/** Width over height, for a box that should be a 16:9 picture. */
const shape = (box: DOMRect) => box.width / box.height;

/** The call's buttons in the order Tab reaches them from the heading, until focus leaves them. */
async function tabOrder(el: AttuneVideoCall): Promise<HTMLElement[]> {
  el.focus();
  const reached: HTMLElement[] = [];
  for (;;) {
    await sendKeys({ press: 'Tab' });
    const focused = el.shadowRoot!.activeElement as HTMLElement | null;
    if (!focused?.closest('[part="controls"]')) return reached;
    reached.push(focused);
  }
}

/** What a patient must see in the call: every tile and every call button, and a page that does not scroll. */
function notInView(el: AttuneVideoCall): string[] {
  const missing = outOfWindow([...all(el, '[part~="tile"]'), ...all(el, '[part="controls"] button')]);
  const page = document.scrollingElement!;
  if (page.scrollHeight > window.innerHeight || page.scrollWidth > window.innerWidth) missing.push(`the page scrolls: ${page.scrollWidth}×${page.scrollHeight}`);
  return missing;
}

describe('<attune-video-call> fits the window', () => {
  // A visit page gives the call the window (the clinic example's body has no margin); the default 8px would scroll it.
  before(() => {
    document.body.style.setProperty('margin', '0');
  });
  after(() => {
    document.body.style.removeProperty('margin');
  });
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  for (const [width, height] of windows) {
    for (const scene of ['inCallWithClinician', 'clinicianInCall'] as const) {
      const who = scene === 'inCallWithClinician' ? 'patient' : 'clinician';
      it(`shows the ${who} the other person, their own picture and every button at ${width}×${height}`, async () => {
        await setViewport({ width, height });
        const { el } = await inCall(scene);
        expect(notInView(el)).to.deep.equal([]);
        expect(all(el, '[part="controls"] button').length).to.equal(who === 'clinician' ? 6 : 5);
        const remote = remoteTile(el).getBoundingClientRect();
        // As large as fits: it fills the stage's width or its height.
        const stage = part(el, '[part="stage"]').getBoundingClientRect();
        expect(Math.max(remote.width / stage.width, remote.height / stage.height), 'the other person as large as the stage allows').to.be.above(0.98);
        expect(remote.height, 'the other person takes a good part of the window').to.be.above(height * 0.5);
        await expect(el).to.be.accessible();
      });
    }

    it(`puts the own picture small in a corner of the other person's, clear of their name, at ${width}×${height}`, async () => {
      await setViewport({ width, height });
      const { el } = await inCall('inCallWithClinician');
      const remote = remoteTile(el).getBoundingClientRect();
      const self = selfView(el).getBoundingClientRect();
      expect(inside(self, remote), 'the self view over the other person’s picture').to.equal(true);
      expect(self.width * self.height, 'a small picture-in-picture').to.be.below(remote.width * remote.height * 0.15);
      expect(overlap(self, remoteTile(el).querySelector('figcaption')!.getBoundingClientRect()), 'the other person’s name stays readable').to.equal(false);
      expect(overlap(self, part(el, '[part="quality"]').getBoundingClientRect()), 'the connection bars stay readable').to.equal(false);
      expect(self.bottom, 'in the bottom corner').to.be.above(remote.bottom - self.height);
    });
  }

  for (const [width, height] of [
    [1280, 720],
    [390, 844],
    [844, 390],
  ] as const) {
    for (const [scene, notes] of [
      ['microphoneAndCameraOff', ['Your camera is off']],
      ['audioOnly', ['Camera off', 'Your camera is off']],
      // With the weak-connection notice above, the stage is shorter still.
      ['audioOnlyAutomatic', ['Camera off', 'Your camera is off']],
    ] as const) {
      it(`shows whole the note for a camera that is off (${scene}) at ${width}×${height}`, async () => {
        await setViewport({ width, height });
        const { el } = await inCall(scene);
        expect(notInView(el)).to.deep.equal([]);
        expect(all(el, '[part~="tile"] [part="text"]').map((note) => note.textContent)).to.deep.equal(notes);
        for (const tile of [remoteTile(el), selfView(el)]) {
          const note = tile.querySelector<HTMLElement>('[part="text"]');
          if (!note) continue;
          expect(inside(note.getBoundingClientRect(), tile.getBoundingClientRect()), `“${note.textContent}” inside its tile`).to.equal(true);
          expect(overlap(note.getBoundingClientRect(), tile.querySelector('figcaption')!.getBoundingClientRect()), `“${note.textContent}” clear of the name`).to.equal(false);
        }
        expect(inside(selfView(el).getBoundingClientRect(), remoteTile(el).getBoundingClientRect()), 'the self view still over the other person’s tile').to.equal(true);
        await expect(el).to.be.accessible();
      });
    }
  }

  it('shows the own picture large while waiting for the others to join', async () => {
    await setViewport({ width: 1280, height: 720 });
    const { el } = await inCall('inCall');
    expect(notInView(el)).to.deep.equal([]);
    expect(outOfWindow([part(el, '[part="stage"] > [part="text"]')])).to.deep.equal([]);
    expect(selfView(el).getBoundingClientRect().height).to.be.above(720 * 0.5);
  });

  // A phone on its side has little height: the other person takes nearly all of it, as in video apps,
  // and the heading and the buttons move out of their way.
  for (const [width, height] of [
    [844, 390],
    [740, 360],
  ] as const) {
    for (const scene of ['inCallWithClinician', 'clinicianInCall'] as const) {
      const who = scene === 'inCallWithClinician' ? 'patient' : 'clinician';
      it(`on a phone on its side (${width}×${height}) gives the other person most of the height and keeps the ${who}’s buttons in view and in Tab order`, async () => {
        await setViewport({ width, height });
        const { el } = await inCall(scene);
        const remote = remoteTile(el).getBoundingClientRect();
        expect(remote.height, 'the other person at least 80% of the window’s height').to.be.at.least(height * 0.8);
        expect(shape(remote), 'a 16:9 picture').to.be.closeTo(16 / 9, 0.02);
        expect(notInView(el)).to.deep.equal([]);
        expect(inside(selfView(el).getBoundingClientRect(), remote), 'the self view a picture-in-picture').to.equal(true);
        const buttons = all(el, '[part="controls"] button') as HTMLButtonElement[];
        for (const button of buttons) expect(overlap(button.getBoundingClientRect(), remote), `${button.dataset['action']} clear of the other person`).to.equal(false);
        const reached = await tabOrder(el);
        expect(reached.map((button) => button.dataset['action'])).to.deep.equal(buttons.filter((button) => !button.disabled).map((button) => button.dataset['action']));
        expect(document.scrollingElement!.scrollTop, 'Tab through the buttons scrolls nothing').to.equal(0);
      });
    }
  }

  // Nine people (the clinician's own picture and eight others) in 16:9 tiles, as many columns as make
  // them largest in the space the call has, whatever the window.
  for (const [width, height] of [
    [1280, 720],
    [1024, 768],
    [390, 844],
    [844, 390],
  ] as const) {
    it(`lays a group of nine out in whole 16:9 tiles, none over another, at ${width}×${height}`, async () => {
      await setViewport({ width, height });
      const el = await groupOfEight();
      expect(notInView(el)).to.deep.equal([]);
      const boxes = all(el, '[part~="tile"]').map((tile) => tile.getBoundingClientRect());
      expect(boxes.length).to.equal(9);
      for (const box of boxes) {
        expect(shape(box), `a 16:9 tile, not ${box.width}×${box.height}`).to.be.closeTo(16 / 9, 0.03);
        expect(box.width, 'large enough to see a face').to.be.at.least(width * 0.2);
      }
      for (const [index, box] of boxes.entries())
        for (const other of boxes.slice(index + 1)) expect(overlap(box, other), `${JSON.stringify(box)} over ${JSON.stringify(other)}`).to.equal(false);
    });
  }

  for (const [width, height] of [
    [1280, 720],
    [390, 844],
  ] as const) {
    it(`keeps a group of eight and the buttons in view at ${width}×${height}`, async () => {
      await setViewport({ width, height });
      const el = await groupOfEight();
      expect(part(el, '[part="stage"]').getAttribute('data-layout')).to.equal('grid');
      expect(all(el, '[part~="tile"]').length).to.equal(9, 'eight others and the self view');
      expect(notInView(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  }
});
