/**
 * Whether the media actually get through, judged from this participant's own WebRTC statistics
 * over the last few seconds. It backs LiveKit's connection rating before the call pauses video:
 * the rating of a one-second blip stays "poor" for 10–15 s after the pictures move again (the
 * server forwards only the lowest simulcast layer until it has seen 10 s of packets on the others,
 * and scores the missing layers), while these counters are clean again within 3 s.
 */
import type { StatsReportLike } from './media-link-watch.js';
import type { MediaFlow } from './media-room.js';

/** One sample's counters, from the statistics of every track this participant sends and receives. */
export interface MediaFlowSample {
  /** Per received stream (its `inbound-rtp` id): packets received and lost so far. */
  received: Map<string, { packetsReceived: number; packetsLost: number }>;
  /** The worst loss the server reports for what this participant sends (RTCP receiver reports, 0–1); null when nothing is sent. */
  sentLossFraction: number | null;
  /** The server paused a remote video this participant wants because the link cannot carry it. */
  videoPausedForBandwidth: boolean;
}

/** Reads a sample's counters out of the tracks' statistics reports (a stream in two reports counts once). */
export function readMediaCounters(reports: StatsReportLike[], videoPausedForBandwidth: boolean): MediaFlowSample {
  const received: MediaFlowSample['received'] = new Map();
  let sentLossFraction: number | null = null;
  for (const report of reports) {
    report.forEach((stats) => {
      if (stats['type'] === 'inbound-rtp' && typeof stats['id'] === 'string') {
        received.set(stats['id'], { packetsReceived: numberOr0(stats['packetsReceived']), packetsLost: numberOr0(stats['packetsLost']) });
      }
      if (stats['type'] === 'remote-inbound-rtp' && typeof stats['fractionLost'] === 'number') {
        sentLossFraction = Math.max(sentLossFraction ?? 0, stats['fractionLost']);
      }
    });
  }
  return { received, sentLossFraction, videoPausedForBandwidth };
}

const numberOr0 = (value: unknown): number => (typeof value === 'number' ? value : 0);

export interface MediaFlowJudgeOptions {
  /** How many one-second samples a verdict looks back over. Default 3: a blip's loss is out of it 3 s after. */
  windowSamples?: number;
  /**
   * Loss (0–1) on any one stream that makes the link "struggling". Default 10 %: where LiveKit rates
   * audio poor even with FEC (video it rates poor from 6 %), and far above what a healthy link loses.
   */
  lossThreshold?: number;
}

/** Packets a stream must have expected in the window before its loss counts: a near-silent audio stream (DTX) is no measure. */
const minExpectedPackets = 20;

/** Feeds samples in, one a second; each call returns the verdict over the last `windowSamples`. */
export function createMediaFlowJudge({ windowSamples = 3, lossThreshold = 0.1 }: MediaFlowJudgeOptions = {}): (sample: MediaFlowSample) => MediaFlow {
  const history: MediaFlowSample[] = [];
  return (sample) => {
    history.push(sample);
    if (history.length > windowSamples + 1) history.shift();
    const oldest = history[0]!;
    if (sample.videoPausedForBandwidth) return 'struggling';
    if (history.length < 2) return 'unknown';

    let receivedInWindow = 0;
    let worstReceivedLoss = 0;
    let comparedStreams = 0;
    for (const [id, now] of sample.received) {
      const before = oldest.received.get(id);
      if (!before) continue;
      comparedStreams++;
      const gotten = Math.max(0, now.packetsReceived - before.packetsReceived);
      const lost = Math.max(0, now.packetsLost - before.packetsLost);
      receivedInWindow += gotten;
      if (gotten + lost >= minExpectedPackets) worstReceivedLoss = Math.max(worstReceivedLoss, lost / (gotten + lost));
    }
    const sentLosses = history.slice(1).flatMap((entry) => (entry.sentLossFraction === null ? [] : [entry.sentLossFraction]));
    const sentLoss = sentLosses.length > 0 ? sentLosses.reduce((sum, loss) => sum + loss, 0) / sentLosses.length : null;

    if (comparedStreams === 0 && sentLoss === null) return 'unknown';
    // Not one packet in: the link is cut, not narrow. The reconnect events speak for that; audio would not get through either.
    if (comparedStreams > 0 && receivedInWindow === 0) return 'silent';
    return worstReceivedLoss >= lossThreshold || (sentLoss ?? 0) >= lossThreshold ? 'struggling' : 'flowing';
  };
}
