import assert from 'node:assert/strict';
import { beforeEach, afterEach, describe, it, mock } from 'node:test';
import { combinedHealth, createMediaLinkWatch, transportHealth, type LinkReport, type MediaLinkWatch } from './media-link-watch.js';

describe('media link watch', () => {
  let reports: LinkReport[];
  let watch: MediaLinkWatch;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    reports = [];
    watch = createMediaLinkWatch({ report: (event) => reports.push(event), lostForMs: 1_500 });
    watch.transport('up');
  });
  afterEach(() => {
    watch.stop();
    mock.timers.reset();
  });

  it('says reconnecting once the transport has stayed lost, long before livekit-client would', () => {
    watch.transport('lost');
    mock.timers.tick(1_499);
    assert.deepEqual(reports, []);
    watch.transport('lost');
    mock.timers.tick(1);
    assert.deepEqual(reports, ['reconnecting']);
    watch.transport('lost');
    mock.timers.tick(10_000);
    assert.deepEqual(reports, ['reconnecting'], 'a lost link is reported once, however many samples say so');
  });

  it('says nothing for a transport that comes back within the debounce (a blip)', () => {
    watch.transport('lost');
    mock.timers.tick(1_000);
    watch.transport('up');
    mock.timers.tick(10_000);
    assert.deepEqual(reports, []);
  });

  it('says reconnected when the transport comes back by itself, without livekit-client reconnecting', () => {
    watch.transport('lost');
    mock.timers.tick(1_500);
    watch.transport('up');
    assert.deepEqual(reports, ['reconnecting', 'reconnected']);
  });

  it('reports one reconnect when livekit-client\'s own Reconnecting and Reconnected follow the lost transport', () => {
    watch.transport('lost');
    mock.timers.tick(1_500);
    watch.livekitReconnecting(false);
    watch.transport('up');
    assert.deepEqual(reports, ['reconnecting'], 'media back, but livekit-client may still rebuild the peer connections');
    watch.livekitReconnected();
    assert.deepEqual(reports, ['reconnecting', 'reconnected']);
  });

  it('ignores the signal resume that comes after the media is already back (the ping timeout just after a cut)', () => {
    watch.transport('lost');
    mock.timers.tick(1_500);
    watch.transport('up');
    watch.livekitReconnecting(true);
    watch.transport('up');
    watch.livekitReconnected();
    assert.deepEqual(reports, ['reconnecting', 'reconnected']);
  });

  it('reports livekit-client\'s full reconnect even while the media looked fine: it rebuilds the peer connections', () => {
    watch.livekitReconnecting(false);
    assert.deepEqual(reports, ['reconnecting']);
    watch.transport('lost');
    mock.timers.tick(5_000);
    watch.livekitReconnected();
    assert.deepEqual(reports, ['reconnecting', 'reconnected']);
  });

  it('reports a signal reconnect when nothing says the media is flowing (the waiting room has no tracks)', () => {
    watch.transport('unknown');
    watch.livekitReconnecting(true);
    watch.livekitReconnected();
    assert.deepEqual(reports, ['reconnecting', 'reconnected']);
  });

  it('cancels a pending report when livekit-client says it reconnected, and starts afresh on the next lost sample', () => {
    watch.transport('lost');
    watch.livekitReconnected();
    mock.timers.tick(5_000);
    assert.deepEqual(reports, []);
    watch.transport('lost');
    mock.timers.tick(1_500);
    assert.deepEqual(reports, ['reconnecting']);
  });

  it('says nothing once stopped (the room is gone)', () => {
    watch.transport('lost');
    watch.stop();
    mock.timers.tick(5_000);
    watch.livekitReconnecting(false);
    assert.deepEqual(reports, []);
  });
});

function report(...stats: Record<string, unknown>[]) {
  return new Map(stats.map((entry, index) => [String(entry['id'] ?? index), entry]));
}

describe('transport health from WebRTC statistics', () => {
  it('reads the browser\'s ICE state where it reports one', () => {
    assert.equal(transportHealth(report({ id: 'T01', type: 'transport', iceState: 'connected' })), 'up');
    assert.equal(transportHealth(report({ id: 'T01', type: 'transport', iceState: 'disconnected' })), 'lost');
    assert.equal(transportHealth(report({ id: 'T01', type: 'transport', iceState: 'failed' })), 'lost');
    assert.equal(transportHealth(report({ id: 'T01', type: 'transport', iceState: 'checking' })), 'unknown');
  });

  it('does not wait for the ICE state when the selected candidate pair has gone silent', () => {
    const silent = { id: 'CP1', type: 'candidate-pair', timestamp: 100_000, lastPacketReceivedTimestamp: 95_000 };
    assert.equal(transportHealth(report({ id: 'T01', type: 'transport', iceState: 'connected', selectedCandidatePairId: 'CP1' }, silent)), 'lost');
  });

  it('falls back to how long the selected candidate pair has gone without a packet', () => {
    const pair = (silentMs: number) => ({ id: 'CP1', type: 'candidate-pair', nominated: true, timestamp: 100_000, lastPacketReceivedTimestamp: 100_000 - silentMs });
    assert.equal(transportHealth(report({ id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' }, pair(200))), 'up');
    assert.equal(transportHealth(report({ id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' }, pair(4_500))), 'lost');
    assert.equal(transportHealth(report(pair(4_500))), 'lost', 'a browser without transport statistics still has the pair');
  });

  it('does not guess without statistics to go on', () => {
    assert.equal(transportHealth(report()), 'unknown');
    assert.equal(transportHealth(report({ id: 'IT01', type: 'inbound-rtp', kind: 'video' })), 'unknown');
  });

  it('combines publisher and subscriber: lost if either is, up only with nothing lost', () => {
    assert.equal(combinedHealth(['up', 'lost']), 'lost');
    assert.equal(combinedHealth(['up', 'unknown']), 'up');
    assert.equal(combinedHealth(['unknown', 'unknown']), 'unknown');
  });
});
