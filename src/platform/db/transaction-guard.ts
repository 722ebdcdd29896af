import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionBuilder, type AbortableOperationOptions, type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult } from 'kysely';

/** A statement sent on another connection of the database from inside one of its open transactions. */
export class StatementOutsideTransaction extends Error {
  readonly code = 'statement_outside_transaction';
  constructor() {
    super('a statement was sent on another connection from inside an open transaction: use the transaction\'s handle');
  }
}

interface Inside { guard: TransactionGuard; open: boolean }
const inside = new AsyncLocalStorage<Inside>();

/**
 * Refuses a statement sent on the database's other connections from inside one of its open
 * transactions (`conn` where `trx` was meant). On PostgreSQL such a statement runs outside the
 * transaction, sees none of its writes and may wait on its locks; on the embedded database, one
 * connection, it waits for the transaction that waits for it. Both engines now fail at once, alike.
 * It also counts what the handle may have written (`writes`), so a copy the node holds can see its
 * own node's changes at once (ChangeFeed).
 */
export class TransactionGuard {
  /** Transactions committed and statements run outside one (a select aside) through this handle: what this node may have changed. */
  writes = 0;

  /** Throws when called from inside one of this database's transactions that is still running. */
  assertOutside(): void {
    const at = inside.getStore();
    if (at?.guard === this && at.open) throw new StatementOutsideTransaction();
  }

  /** The dialect whose every new connection is checked first. */
  dialect(dialect: Dialect): Dialect {
    return {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => this.driver(dialect.createDriver()),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => dialect.createQueryCompiler(),
    };
  }

  /** `db` whose transactions mark the code they run as inside them. */
  watch<DB>(db: Kysely<DB>): Kysely<DB> {
    const transaction = db.transaction.bind(db);
    db.transaction = () => this.builder(transaction());
    return db;
  }

  /** The driver whose every new connection is checked first, and whose writes are counted once done. */
  private driver(driver: Driver): Driver {
    const inner = (c: DatabaseConnection) => (c as CountedConnection).inner;
    const guarded: Driver = {
      init: (o) => driver.init(o),
      acquireConnection: async (o) => {
        this.assertOutside();
        return new CountedConnection(await driver.acquireConnection(o), () => { this.writes++; });
      },
      beginTransaction: async (c, settings) => {
        await driver.beginTransaction(inner(c), settings);
        (c as CountedConnection).inTransaction = true;
      },
      commitTransaction: async (c) => {
        (c as CountedConnection).inTransaction = false;
        await driver.commitTransaction(inner(c));
        this.writes++;
      },
      rollbackTransaction: async (c) => {
        (c as CountedConnection).inTransaction = false;
        await driver.rollbackTransaction(inner(c));
      },
      releaseConnection: (c, o) => driver.releaseConnection(inner(c), o),
      destroy: (o) => driver.destroy(o),
    };
    if (driver.savepoint) guarded.savepoint = (c, name, compile) => driver.savepoint!(inner(c), name, compile);
    if (driver.rollbackToSavepoint) guarded.rollbackToSavepoint = (c, name, compile) => driver.rollbackToSavepoint!(inner(c), name, compile);
    if (driver.releaseSavepoint) guarded.releaseSavepoint = (c, name, compile) => driver.releaseSavepoint!(inner(c), name, compile);
    return guarded;
  }

  private builder<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
    return new Proxy(builder, {
      get: (target, prop) => {
        if (prop === 'execute') {
          return <T>(work: Parameters<TransactionBuilder<DB>['execute']>[0]) => target.execute((trx) => {
            const at: Inside = { guard: this, open: true };
            return inside.run(at, () => work(trx)).finally(() => { at.open = false; }) as Promise<T>;
          });
        }
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const made = (value as (...a: unknown[]) => unknown).apply(target, args);
          return made instanceof TransactionBuilder ? this.builder(made) : made;
        };
      },
    });
  }
}

/** A connection whose statements outside a transaction, a select aside, count as writes once they are done. */
class CountedConnection implements DatabaseConnection {
  inTransaction = false;
  constructor(readonly inner: DatabaseConnection, private readonly wrote: () => void) {}

  async executeQuery<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
    const result = await this.inner.executeQuery<R>(query, options);
    if (!this.inTransaction && !/^\s*select\b/i.test(query.sql)) this.wrote();
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number, options?: AbortableOperationOptions): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize, options);
  }
}
