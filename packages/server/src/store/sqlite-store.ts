import Database from 'better-sqlite3';
import { sqliteMigrations } from './migrations/sqlite.js';
import type { SqlDriver } from './sql-driver.js';
import { SqlStore } from './sql-store.js';

type Db = InstanceType<typeof Database>;

// better-sqlite3 is synchronous; the only await points are between statements of a transaction,
// so other calls are held back while one is open instead of slipping into it.
class SqliteDriver implements SqlDriver {
  private openTransaction: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly insideTransaction = false,
  ) {}

  private async turn(): Promise<void> {
    if (this.insideTransaction) return;
    while (this.openTransaction) await this.openTransaction;
  }

  async all<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    await this.turn();
    return this.db.prepare(sql).all(...params) as Row[];
  }

  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    await this.turn();
    return { changes: this.db.prepare(sql).run(...params).changes };
  }

  async exec(sql: string): Promise<void> {
    await this.turn();
    this.db.exec(sql);
  }

  async transaction<T>(work: (tx: SqlDriver) => Promise<T>): Promise<T> {
    if (this.insideTransaction) return work(this);
    await this.turn();
    let finish!: () => void;
    this.openTransaction = new Promise((resolve) => (finish = resolve));
    try {
      // IMMEDIATE takes the write lock up front, so two processes on one file cannot both upgrade later.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(new SqliteDriver(this.db, true));
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.openTransaction = undefined;
      finish();
    }
  }

  async lockMigrations(): Promise<void> {
    // BEGIN IMMEDIATE already holds the database's write lock.
  }


  async close(): Promise<void> {
    await this.turn();
    this.db.close();
  }
}

/** The embedded default: one SQLite file in WAL mode, no setup. */
export class SqliteStore extends SqlStore {
  readonly dialect = 'sqlite' as const;

  private constructor(db: Db) {
    super(new SqliteDriver(db), sqliteMigrations);
  }

  /** Opens (creating if needed) the database file and applies pending migrations. */
  static async open(path: string): Promise<SqliteStore> {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const store = new SqliteStore(db);
    await store.migrate();
    return store;
  }
}
