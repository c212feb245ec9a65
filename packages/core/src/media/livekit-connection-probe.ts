import { Room, Track, type LocalTrackPublication } from 'livekit-client';
import type { ConnectionProbe, ConnectionReport } from '../device-check/connection-probe.js';
import type { ConnectionTestJoin } from '../ports.js';

export interface LivekitConnectionProbeOptions {
  /** How long to wait for media to flow before calling the server unreachable. */
  timeoutMs?: number;
}

const defaultTimeoutMs = 15_000;
const statsIntervalMs = 200;

/**
 * The connection test against the practice's own LiveKit server: joins a throwaway, hidden probe
 * room (`getProbeToken`, e.g. `VisitApi.connectionTest`), publishes a short silent audio track and
 * reads from WebRTC's stats which candidate pair carries it. ICE prefers UDP, so a TCP pair means
 * UDP did not get through. livekit-client's own `ConnectionProtocolCheck` is not used: it forces
 * each protocol in turn and sends 720p video for seconds, where this needs one audio packet.
 */
export function createLivekitConnectionProbe(
  getProbeToken: () => Promise<ConnectionTestJoin>,
  options: LivekitConnectionProbeOptions = {},
): ConnectionProbe {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return async (signal) => {
    const { livekitUrl, token } = await getProbeToken();
    signal.throwIfAborted();
    const room = new Room({ adaptiveStream: false, dynacast: false });
    const tone = silentAudioTrack();
    const stop = () => void room.disconnect();
    signal.addEventListener('abort', stop, { once: true });
    try {
      const deadline = Date.now() + timeoutMs;
      try {
        await withDeadline(room.connect(livekitUrl, token, { autoSubscribe: false }), deadline);
        const publication = await withDeadline(
          room.localParticipant.publishTrack(tone.track, { source: Track.Source.Microphone, name: 'connection-test', dtx: false, red: false }),
          deadline,
        );
        return await selectedPath(publication, deadline, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof ProbeTimeout || room.state !== 'connected') return { reachable: false, transport: 'unknown' };
        throw error;
      }
    } finally {
      signal.removeEventListener('abort', stop);
      await room.disconnect();
      tone.close();
    }
  };
}

class ProbeTimeout extends Error {}

function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ProbeTimeout()), Math.max(0, deadline - Date.now()));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Silence from an oscillator through a zero gain: media without asking for the microphone again. */
function silentAudioTrack(): { track: MediaStreamTrack; close(): void } {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  gain.gain.value = 0;
  const destination = context.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  const track = destination.stream.getAudioTracks()[0]!;
  return {
    track,
    close() {
      track.stop();
      oscillator.stop();
      void context.close();
    },
  };
}

type StatsEntry = Record<string, unknown> & { type: string; id: string };

/** Waits until a nominated candidate pair has carried bytes, then reports its protocol and round trip. */
async function selectedPath(publication: LocalTrackPublication, deadline: number, signal: AbortSignal): Promise<ConnectionReport> {
  for (;;) {
    signal.throwIfAborted();
    const report = await publication.track?.getRTCStatsReport();
    const path = report ? pathFrom(report) : undefined;
    if (path) return path;
    if (Date.now() > deadline) throw new ProbeTimeout();
    await new Promise((resolve) => setTimeout(resolve, statsIntervalMs));
  }
}

function pathFrom(report: RTCStatsReport): ConnectionReport | undefined {
  const stats = new Map<string, StatsEntry>();
  report.forEach((entry: StatsEntry) => stats.set(entry.id, entry));
  const transport = [...stats.values()].find((entry) => entry.type === 'transport');
  const selectedId = transport?.selectedCandidatePairId;
  const pair = [...stats.values()].find(
    (entry) =>
      entry.type === 'candidate-pair' &&
      (entry.id === selectedId || (selectedId === undefined && entry.nominated === true)) &&
      entry.state === 'succeeded' &&
      Number(entry.bytesSent) > 0,
  );
  if (!pair) return undefined;
  const local = stats.get(String(pair.localCandidateId));
  if (!local) return undefined;
  // A relayed candidate reaches the TURN server over `relayProtocol`; that leg is the one a firewall decides.
  const protocol = local.candidateType === 'relay' ? local.relayProtocol : local.protocol;
  const roundTrip = typeof pair.currentRoundTripTime === 'number' ? Math.max(1, Math.round(pair.currentRoundTripTime * 1000)) : undefined;
  return { reachable: true, roundTripMs: roundTrip, transport: protocol === 'udp' ? 'udp' : 'tcp-only' };
}
