export const livekitVersion: string;
export class MissingLivekit extends Error {}
export function livekitBinDir(): string;
export function ensureLivekit(): Promise<string>;

export interface LivekitOptions {
  /** Where LiveKit posts its webhooks (signed with `apiKey`). */
  webhookUrl?: string | string[];
  /** `redis://host:port` (or `host:port`): nodes sharing one Redis act as one cluster. */
  redisUrl?: string;
  apiKey?: string;
  /** At least 32 characters; random per instance unless given. */
  apiSecret?: string;
  /** The address LiveKit listens on and advertises for media; `127.0.0.1` unless given (e.g. a network namespace's address). */
  bindAddress?: string;
  /** Runs the server through this command, e.g. `['ip', 'netns', 'exec', name]`. */
  commandPrefix?: string[];
  /** Offers media over ICE/TCP only (`rtc.force_tcp`), as a network that blocks UDP would leave it. */
  forceTcp?: boolean;
}

export interface StartedLivekit {
  /** `ws://<bindAddress>:PORT`, for clients and tokens. */
  url: string;
  /** `http://<bindAddress>:PORT`, for RoomServiceClient. */
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

export function startLivekit(options?: LivekitOptions): Promise<StartedLivekit>;
