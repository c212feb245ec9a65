import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMediaFlowJudge, readMediaCounters, type MediaFlowSample } from './media-flow.js';
import type { StatsReportLike } from './media-link-watch.js';

const report = (...entries: Record<string, unknown>[]): StatsReportLike => ({ forEach: (callback) => entries.forEach(callback) });

/** One second of a call: 50 audio and 100 video packets a second come in, `lost` of each go missing. */
function second(at: number, { lost = 0, sentLoss = 0, paused = false, received = true } = {}): MediaFlowSample {
  const got = received ? at : 0;
  return readMediaCounters(
    [
      report({ type: 'inbound-rtp', id: 'audio-in', kind: 'audio', packetsReceived: got * 50, packetsLost: at * lost * 50 }),
      report({ type: 'inbound-rtp', id: 'video-in', kind: 'video', packetsReceived: got * 100, packetsLost: 0 }),
      report({ type: 'remote-inbound-rtp', id: 'video-out-f', kind: 'video', fractionLost: sentLoss }, { type: 'remote-inbound-rtp', id: 'video-out-q', fractionLost: 0 }),
    ],
    paused,
  );
}

describe('media flow', () => {
  it('reads received counters per stream and the worst loss the server reports for what is sent', () => {
    const sample = readMediaCounters(
      [
        report({ type: 'inbound-rtp', id: 'a', packetsReceived: 10, packetsLost: 2 }, { type: 'remote-inbound-rtp', fractionLost: 0.05 }),
        report({ type: 'inbound-rtp', id: 'a', packetsReceived: 10, packetsLost: 2 }, { type: 'remote-inbound-rtp', fractionLost: 0.2 }, { type: 'candidate-pair' }),
      ],
      false,
    );
    assert.deepEqual([...sample.received], [['a', { packetsReceived: 10, packetsLost: 2 }]]);
    assert.equal(sample.sentLossFraction, 0.2);
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
    assert.equal(judge(second(2, { sentLoss: 0.35 })), 'struggling');
  });

  it('is flowing again within the window after a blip: the loss leaves the last 3 s', () => {
    const judge = createMediaFlowJudge();
    const verdicts = [1, 2, 3, 4, 5, 6, 7, 8].map((at) => judge(second(at, { sentLoss: at === 3 ? 0.6 : 0 })));
    assert.deepEqual(verdicts, ['unknown', 'flowing', 'struggling', 'struggling', 'struggling', 'flowing', 'flowing', 'flowing']);
  });

  it('calls a link where not one packet comes in silent, not struggling: audio would not get through either', () => {
    const judge = createMediaFlowJudge();
    judge(second(1));
    judge(second(2));
    const cut = { ...second(3), received: second(2).received };
    judge(cut);
    judge({ ...cut, sentLossFraction: 0 });
    assert.equal(judge({ ...cut, sentLossFraction: 0 }), 'silent');
  });

  it("does not count a stall's gap as loss: packets resuming after a cut are counted lost at once, and so is what was sent", () => {
    const judge = createMediaFlowJudge();
    judge(second(1));
    judge(second(2));
    const frozen = second(2);
    // 10 s without a packet, then everything resumes: 10 s of audio counted lost in one go, and a receiver report to match.
    const verdicts = [judge(frozen), judge(frozen), judge(frozen), judge(second(13, { lost: 10 / 13, sentLoss: 0.9 }))];
    verdicts.push(judge(second(14)), judge(second(15)), judge(second(16)));
    assert.deepEqual(verdicts, ['flowing', 'flowing', 'silent', 'flowing', 'flowing', 'flowing', 'flowing']);
  });

  it('calls a remote video the server paused for bandwidth struggling at once', () => {
    const judge = createMediaFlowJudge();
    assert.equal(judge(second(1, { paused: true })), 'struggling');
  });

  it('does not judge the loss of a stream with too few packets to measure (audio in silence)', () => {
    const judge = createMediaFlowJudge();
    const quiet = (at: number, lost: number) =>
      readMediaCounters([report({ type: 'inbound-rtp', id: 'audio-in', packetsReceived: at * 3, packetsLost: lost })], false);
    judge(quiet(1, 0));
    assert.equal(judge(quiet(2, 2)), 'flowing', '2 of 5 packets is no measure');
  });
});
