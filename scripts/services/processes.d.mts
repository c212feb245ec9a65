import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface TrackedChild extends ChildProcess {
  /** SIGTERM to the child's process group, SIGKILL after the grace time. */
  stop(): Promise<void>;
  /** Resolves with the exit code (128 when killed by a signal). */
  exited: Promise<number | null>;
}
export function spawnTracked(command: string, args?: readonly string[], options?: SpawnOptions & { graceMs?: number }): TrackedChild;
export function stopAll(): Promise<void>;
export function freePort(): Promise<number>;
export function freeUdpPort(): Promise<number>;
export function waitForHttp(
  url: string,
  options?: { timeoutMs?: number; intervalMs?: number; expectBody?: string; child?: ChildProcess },
): Promise<string>;
