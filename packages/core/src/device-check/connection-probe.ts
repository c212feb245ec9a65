/** What the connection test found: whether the media server answers, how fast, and over what. */
export interface ConnectionReport {
  reachable: boolean;
  /** Median round trip to the media server, milliseconds. */
  roundTripMs?: number | undefined;
  /** 'udp' when UDP gets out (best for video), 'tcp-only' when only TCP does, 'unknown' when it could not be told. */
  transport: 'udp' | 'tcp-only' | 'unknown';
}

/** Measures the way to the media server. The default is below; `<attune-session>` may hand in one that joins with a probe token. */
export type ConnectionProbe = (signal: AbortSignal) => Promise<ConnectionReport>;

export interface HttpConnectionProbeOptions {
  /** STUN servers to learn whether UDP leaves this network; without them transport is 'unknown'. */
  iceServers?: RTCIceServer[];
  /** Round trips to take the median of. */
  samples?: number;
  fetch?: typeof fetch;
}

const stunTimeoutMs = 3_000;

/**
 * Round trip to the LiveKit server's HTTP validate endpoint, with no token, so the test joins no room
 * and never shows the patient in a queue. `no-cors` because only the timing matters, not the answer.
 */
export function createHttpConnectionProbe(livekitUrl: string, options: HttpConnectionProbeOptions = {}): ConnectionProbe {
  const httpUrl = new URL('/rtc/validate', livekitUrl.replace(/^ws/, 'http'));
  const samples = options.samples ?? 3;
  const request = options.fetch ?? globalThis.fetch.bind(globalThis);
  return async (signal) => {
    const roundTrips: number[] = [];
    try {
      for (let index = 0; index < samples; index += 1) {
        const started = performance.now();
        await request(httpUrl, { mode: 'no-cors', cache: 'no-store', signal });
        roundTrips.push(performance.now() - started);
      }
    } catch {
      if (signal.aborted) throw signal.reason;
      return { reachable: false, transport: 'unknown' };
    }
    roundTrips.sort((a, b) => a - b);
    const transport = options.iceServers?.length ? await udpTransport(options.iceServers) : 'unknown';
    return { reachable: true, roundTripMs: Math.round(roundTrips[Math.floor(roundTrips.length / 2)] ?? 0), transport };
  };
}

/** A server-reflexive UDP candidate means UDP reaches the STUN server, so it will reach the media server too. */
async function udpTransport(iceServers: RTCIceServer[]): Promise<'udp' | 'tcp-only'> {
  const connection = new RTCPeerConnection({ iceServers });
  try {
    connection.createDataChannel('probe');
    const found = new Promise<'udp' | 'tcp-only'>((resolve) => {
      const timer = setTimeout(() => resolve('tcp-only'), stunTimeoutMs);
      connection.addEventListener('icecandidate', ({ candidate }) => {
        if (candidate?.type === 'srflx' && candidate.protocol === 'udp') {
          clearTimeout(timer);
          resolve('udp');
        }
        if (candidate === null) {
          clearTimeout(timer);
          resolve('tcp-only');
        }
      });
    });
    await connection.setLocalDescription(await connection.createOffer());
    return await found;
  } finally {
    connection.close();
  }
}
