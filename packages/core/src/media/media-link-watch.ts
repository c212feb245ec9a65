/**
 * When the call says "reconnecting" and "reconnected", from two sources:
 *
 * - the media transport as the browser sees it (its ICE state, or how long since a packet came in),
 *   sampled from WebRTC statistics every second or so: it knows within a few seconds that the
 *   pictures froze;
 * - livekit-client's own reconnect events, which come only once a peer connection has failed or its
 *   15 s signal ping has timed out (livekit/client-sdk-js#1450): on a cut network that is ~15 s of
 *   frozen video with "connected" showing.
 *
 * One reconnect is reported once, whichever source saw it first and however the other follows.
 */

export type TransportHealth = 'up' | 'lost' | 'unknown';

export type LinkReport = 'reconnecting' | 'reconnected';

export interface MediaLinkWatchOptions {
  report: (event: LinkReport) => void;
  /**
   * How long the transport must stay lost before the call says so. A transport is only called lost
   * after 4 s without a packet (or ICE `disconnected`), so a 1 s blip never gets here; this covers
   * the next moments, where ICE often comes back by itself (a 3 s cut, a Wi-Fi roam):
   * a banner that says "Reconnecting…" and "Connected again." within a second or two is noise, and
   * a screen reader announces both. Past it, frozen pictures get their explanation.
   */
  lostForMs?: number;
}

export interface MediaLinkWatch {
  /** The latest verdict on the media transport ("unknown" when nothing could be sampled). */
  transport(health: TransportHealth): void;
  /**
   * livekit-client started reconnecting. `signalOnly` is its SignalReconnecting: only the signal
   * connection is being resumed, which a person does not notice while the media still flows.
   */
  livekitReconnecting(signalOnly: boolean): void;
  livekitReconnected(): void;
  /** The room is gone: nothing more is reported. */
  stop(): void;
}

const defaultLostForMs = 1_500;

export function createMediaLinkWatch({ report, lostForMs = defaultLostForMs }: MediaLinkWatchOptions): MediaLinkWatch {
  let health: TransportHealth = 'unknown';
  let livekitReconnecting = false;
  /** "reconnecting" went out and "reconnected" has not yet. */
  let reported = false;
  let lostTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const cancelLostTimer = (): void => {
    if (lostTimer !== undefined) clearTimeout(lostTimer);
    lostTimer = undefined;
  };
  const reportReconnecting = (): void => {
    cancelLostTimer();
    if (reported) return;
    reported = true;
    report('reconnecting');
  };
  const reportReconnected = (): void => {
    if (!reported) return;
    reported = false;
    report('reconnected');
  };

  return {
    transport(next) {
      if (stopped) return;
      const previous = health;
      health = next;
      if (next === 'lost') {
        if (previous !== 'lost' && !reported) lostTimer = setTimeout(reportReconnecting, lostForMs);
        return;
      }
      cancelLostTimer();
      // Media is back, but while livekit-client is still reconnecting it may yet rebuild the peer
      // connections; "reconnected" waits for it.
      if (next === 'up' && !livekitReconnecting) reportReconnected();
    },

    livekitReconnecting(signalOnly) {
      if (stopped) return;
      livekitReconnecting = true;
      // Media still flowing: the signal resume that follows a cut (the ping timeout fires just after
      // the link is back) is not a second interruption for the people in the call.
      if (signalOnly && health === 'up') return;
      reportReconnecting();
    },

    livekitReconnected() {
      if (stopped) return;
      livekitReconnecting = false;
      // livekit-client waits for the peer connections before it says so; a stale "lost" sample
      // must not hold the banner, and the next sample starts afresh.
      health = 'unknown';
      cancelLostTimer();
      reportReconnected();
    },

    stop() {
      stopped = true;
      cancelLostTimer();
    },
  };
}

/** The part of a WebRTC statistics report the verdict reads (an `RTCStatsReport` is one). */
export interface StatsReportLike {
  forEach(callback: (stats: Record<string, unknown>) => void): void;
}

const silenceMeansLostMs = 4_000;

/**
 * What one sender's or receiver's statistics say about its transport: lost when the browser's ICE
 * state says so (Chromium reports it, but only after ~5 s of unanswered checks), or sooner when the
 * selected candidate pair has gone 4 s without a packet. Even a call where everyone is muted gets
 * ICE keep-alives from both ends every 2–2.5 s, so 4 s of silence is a lost link, not a quiet one.
 */
export function transportHealth(report: StatsReportLike): TransportHealth {
  const transports: Record<string, unknown>[] = [];
  const pairs = new Map<string, Record<string, unknown>>();
  report.forEach((stats) => {
    if (stats['type'] === 'transport') transports.push(stats);
    if (stats['type'] === 'candidate-pair' && typeof stats['id'] === 'string') pairs.set(stats['id'], stats);
  });

  const iceStates = transports.map((transport) => transport['iceState']).filter((state): state is string => typeof state === 'string');
  if (iceStates.some((state) => state === 'disconnected' || state === 'failed' || state === 'closed')) return 'lost';

  const selected = [
    ...transports.map((transport) => pairs.get(String(transport['selectedCandidatePairId']))),
    ...[...pairs.values()].filter((pair) => pair['selected'] === true || pair['nominated'] === true),
  ].find((pair) => pair !== undefined);
  const lastPacket = selected?.['lastPacketReceivedTimestamp'];
  const sampledAt = selected?.['timestamp'];
  if (typeof lastPacket === 'number' && typeof sampledAt === 'number') return sampledAt - lastPacket > silenceMeansLostMs ? 'lost' : 'up';

  return iceStates.some((state) => state === 'connected' || state === 'completed') ? 'up' : 'unknown';
}

/** One verdict for several transports (publisher and subscriber): lost if any is, up if one is and none is lost. */
export function combinedHealth(verdicts: TransportHealth[]): TransportHealth {
  if (verdicts.includes('lost')) return 'lost';
  return verdicts.includes('up') ? 'up' : 'unknown';
}
