import type { MediaTrack } from '@attune/core';
import { visitInScene, type VisitScene } from '@attune/core/visit/visit-scenes.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './define.js';
import type { AttuneVideoCall } from './video-call.element.js';

const shadow = (el: AttuneVideoCall) => el.shadowRoot!;
const view = (el: AttuneVideoCall) => shadow(el).querySelector('[part="base"]')?.getAttribute('data-state');
const button = (el: AttuneVideoCall, action: string) => shadow(el).querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
const pressed = (el: AttuneVideoCall, action: string) => button(el, action)?.getAttribute('aria-pressed');
const banners = (el: AttuneVideoCall) => shadow(el).querySelector('[part="banners"]')?.textContent ?? '';

/** A fake track with a real moving picture, recording where it was attached. */
function canvasTrack(track: MediaTrack, attachedTo: HTMLMediaElement[]): MediaTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  const stream = canvas.captureStream(5);
  return {
    ...track,
    attach: (element) => {
      element.srcObject = stream;
      attachedTo.push(element);
    },
    detach: (element) => {
      element.srcObject = null;
      attachedTo.splice(attachedTo.indexOf(element), 1);
    },
  };
}

async function showScene(scene: VisitScene) {
  const attached: HTMLMediaElement[] = [];
  const harness = await visitInScene(scene, { decorateTrack: (track) => canvasTrack(track, attached) });
  const el = await fixture<AttuneVideoCall>(html`<attune-video-call .actor=${harness.actor}></attune-video-call>`);
  return { harness, el, attached };
}

const views: Array<[VisitScene, string]> = [
  ['notStarted', 'notStarted'],
  ['connecting', 'connecting'],
  ['inCall', 'inCall'],
  ['inCallWithClinician', 'inCall'],
  ['clinicianInCall', 'inCall'],
  ['groupCall', 'inCall'],
  ['microphoneAndCameraOff', 'inCall'],
  ['screenSharing', 'inCall'],
  ['audioOnly', 'inCall'],
  ['poorConnectionNoticed', 'inCall'],
  ['audioOnlyAutomatic', 'inCall'],
  ['audioOnlyRecovered', 'inCall'],
  ['reconnecting', 'inCall'],
  ['reconnected', 'inCall'],
  ['inactivityWarningInCall', 'inCall'],
  ['ending', 'ending'],
  ['endedByClinician', 'ended'],
  ['endedForEveryone', 'ended'],
  ['leftCall', 'left'],
  ['callDisconnected', 'disconnected'],
  ['failed', 'failed'],
  ['loggedOff', 'loggedOff'],
];

