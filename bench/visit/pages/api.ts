/** When a page first saw the remote video, in epoch milliseconds (the same machine clock in every page). */
export interface FirstFrame {
  /** The first remote frame's presentation time: decoded and handed to the compositor (requestVideoFrameCallback). */
  at: number;
  /**
   * The video element already had frames when the watcher found it, so `at` is a later frame's time
   * (an upper bound). Reported by the benchmark, never silently used.
   */
  late: boolean;
}

/** The patient's receiving side, read just after the first frame: did it have to ask for a keyframe? */
export interface ReceiverStats {
  /** PLI + FIR the receiver sent: a first frame that could not be decoded makes it ask for a keyframe. */
  keyframeRequests: number;
  framesDecoded: number;
  keyFramesDecoded: number;
}

/** Milestones on the way from t0 to the first frame, epoch ms, for reading what the time went on. */
export type Milestones = Record<string, number>;

/** The Attune patient page: `<attune-session>` waiting to be admitted. */
export interface AttunePatientProbe {
  view(): string;
  firstRemoteFrame(): FirstFrame | null;
  milestones(): Milestones;
  receiverStats(): Promise<ReceiverStats>;
  /** Milliseconds of main-thread long tasks that started between two epoch times. */
  mainThreadBusy(from: number, to: number): number;
}

/** The Attune clinician page: `<attune-session visit-role="clinician">` in the call, and `<attune-queue>`. */
export interface AttuneClinicianProbe {
  view(): string;
  /** When the Admit click reached the page (window capture listener), epoch ms. */
  admitClickedAt(): number | null;
}

export interface BaselineJoin {
  url: string;
  token: string;
  e2eeKey: string;
}

/** The bare livekit-client page. */
export interface BaselineProbe {
  /** Connects (E2EE on) and returns when it began, epoch ms: t0 of the connect baseline. */
  connect(join: BaselineJoin): Promise<number>;
  firstRemoteFrame(): FirstFrame | null;
  milestones(): Milestones;
  receiverStats(): Promise<ReceiverStats>;
  /** Milliseconds of main-thread long tasks that started between two epoch times. */
  mainThreadBusy(from: number, to: number): number;
  disconnect(): Promise<void>;
}

declare global {
  interface Window {
    attunePatient: AttunePatientProbe;
    attuneClinician: AttuneClinicianProbe;
    baseline: BaselineProbe;
  }
}
