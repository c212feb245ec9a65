import type { MediaTrack } from '@attune/core';
import { visitInScene, type VisitScene } from '@attune/core/visit/visit-scenes.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './define.js';
import type { AttuneVideoCall } from './video-call.element.js';

// The call while someone shares a screen, measured in a real Chromium at the window sizes a patient
// has: a laptop (1280×720, 1024×768) and a phone held upright (390×844).

/** A fake track with a real moving picture of the given size, so the video has something to lay out. */
function canvasTrack(track: MediaTrack, width: number, height: number): MediaTrack {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  // A canvas never painted sends no frame.
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#1d4ed8';
  context.fillRect(0, 0, width, height);
  const stream = canvas.captureStream(5);
  return { ...track, attach: (element) => void (element.srcObject = stream), detach: (element) => void (element.srcObject = null) };
}

/** The screen `presenter` shares, as the room reports a remote participant's share (a 16:10 laptop screen). */
const sharedScreen = (presenter: string): MediaTrack =>
  canvasTrack(
    { id: `${presenter}-screen`, participantIdentity: presenter, kind: 'video', source: 'screen', local: false, muted: false, attach: () => {}, detach: () => {} },
    1440,
    900,
  );

async function inCall(scene: VisitScene) {
  const harness = await visitInScene(scene, { decorateTrack: (track) => canvasTrack(track, 64, 36) });
  const el = await fixture<AttuneVideoCall>(html`<attune-video-call .actor=${harness.actor}></attune-video-call>`);
  return { harness, el };
}

/** `scene`, and then `presenter` shares a screen. */
async function presenting(scene: VisitScene, presenter: string) {
  const { harness, el } = await inCall(scene);
  harness.room.emit({ type: 'tracks-changed', tracks: [...harness.actor.getSnapshot().context.tracks, sharedScreen(presenter)] });
  await el.updateComplete;
  return el;
}

const part = (el: AttuneVideoCall, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
const tiles = (el: AttuneVideoCall) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="tile"]')];

/** Each tile that is not wholly inside both the element's box and the window, by its caption. */
function outOfView(el: AttuneVideoCall): string[] {
  const host = el.getBoundingClientRect();
  const inside = (box: DOMRect, outer: { left: number; top: number; right: number; bottom: number }) =>
    box.left >= outer.left - 0.5 && box.top >= outer.top - 0.5 && box.right <= outer.right + 0.5 && box.bottom <= outer.bottom + 0.5;
  const windowBox = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
  return tiles(el)
    .filter((tile) => {
      const box = tile.getBoundingClientRect();
      return box.height === 0 || !inside(box, host) || !inside(box, windowBox);
    })
    .map((tile) => `${tile.querySelector('figcaption')?.textContent} ${JSON.stringify(tile.getBoundingClientRect())}`);
}

describe('<attune-video-call> while a screen is shared', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('shows the screen whole on a dark background, and the cameras still cropped to fill their tiles', async () => {
    await setViewport({ width: 1280, height: 720 });
    const el = await presenting('inCallWithClinician', 'clinician-1');
    const screen = part(el, '[part~="screen-share"]');
    const video = screen.querySelector('video')!;
    // Laid out at its own size (16:10) once the first frame is in.
    await waitUntil(() => video.videoWidth > 0, 'the shared screen’s first frame');
    expect(getComputedStyle(video).objectFit).to.equal('contain');
    // Contain letterboxes within the video's box, so that box must be the tile's, not clipped by it.
    const tileBox = screen.getBoundingClientRect();
    const videoBox = video.getBoundingClientRect();
    expect(videoBox.top).to.be.at.least(tileBox.top);
    expect(videoBox.bottom).to.be.at.most(tileBox.bottom);
    expect(videoBox.left).to.be.at.least(tileBox.left);
    expect(videoBox.right).to.be.at.most(tileBox.right);
    const [red, green, blue] = getComputedStyle(screen).backgroundColor.match(/\d+/g)!.map(Number) as [number, number, number];
    expect(Math.max(red, green, blue), 'a dark backdrop around the letterboxed screen').to.be.below(48);
    expect(getComputedStyle(part(el, '[part="tile"] video')).objectFit).to.equal('cover');
    expect(part(el, '[part="stage"]').hasAttribute('data-presenting')).to.equal(true);
  });

  for (const [width, height] of [
    [1280, 720],
    [1024, 768],
  ] as const) {
    it(`puts the screen and every camera in view at ${width}×${height}, the cameras beside the screen`, async () => {
      await setViewport({ width, height });
      const el = await presenting('inCallWithClinician', 'clinician-1');
      expect(outOfView(el)).to.deep.equal([]);
      const screen = part(el, '[part~="screen-share"]').getBoundingClientRect();
      const clinician = part(el, '[part="tile"]').getBoundingClientRect();
      expect(clinician.left, 'the clinician’s camera stands beside the screen').to.be.at.least(screen.right);
      expect(screen.width, 'the screen takes most of the width').to.be.above(width * 0.6);
      await expect(el).to.be.accessible();
    });
  }

  it('keeps a small group and the screen in view at 1280×720', async () => {
    await setViewport({ width: 1280, height: 720 });
    const el = await presenting('groupCall', 'patient-2');
    expect(part(el, '[part="stage"]').getAttribute('data-layout')).to.equal('grid');
    expect(tiles(el).length).to.equal(5, 'the screen, three people and the self view');
    expect(outOfView(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('keeps the clinician’s own shared screen and the patient in view at 1280×720', async () => {
    await setViewport({ width: 1280, height: 720 });
    const harness = await visitInScene('screenSharing');
    const el = await fixture<AttuneVideoCall>(html`<attune-video-call .actor=${harness.actor}></attune-video-call>`);
    expect(el.shadowRoot!.querySelector('[part~="screen-share"]')).to.exist;
    expect(outOfView(el)).to.deep.equal([]);
  });

  it('on a phone held upright, shows the screen first and the clinician’s face under it, in the first screenful', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await presenting('inCallWithClinician', 'clinician-1');
    expect(outOfView(el)).to.deep.equal([]);
    const screen = part(el, '[part~="screen-share"]').getBoundingClientRect();
    const clinician = part(el, '[part="tile"]').getBoundingClientRect();
    expect(clinician.top, 'the clinician’s camera under the screen').to.be.at.least(screen.bottom);
    expect(screen.width, 'the screen as wide as the phone allows').to.be.above(390 * 0.85);
    await expect(el).to.be.accessible();
  });

  it('keeps the cameras’ video elements when the share starts and stops, so no picture goes blank', async () => {
    await setViewport({ width: 1280, height: 720 });
    const { harness, el } = await inCall('inCallWithClinician');
    const before = part(el, '[part="tile"] video');
    const withoutScreen = harness.actor.getSnapshot().context.tracks;
    harness.room.emit({ type: 'tracks-changed', tracks: [...withoutScreen, sharedScreen('clinician-1')] });
    await el.updateComplete;
    expect(part(el, '[part="tile"] video')).to.equal(before);
    harness.room.emit({ type: 'tracks-changed', tracks: withoutScreen });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="screen-share"]')).to.equal(null);
    expect(part(el, '[part="stage"]').hasAttribute('data-presenting')).to.equal(false);
    expect(part(el, '[part="tile"] video')).to.equal(before);
  });
});
