import type { StartedLivekit } from './livekit.mjs';

/** Thrown when this machine cannot make a network namespace (not root, no iproute2, not Linux). */
export class NetnsUnavailable extends Error {}

export interface NetnsLivekitOptions {
  /** Where LiveKit posts its webhooks; from inside the namespace the host is `hostAddress`, not 127.0.0.1. */
  webhookUrl?: string | string[];
  apiKey?: string;
  apiSecret?: string;
}

export interface NetnsLivekit extends StartedLivekit {
  /** The namespace's name, unique per run (`attune-lk-<pid>-<random>`). */
  namespace: string;
  /** The host's end of the veth pair. */
  hostAddress: string;
  /** The namespace's end, where LiveKit listens and which it advertises for media. */
  namespaceAddress: string;
  /** Takes the host end of the link down: every signal and media path to LiveKit is gone until `restoreLink()`. */
  cutLink(): void;
  restoreLink(): void;
  linkIsUp(): boolean;
  /** Stops LiveKit and removes the namespace and the veth pair (also done on process exit). */
  stop(): Promise<void>;
}

export function startLivekitInNetns(options?: NetnsLivekitOptions): Promise<NetnsLivekit>;
