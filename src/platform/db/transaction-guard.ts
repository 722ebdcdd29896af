import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionBuilder, type Dialect, type Driver, type Kysely } from 'kysely';

/**
 * Refuses a statement sent on the database's other connections from inside one of its open
 * transactions (`conn` where `trx` was meant). On PostgreSQL such a statement runs outside the
 * transaction, sees none of its writes and may wait on its locks; on the embedded database, one
 * connection, it waits for the transaction that waits for it. Both engines now fail at once, alike.
 */
export class StatementOutsideTransaction extends Error {
  readonly code = 'statement_outside_transaction';
  constructor() {
    super('a statement was sent on another connection from inside an open transaction: use the transaction\'s handle');
  }
}

interface Inside { guard: TransactionGuard; open: boolean }
const inside = new AsyncLocalStorage<Inside>();

export class TransactionGuard {
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

  private driver(driver: Driver): Driver {
    return new Proxy(driver, {
      get: (target, prop) => {
        if (prop === 'acquireConnection') return (...args: Parameters<Driver['acquireConnection']>) => { this.assertOutside(); return target.acquireConnection(...args); };
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
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
