// The same faults as reliability.e2e.test.ts, met by Attune itself: patient and clinician each run
// `<attune-session>` (the visit machine, the waiting room and the call, with livekit-client under
// them) against the reference server and a livekit-server in its own network namespace. What the
// test reads is what a person sees: the session's screen, the call's banners and the frames the
// remote video element shows, all from the shadow DOM. "Reconnecting…" must show while the link is
// still cut (livekit-client alone says so ~15 s in, after the link is back), once per cut, and a 1 s
// blackout must show no banner at all, nor pause video, though LiveKit rates the link "poor" for 10–15 s
// after it (nor may the cut, nor the rebuild below: each leaves such a rating over media that flow again). Then livekit-client rebuilds both connections
// at once (its full reconnect, through its own Room.simulateScenario): the pictures must come back
// without user action and without the audio-only detour.
//
// Level: the real elements (<attune-session> → <attune-waiting-room> / <attune-video-call>).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { startBlackout } from './support/netns-blackout.js';
import { remoteFrames, screenAndView, seconds, sessionCallsOnNetnsLivekit, story, waitForRemoteVideo, waitForView } from './support/session-call.js';
import { waitFor } from './support/wait.js';

const cutSeconds = 10;
const blipSeconds = 1;
/**
 * How long after a blip the call is watched for a needless audio-only detour. LiveKit's rating of a 1 s blip stays
 * "poor" for 10–15 s after the pictures move again (it forwards only the low simulcast layer until it has seen 10 s
 * of packets on the others, and scores the missing layers); past the 5 s grace, only the media's own evidence keeps video.
 */
const blipWatchSeconds = 25;

/** The automatic audio-only banner: a blip or a rebuilt connection must not pause video. */
const audioOnlyBanner = /video is paused/;

// The session fixture page, plus a handle on its livekit-client rooms so a test can make livekit-client
// rebuild them the way it does after a failed resume: its own fault injection, Room.simulateScenario('full-reconnect')
// (new signal and peer connections, tracks unpublished and published again), against the real server.
// Room.connect is an instance field (an arrow function), so the handle is taken where every room passes: its
// first event. rebuildConnection answers how many rooms it rebuilt, so a lost handle fails instead of passing.
const pageWithRoomHandle = `
import { Room } from 'livekit-client';
import './e2e/fixtures/reliability-session/page.ts';

const rooms = new Set<Room>();
const emit = Room.prototype.emit;
Room.prototype.emit = function (this: Room, ...args: Parameters<Room['emit']>) {
  rooms.add(this);
  return emit.apply(this, args);
};
(window as unknown as { rebuildConnection(): Promise<number> }).rebuildConnection = async () => {
  const connected = [...rooms].filter((room) => room.state === 'connected');
  await Promise.all(connected.map((room) => room.simulateScenario('full-reconnect')));
  return connected.length;
};
`;

