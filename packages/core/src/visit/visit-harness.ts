import { createActor } from 'xstate';
import { AttuneError } from '../errors.js';
import { createFakeMediaRoom, type FakeMediaRoom } from '../media/fake-media-room.js';
import type { LocalMediaOptions, MediaRoom, MediaRoomEvent } from '../media/media-room.js';
import type { VisitRole } from '../ports.js';
import { createFakeVisitApi, type FakeVisitApi } from './fake-visit-api.js';
import { visitMachine, type VisitActor, type VisitInput } from './visit.machine.js';

/**
 * Drives a real visit actor with fakes whose every promise the test settles by hand, and a clock
 * whose timers fire only when told. Machine tests, element tests and stories use it to put a visit
 * in any state deterministically; it never talks to a network.
 */

type Gate = 'joinVisit' | 'connectRoom' | 'publishLocalMedia' | 'startScreenShare' | 'endVisit';

interface Pending {
  resolve: () => void;
  reject: (error: AttuneError) => void;
}

/** A clock that fires a timer only when the test asks for it by its delay. */
export class ManualClock {
  private readonly timers = new Map<number, { fire: () => void; ms: number }>();
  private nextId = 1;
  private time = 0;

  now = (): number => this.time;

  setTimeout(fire: (...args: unknown[]) => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { fire, ms });
    return id;
  }

  clearTimeout(id: number): void {
    this.timers.delete(id);
  }

  pendingDelays(): number[] {
    return [...this.timers.values()].map((timer) => timer.ms);
  }

  /** Fires the one pending timer of `ms` (each delay in the visit has its own length). */
  fire(ms: number): void {
    const entry = [...this.timers.entries()].find(([, timer]) => timer.ms === ms);
    if (!entry) throw new Error(`No timer of ${ms} ms is pending (pending: ${this.pendingDelays().join(', ')})`);
    this.timers.delete(entry[0]);
    this.time += ms;
    entry[1].fire();
  }
}

export interface VisitHarnessOptions {
  role?: VisitRole;
  /** Settle every call to the fakes at once (for stories and scenario tests) instead of by hand. */
  automatic?: boolean;
  inactivityWarningMs?: number;
  inactivityGraceMs?: number;
  reconnectedNoticeMs?: number;
  videoRecoveryMs?: number;
  localMedia?: LocalMediaOptions;
}

export interface VisitHarness {
  actor: VisitActor;
  api: FakeVisitApi;
  clock: ManualClock;
  /** Every room the machine made, oldest first (a rejoin makes a new one). */
  rooms: FakeMediaRoom[];
  readonly room: FakeMediaRoom;
  resolve(gate: Gate): void;
  reject(gate: Gate, error?: AttuneError): void;
  isPending(gate: Gate): boolean;
  emit(event: MediaRoomEvent): void;
  /** Lets promise callbacks run. */
  settle(): Promise<void>;
}

/** Every delay a different length: the manual clock fires a timer by its length. */
export const harnessDelays = { inactivityWarningMs: 5_000, inactivityGraceMs: 2_000, reconnectedNoticeMs: 3_000, videoRecoveryMs: 4_000, poorConnectionGraceMs: 6_000, tickMs: 1_000 };

export function createVisitHarness(options: VisitHarnessOptions = {}): VisitHarness {
  const role = options.role ?? 'patient';
  const automatic = options.automatic ?? false;
  const pending = new Map<Gate, Pending[]>();
  const clock = new ManualClock();
  const rooms: FakeMediaRoom[] = [];
  const baseApi = createFakeVisitApi(role);

  const gate = (name: Gate): Promise<void> => {
    if (automatic) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      pending.set(name, [...(pending.get(name) ?? []), { resolve, reject }]);
    });
  };
  const take = (name: Gate): Pending => {
    const queue = pending.get(name) ?? [];
    const first = queue.shift();
    if (!first) throw new Error(`Nothing is waiting on ${name}`);
    return first;
  };

  const api: FakeVisitApi = {
    ...baseApi,
    calls: baseApi.calls,
    failNext: baseApi.failNext,
    join: async (appointmentId) => {
      await gate('joinVisit');
      return baseApi.join(appointmentId);
    },
    end: async (appointmentId) => {
      await gate('endVisit');
      return baseApi.end(appointmentId);
    },
  };

  const createMediaRoom = (): MediaRoom => {
    const fake = createFakeMediaRoom({ permissions: role === 'clinician' ? { canPublish: true, canSubscribe: true } : {} });
    const gated: FakeMediaRoom = Object.create(fake) as FakeMediaRoom;
    Object.assign(gated, {
      connect: async (...args: Parameters<MediaRoom['connect']>) => {
        await gate('connectRoom');
        return fake.connect(...args);
      },
      publishLocalMedia: async (media: LocalMediaOptions) => {
        await gate('publishLocalMedia');
        return fake.publishLocalMedia(media);
      },
      setScreenShareEnabled: async (enabled: boolean) => {
        if (enabled) await gate('startScreenShare');
        return fake.setScreenShareEnabled(enabled);
      },
    });
    rooms.push(gated);
    return gated;
  };

  const input: VisitInput = {
    appointmentId: 'appt-1',
    role,
    api,
    createMediaRoom,
    inactivityWarningMs: options.inactivityWarningMs ?? harnessDelays.inactivityWarningMs,
    inactivityGraceMs: options.inactivityGraceMs ?? harnessDelays.inactivityGraceMs,
    reconnectedNoticeMs: options.reconnectedNoticeMs ?? harnessDelays.reconnectedNoticeMs,
    videoRecoveryMs: options.videoRecoveryMs ?? harnessDelays.videoRecoveryMs,
    poorConnectionGraceMs: harnessDelays.poorConnectionGraceMs,
    now: clock.now,
    ...(options.localMedia ? { localMedia: options.localMedia } : {}),
  };
  const actor = createActor(visitMachine, { input, clock });
  actor.start();

  return {
    actor,
    api,
    clock,
    rooms,
    get room() {
      const room = rooms.at(-1);
      if (!room) throw new Error('No room yet');
      return room;
    },
    resolve: (name) => take(name).resolve(),
    reject: (name, error = new AttuneError('network/failed', 'Simulated failure.')) => take(name).reject(error),
    isPending: (name) => (pending.get(name)?.length ?? 0) > 0,
    emit: (event) => rooms.at(-1)?.emit(event),
    settle: async () => {
      // The fakes never touch a timer, so draining the microtask queue settles every promise chain.
      for (let turn = 0; turn < 30; turn++) await Promise.resolve();
    },
  };
}
