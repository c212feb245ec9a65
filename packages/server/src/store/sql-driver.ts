/**
 * The little a store needs from a database: rows, changes, scripts and transactions. Queries are
 * written once with `?` placeholders; each driver adapts them to its dialect.
 */
export interface SqlDriver {
  all<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction; concurrent callers of the same store wait their turn. */
  transaction<T>(work: (tx: SqlDriver) => Promise<T>): Promise<T>;
  /** Inside a transaction: keeps other instances out of the migrations until it commits. */
  lockMigrations(): Promise<void>;
  close(): Promise<void>;
}
