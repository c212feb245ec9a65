export interface RunningPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/attune_test`, trust auth. */
  url: string;
  port: number;
  stop(): Promise<void>;
}
export function startPostgres(): Promise<RunningPostgres>;