describe('<attune-video-call>', () => {
  for (const [scene, expectedView] of views) {
    it(`renders "${scene}" as ${expectedView} and is accessible`, async () => {
      const { el } = await showScene(scene);
      expect(view(el)).to.equal(expectedView);
      await expect(el).to.be.accessible();
    });
  }

  it('attaches the remote video to a video element on the stage and detaches it when the call ends', async () => {
    const { el, harness, attached } = await showScene('inCallWithClinician');
    const stage = shadow(el).querySelector('[part="stage"]')!;
    expect(stage.getAttribute('data-layout')).to.equal('stage');
    const remoteVideo = stage.querySelector<HTMLVideoElement>('[part="tile"] video')!;
    expect(attached).to.include(remoteVideo);
    expect(remoteVideo.srcObject).to.be.instanceOf(MediaStream);
    harness.room.emit({ type: 'disconnected', reason: 'room-closed' });
    await el.updateComplete;
    expect(attached).to.deep.equal([]);
  });

  it('lays a small group out in a grid with the speaker outlined', async () => {
    const { el } = await showScene('groupCall');
    const stage = shadow(el).querySelector('[part="stage"]')!;
    expect(stage.getAttribute('data-layout')).to.equal('grid');
    expect(stage.querySelectorAll('[part="tile"]').length).to.equal(3);
    expect(stage.querySelectorAll('[part="tile"][data-speaking]').length).to.equal(1);
  });

  it('toggles microphone and camera with aria-pressed, from the keyboard', async () => {
    const { el, harness } = await showScene('inCall');
    expect(pressed(el, 'microphone')).to.equal('true');
    button(el, 'microphone')!.focus();
    await sendKeys({ press: 'Space' });
    await harness.settle();
    await el.updateComplete;
    expect(pressed(el, 'microphone')).to.equal('false');
    expect(harness.room.microphoneEnabled).to.equal(false);
    button(el, 'camera')!.click();
    await harness.settle();
    await el.updateComplete;
    expect(pressed(el, 'camera')).to.equal('false');
    expect(harness.room.cameraEnabled).to.equal(false);
  });

  it('keeps video through a first poor report, saying the connection is poor', async () => {
    const { el, harness } = await showScene('poorConnectionNoticed');
    expect(banners(el)).not.to.contain('video is paused');
    expect(shadow(el).querySelector('[part="tile"] video')).to.exist;
    expect(harness.room.remoteVideoEnabled).to.equal(true);
    expect(harness.room.cameraEnabled).to.equal(true);
    expect(shadow(el).querySelector('[part="quality"]')!.getAttribute('aria-label')).to.equal('Connection: poor');
    await expect(el).to.be.accessible();
  });

  it('falls back to audio only on a poor connection and offers the way back', async () => {
    const { el, harness } = await showScene('audioOnlyAutomatic');
    expect(banners(el)).to.contain('video is paused');
    expect(button(el, 'camera')!.disabled).to.equal(true);
    expect(shadow(el).querySelector('[part="tile"] video')).to.equal(null);
    harness.room.emit({ type: 'connection-quality-changed', quality: 'excellent' });
    await el.updateComplete;
    expect(banners(el)).to.contain('Your connection is better now');
    button(el, 'use-video')!.click();
    await harness.settle();
    await el.updateComplete;
    expect(pressed(el, 'camera')).to.equal('true');
    expect(harness.room.remoteVideoEnabled).to.equal(true);
  });

  it('offers screen sharing only where the browser can share a screen (a phone’s cannot)', async () => {
    const { el } = await showScene('inCall');
    expect(button(el, 'screen-share'), 'a laptop browser shares').to.exist;
    const phone = await visitInScene('inCall');
    phone.room.canShareScreen = false;
    const onPhone = await fixture<AttuneVideoCall>(html`<attune-video-call .actor=${phone.actor}></attune-video-call>`);
    const share = button(onPhone, 'screen-share')!;
    expect(share.hidden && getComputedStyle(share).display, 'a button that could do nothing').to.equal('none');
    expect(button(onPhone, 'microphone')).to.exist;
    await expect(onPhone).to.be.accessible();
  });

  it('shows the encryption indicator and the connection quality in words', async () => {
    const { el } = await showScene('inCall');
    expect(shadow(el).querySelector('[part="encryption"]')!.textContent).to.contain('Encrypted end to end');
    expect(shadow(el).querySelector('[part="quality"]')!.getAttribute('aria-label')).to.equal('Connection: checking');
  });

  it('asks "are you still there?" in an alert when alone in the call for long', async () => {
    const { el, harness } = await showScene('inactivityWarningInCall');
    expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.contain('Are you still there?');
    button(el, 'still-here')!.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="alert"]')).to.equal(null);
    expect(harness.actor.getSnapshot().matches({ session: { connected: { presence: 'active' } } })).to.equal(true);
  });

  it('says it is reconnecting, in a status region', async () => {
    const { el } = await showScene('reconnecting');
    expect(shadow(el).querySelector('[part="banners"]')!.getAttribute('role')).to.equal('status');
    expect(banners(el)).to.contain('Reconnecting');
  });

  it('rejoins after a dropped call with a fresh token', async () => {
    const { el, harness } = await showScene('callDisconnected');
    button(el, 'rejoin')!.click();
    harness.resolve('joinVisit');
    await harness.settle();
    expect(harness.rooms.length).to.equal(2);
    expect(view(el)).to.equal('connecting');
  });

  it('gives the clinician "end visit for everyone", and fires attune-call-ended', async () => {
    const { el, harness } = await showScene('clinicianInCall');
    const ended = oneEvent(el, 'attune-call-ended');
    button(el, 'end-for-everyone')!.click();
    harness.resolve('endVisit');
    const { detail } = await ended;
    expect(detail.by).to.equal('self');
    expect(harness.api.calls.some((call) => call.method === 'end')).to.equal(true);
  });

  it('gives the patient no "end for everyone"', async () => {
    const { el } = await showScene('inCall');
    expect(button(el, 'end-for-everyone')).to.equal(null);
  });

  it('tells the patient the clinician ended the visit', async () => {
    const { el, harness } = await showScene('inCallWithClinician');
    const ended = oneEvent(el, 'attune-call-ended');
    harness.room.emit({ type: 'disconnected', reason: 'room-closed' });
    const { detail } = await ended;
    expect(detail.by).to.equal('clinician');
    await el.updateComplete;
    expect(shadow(el).textContent).to.contain('Your clinician ended the visit.');
  });

  it('keeps the call when the element moves in the DOM', async () => {
    const { el, harness } = await showScene('inCallWithClinician');
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await el.updateComplete;
    expect(view(el)).to.equal('inCall');
    expect(harness.room.connected).to.equal(true);
    expect(shadow(el).querySelector('[part="tile"] video')).to.exist;
    elsewhere.remove();
  });
});
