import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMediaFlowJudge, readMediaCounters, type MediaFlowSample } from './media-flow.js';
import type { StatsReportLike } from './media-link-watch.js';

const report = (...entries: Record<string, unknown>[]): StatsReportLike => ({ forEach: (callback) => entries.forEach(callback) });

/**
 * The counters `at` seconds into a call: 50 audio and 100 video packets a second come in, a `lost` share of the audio
 * going missing, and 100 video packets a second go out, of which the server has counted `sentLost` lost so far.
 */
function second(at: number, { lost = 0, sentLost = 0, paused = false } = {}): MediaFlowSample {
  return readMediaCounters(
    [
      report({ type: 'inbound-rtp', id: 'audio-in', kind: 'audio', packetsReceived: at * 50, packetsLost: at * lost * 50 }),
      report({ type: 'inbound-rtp', id: 'video-in', kind: 'video', packetsReceived: at * 100, packetsLost: 0 }),
      report(
        { type: 'outbound-rtp', id: 'video-out-f', packetsSent: at * 100 },
        { type: 'remote-inbound-rtp', id: 'r-f', localId: 'video-out-f', packetsLost: sentLost, fractionLost: 0 },
      ),
    ],
    paused,
  );
}

describe('media flow', () => {
  it('reads received and sent counters per stream (a stream in two reports counts once)', () => {
    const sample = readMediaCounters(
      [
        report({ type: 'inbound-rtp', id: 'a', packetsReceived: 10, packetsLost: 2 }, { type: 'outbound-rtp', id: 'o', packetsSent: 40 }),
        report({ type: 'inbound-rtp', id: 'a', packetsReceived: 10, packetsLost: 2 }, { type: 'remote-inbound-rtp', localId: 'o', packetsLost: 3, fractionLost: 0.5 }, { type: 'candidate-pair' }),
      ],
      false,
    );
    assert.deepEqual([...sample.received], [['a', { packetsReceived: 10, packetsLost: 2 }]]);
    assert.deepEqual([...sample.sent], [['o', { packetsSent: 40, packetsLost: 3 }]]);
  });

  it('is unknown until there are two samples to compare, or nothing to judge by', () => {
    const judge = createMediaFlowJudge();
    assert.equal(judge(second(1)), 'unknown');
    assert.equal(judge(second(2)), 'flowing');
    const empty = createMediaFlowJudge();
    const nothing = readMediaCounters([report({ type: 'candidate-pair' })], false);
    empty(nothing);
    assert.equal(empty(nothing), 'unknown');
  });

  it('calls heavy loss on one stream struggling, though the busier video stream hides it in a total', () => {
    const judge = createMediaFlowJudge();
    judge(second(1));
    // 30 % of the audio lost: 15 of 150 packets a second overall, 10 %; the audio stream alone is at 30 %.
    assert.equal(judge(second(2, { lost: 0.3 })), 'struggling');
    assert.equal(judge(second(3, { lost: 0.3 })), 'struggling');
  });

  it('calls heavy loss on what this participant sends struggling (the server tells it)', () => {
    const judge = createMediaFlowJudge();
    judge(second(1));
    assert.equal(judge(second(2, { sentLost: 35 })), 'struggling');
  });

  it('is flowing again within the window after a blip: the loss leaves the last 3 s', () => {
    const judge = createMediaFlowJudge();
    const verdicts = [1, 2, 3, 4, 5, 6, 7, 8].map((at) => judge(second(at, { sentLost: at >= 3 ? 60 : 0 })));
    assert.deepEqual(verdicts, ['unknown', 'flowing', 'struggling', 'struggling', 'struggling', 'flowing', 'flowing', 'flowing']);
  });

  it('calls a link where not one packet comes in silent, not struggling: audio would not get through either', () => {
    const judge = createMediaFlowJudge();
    judge(second(1));
    judge(second(2));
    const cut = second(2);
    judge(cut);
    judge(cut);
    assert.equal(judge(cut), 'silent');
  });

  it("does not count a stall's gap as loss: packets resuming after a cut are counted lost at once, and so is what was sent", () => {
    const judge = createMediaFlowJudge();
    judge(second(1));
    judge(second(2));
    const frozen = second(2);
    // 10 s without a packet, then everything resumes: 10 s of audio counted lost in one go, and a receiver report to match.
    const verdicts = [judge(frozen), judge(frozen), judge(frozen), judge(second(13, { lost: 10 / 13, sentLost: 1000 }))];
    verdicts.push(judge(second(14)), judge(second(15)), judge(second(16)));
    assert.deepEqual(verdicts, ['flowing', 'flowing', 'silent', 'flowing', 'flowing', 'flowing', 'flowing']);
  });

  it('calls a remote video the server keeps paused for bandwidth struggling, but not a pause of a moment', () => {
    const judge = createMediaFlowJudge();
    const verdicts = [1, 2, 3, 4, 5].map((at) => judge(second(at, { paused: at >= 2 })));
    assert.deepEqual(verdicts, ['unknown', 'flowing', 'flowing', 'struggling', 'struggling'], 'paused for the last 3 s');
  });

  it('takes no loss from a receiver report that stopped coming: its counters stand still', () => {
    const judge = createMediaFlowJudge();
    judge(second(1, { sentLost: 80 }));
    const verdicts = [2, 3, 4, 5].map((at) => judge(second(at, { sentLost: 80 })));
    assert.deepEqual(verdicts, ['flowing', 'flowing', 'flowing', 'flowing']);
  });

  it('does not judge the loss of a stream with too few packets to measure (audio in silence)', () => {
    const judge = createMediaFlowJudge();
    const quiet = (at: number, lost: number) =>
      readMediaCounters([report({ type: 'inbound-rtp', id: 'audio-in', packetsReceived: at * 3, packetsLost: lost })], false);
    judge(quiet(1, 0));
    assert.equal(judge(quiet(2, 2)), 'flowing', '2 of 5 packets is no measure');
  });
});
