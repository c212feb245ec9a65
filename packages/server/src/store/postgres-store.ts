import pg from 'pg';
import { postgresMigrations } from './migrations/postgres.js';
import type { SqlDriver } from './sql-driver.js';
import { SqlStore } from './sql-store.js';

/** `?` → `$1, $2, …`; the shared queries never hold a literal question mark. */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type Queryable = pg.Pool | pg.PoolClient;

class PostgresDriver implements SqlDriver {
  constructor(
    private readonly db: Queryable,
    private readonly pool: pg.Pool,
  ) {}

  async all<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.db.query(numberPlaceholders(sql), params);
    return result.rows as Row[];
  }

  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    const result = await this.db.query(numberPlaceholders(sql), params);
    return { changes: result.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.db.query(sql);
  }

  async transaction<T>(work: (tx: SqlDriver) => Promise<T>): Promise<T> {
    if (this.db !== this.pool) return work(this);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PostgresDriver(client, this.pool));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async lockMigrations(): Promise<void> {
    // Several server instances may start together on one database: one migrates, the others wait.
    await this.db.query("SELECT pg_advisory_xact_lock(hashtext('attune.schema_migrations'))");
  }


  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** For several server instances on one database. */
export class PostgresStore extends SqlStore {
  readonly dialect = 'postgres' as const;

  private constructor(pool: pg.Pool) {
    super(new PostgresDriver(pool, pool), postgresMigrations);
  }

  /** Connects to `url` and applies pending migrations. */
  static async open(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
    // An idle client losing its connection must not crash the server; the next query reconnects.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    try {
      await store.migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }
}
