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
  /**
   * Per sent stream (its `outbound-rtp` id): packets sent, and lost as the server's receiver reports count them. Counters,
   * not the reports' `fractionLost`, which stays at its last value when the reports stop (a stale 50 % is no measure).
   */
  sent: Map<string, { packetsSent: number; packetsLost: number }>;
  /** The server paused a remote video this participant wants because the link cannot carry it. */
  videoPausedForBandwidth: boolean;
}

/** Reads a sample's counters out of the tracks' statistics reports (a stream in two reports counts once). */
export function readMediaCounters(reports: StatsReportLike[], videoPausedForBandwidth: boolean): MediaFlowSample {
  const received: MediaFlowSample['received'] = new Map();
  const packetsSent = new Map<string, number>();
  const sentLost = new Map<string, number>();
  for (const report of reports) {
    report.forEach((stats) => {
      if (stats['type'] === 'inbound-rtp' && typeof stats['id'] === 'string') {
        received.set(stats['id'], { packetsReceived: numberOr0(stats['packetsReceived']), packetsLost: numberOr0(stats['packetsLost']) });
      }
      if (stats['type'] === 'outbound-rtp' && typeof stats['id'] === 'string') packetsSent.set(stats['id'], numberOr0(stats['packetsSent']));
      if (stats['type'] === 'remote-inbound-rtp' && typeof stats['localId'] === 'string') sentLost.set(stats['localId'], numberOr0(stats['packetsLost']));
    });
  }
  const sent: MediaFlowSample['sent'] = new Map();
  for (const [id, lost] of sentLost) sent.set(id, { packetsSent: packetsSent.get(id) ?? 0, packetsLost: lost });
  return { received, sent, videoPausedForBandwidth };
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

/**
 * Samples after a stall (a second where not one packet came in) whose loss is not counted: when packets
 * resume, the receiver counts the whole gap as lost at once, and the server's next receiver report says
 * the same of what was sent. That loss is the stall's, which the reconnect events speak for, not a link that loses.
 */
const samplesAfterStall = 2;

/** What one second between two samples carried: per stream, packets that got through and packets lost. */
interface Interval {
  streams: Map<string, { gotten: number; lost: number }>;
  sentStreams: Map<string, { gotten: number; lost: number }>;
  stalled: boolean;
  paused: boolean;
  /** Its loss is the stall's (see samplesAfterStall). */
  afterStall: boolean;
}

/** Feeds samples in, one a second; each call returns the verdict over the last `windowSamples` seconds. */
export function createMediaFlowJudge({ windowSamples = 3, lossThreshold = 0.1 }: MediaFlowJudgeOptions = {}): (sample: MediaFlowSample) => MediaFlow {
  let previous: MediaFlowSample | undefined;
  let samplesSinceStall = Infinity;
  const window: Interval[] = [];

  const intervalTo = (sample: MediaFlowSample, before: MediaFlowSample): Interval => {
    const streams: Interval['streams'] = new Map();
    for (const [id, now] of sample.received) {
      const then = before.received.get(id);
      if (then) streams.set(id, { gotten: Math.max(0, now.packetsReceived - then.packetsReceived), lost: Math.max(0, now.packetsLost - then.packetsLost) });
    }
    const sentStreams: Interval['sentStreams'] = new Map();
    for (const [id, now] of sample.sent) {
      const then = before.sent.get(id);
      if (!then) continue;
      const lost = Math.max(0, now.packetsLost - then.packetsLost);
      sentStreams.set(id, { gotten: Math.max(0, now.packetsSent - then.packetsSent - lost), lost });
    }
    const stalled = streams.size > 0 && [...streams.values()].every((stream) => stream.gotten === 0);
    samplesSinceStall = stalled ? 0 : samplesSinceStall + 1;
    return { streams, sentStreams, stalled, paused: sample.videoPausedForBandwidth, afterStall: stalled || samplesSinceStall <= samplesAfterStall };
  };

  return (sample) => {
    if (previous) window.push(intervalTo(sample, previous));
    previous = sample;
    if (window.length > windowSamples) window.shift();
    if (window.length === 0) return 'unknown';
    // Paused through the whole window: the server's congestion control may pause a video for a moment after a blip.
    if (window.length === windowSamples && window.every((interval) => interval.paused)) return 'struggling';

    const compared = window.filter((interval) => interval.streams.size > 0);
    // Not one packet in: the link is cut, not narrow. The reconnect events speak for that; audio would not get through either.
    if (compared.length > 0 && compared.every((interval) => interval.stalled)) return 'silent';

    const counted = window.filter((interval) => !interval.afterStall);
    const worstLoss = (pick: (interval: Interval) => Interval['streams']): number => {
      const perStream = new Map<string, { gotten: number; lost: number }>();
      for (const interval of counted) {
        for (const [id, { gotten, lost }] of pick(interval)) {
          const total = perStream.get(id) ?? { gotten: 0, lost: 0 };
          perStream.set(id, { gotten: total.gotten + gotten, lost: total.lost + lost });
        }
      }
      return Math.max(0, ...[...perStream.values()].map(({ gotten, lost }) => (gotten + lost >= minExpectedPackets ? lost / (gotten + lost) : 0)));
    };

    if (compared.length === 0 && window.every((interval) => interval.sentStreams.size === 0)) return 'unknown';
    return worstLoss((interval) => interval.streams) >= lossThreshold || worstLoss((interval) => interval.sentStreams) >= lossThreshold ? 'struggling' : 'flowing';
  };
}