describe('<attune-session> on a link that fails (livekit-server in a network namespace)', () => {
  const calls = sessionCallsOnNetnsLivekit({ name: 'reliability-session-rebuild', source: pageWithRoomHandle, title: 'Attune session with a handle on its rooms' });

  it(`shows nothing for a ${blipSeconds} s blip; shows reconnecting while LiveKit's link is cut for ${cutSeconds} s, then video again without user action, and again after livekit-client rebuilds both connections`, async (t: TestContext) => {
    const { patient, clinician } = await calls.startCall('demo-visit-1', 'patient-1');
    const sides = [patient, clinician];

    // A blip (every packet dropped for a moment, the link itself untouched): the pictures stall and
    // go on, and a banner would only be noise.
    const blipAt = Date.now();
    const liftBlackout = startBlackout(calls.livekit.namespace);
    try {
      await new Promise((resolve) => setTimeout(resolve, blipSeconds * 1000));
    } finally {
      liftBlackout();
    }
    for (const side of sides) await waitForRemoteVideo(side, blipAt, 30);
    // Long enough for the link watch to have spoken had it taken the blip for a lost link, and for LiveKit's rating of it to have come back.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, blipAt + blipWatchSeconds * 1000 - Date.now())));
    for (const side of sides) {
      const seen = await story(side, blipAt);
      t.diagnostic(`${side.name} after the blip: ${seen || 'nothing'}`);
      const banners = await side.page.evaluate(() => window.sessionProbe.bannerHistory());
      assert.ok(!banners.some((entry) => entry.at >= blipAt && /^(Reconnecting|Connected again)/.test(entry.text)), `the ${side.name} saw a banner for a ${blipSeconds} s blip: ${seen}`);
      assert.ok(!banners.some((entry) => entry.at >= blipAt && audioOnlyBanner.test(entry.text)), `a ${blipSeconds} s blip paused the ${side.name}'s video: ${seen}`);
    }
    // Still moving once the blip is well past: a camera paused by the blip's "poor" report would have frozen it.
    for (const side of sides) await waitForRemoteVideo(side, blipAt, 15);


    const cutAt = Date.now();
    calls.livekit.cutLink();
    let restoredAt: number;
    try {
      // The cut must reach the media, or "it came back" would prove nothing: the remote pictures freeze.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const framesEarlyInCut = await Promise.all(sides.map((side) => remoteFrames(side)()));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + cutSeconds * 1000 - 500 - Date.now())));
      const framesLateInCut = await Promise.all(sides.map((side) => remoteFrames(side)()));
      sides.forEach((side, index) => {
        // Frozen, not gone: nothing gets through a cut link, so it is no reason for audio only either.
        assert.notEqual(framesLateInCut[index], null, `the ${side.name}'s call stopped showing the other person during the cut`);
        assert.equal(framesLateInCut[index], framesEarlyInCut[index], `the ${side.name} kept receiving video through a cut link`);
      });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + cutSeconds * 1000 - Date.now())));
    } finally {
      calls.livekit.restoreLink();
      restoredAt = Date.now();
    }
    t.diagnostic(`link down for ${seconds(restoredAt, cutAt)}`);

    // From here on the test only watches: no click, no reload.
    for (const side of sides) {
      const banners = await waitFor(
        `the ${side.name}'s call to show "Reconnecting…", then "Connected again."`,
        () => side.page.evaluate(() => window.sessionProbe.bannerHistory()),
        (history) => {
          const since = history.filter((entry) => entry.at >= cutAt);
          const reconnecting = since.findIndex((entry) => entry.text.startsWith('Reconnecting'));
          return reconnecting >= 0 && since.slice(reconnecting).some((entry) => entry.text === 'Connected again.');
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      await waitForRemoteVideo(side, cutAt, 30);
      const seen = await story(side, cutAt);
      t.diagnostic(`${side.name} (seconds after the cut): ${seen}`);
      // The frozen pictures are explained while they are frozen, not once the link is already back.
      const reconnecting = banners.filter((entry) => entry.at >= cutAt && entry.text.startsWith('Reconnecting'));
      assert.ok(reconnecting[0]!.at < restoredAt, `the ${side.name} saw "Reconnecting…" only after the link was back: ${seen}`);
      // One cut, one "Reconnecting…" until the call is back. livekit-client may reconnect again by itself well after
      // (a peer connection that fails ~15 s after its signal resumed); that is a new, truthful banner, not a repeat.
      const backAt = banners.find((entry) => entry.at >= reconnecting[0]!.at && entry.text === 'Connected again.')!.at;
      const reconnectingInCut = reconnecting.filter((entry) => entry.at < backAt);
      assert.equal(reconnectingInCut.length, 1, `the ${side.name} was told "Reconnecting…" more than once for one cut: ${seen}`);
      const views = await side.page.evaluate(() => window.sessionProbe.viewHistory());
      assert.ok(!views.some((entry) => entry.at >= cutAt && entry.view !== 'call:inCall'), `the ${side.name}'s call left the call view: ${seen}`);
      // Nothing got through the cut and everything did after it: no moment where audio only would have helped.
      const bannersSinceCut = await side.page.evaluate(() => window.sessionProbe.bannerHistory());
      assert.ok(!bannersSinceCut.some((entry) => entry.at >= cutAt && audioOnlyBanner.test(entry.text)), `the cut alone paused the ${side.name}'s video: ${seen}`);
      assert.equal(await screenAndView(side), 'call:inCall');
    }

    // Then livekit-client rebuilds both connections at once (its full reconnect: new peer connections, tracks
    // published and subscribed anew). It can leave a rebuilt track subscribed but never announced, so never
    // decrypted: packets arrive and no frame decodes. The picture must come back with no audio-only detour.
    await Promise.all(sides.map((side) => waitForRemoteVideo(side, cutAt, 15)));
    const rebuiltAt = Date.now();
    const rebuilt = await Promise.all(sides.map((side) => side.page.evaluate(() => (window as unknown as { rebuildConnection(): Promise<number> }).rebuildConnection())));
    assert.deepEqual(rebuilt, [1, 1], 'each side rebuilds its one room');
    for (const side of sides) {
      await waitForRemoteVideo(side, rebuiltAt, 30);
      const seen = await story(side, rebuiltAt);
      t.diagnostic(`${side.name} (seconds after both connections were rebuilt): ${seen}`);
      const banners = await side.page.evaluate(() => window.sessionProbe.bannerHistory());
      assert.ok(!banners.some((entry) => entry.at >= rebuiltAt && audioOnlyBanner.test(entry.text)), `the ${side.name}'s video came back only through audio only: ${seen}`);
      assert.equal(await side.page.evaluate(() => window.sessionProbe.remoteVideoTiles()), 1, `the ${side.name} must see the other person once`);
      assert.equal(await screenAndView(side), 'call:inCall');
    }

    // A rebuilt camera is rated "poor" again while LiveKit waits out its simulcast layers, as after the blip: watched as long.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, rebuiltAt + blipWatchSeconds * 1000 - Date.now())));
    for (const side of sides) {
      const seen = await story(side, blipAt);
      const banners = await side.page.evaluate(() => window.sessionProbe.bannerHistory());
      assert.ok(!banners.some((entry) => entry.at >= blipAt && audioOnlyBanner.test(entry.text)), `the ${side.name}'s video was paused by a blip, a cut or a rebuild: ${seen}`);
      await waitForRemoteVideo(side, rebuiltAt, 15);
    }

    await Promise.all(sides.map((side) => side.context.close()));
  });

  it('takes a patient who reloads the page mid-call back into the same visit without a second admission', async () => {
    const { patient, clinician } = await calls.startCall('demo-visit-2', 'patient-2');

    const reloadedAt = Date.now();
    await patient.page.reload();
    await waitForView(patient, 'waiting-room:ready');
    // Back on the page, the patient says they are here, as on arrival; nobody admits them again.
    await patient.page.getByRole('button', { name: 'Let my clinician know I am here' }).click();
    await waitForView(patient, 'call:inCall');

    await waitForRemoteVideo(patient, reloadedAt, 30);
    await waitForRemoteVideo(clinician, reloadedAt, 30);
    const tiles = await clinician.page.evaluate(() => window.sessionProbe.remoteVideoTiles());
    assert.equal(tiles, 1, 'the clinician must see the patient once, not a stale participant next to the new one');

    await Promise.all([patient.context.close(), clinician.context.close()]);
  });
});
