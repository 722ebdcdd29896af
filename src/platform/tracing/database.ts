import type * as Api from '@opentelemetry/api';
import type { AbortableOperationOptions, CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely';
import { activeTracing, type Otel } from './tracing.ts';

const SYSTEM = { 'db.system.name': 'postgresql' };

/**
 * The dialect with a span per transaction (how many statements it ran, and whether it committed)
 * and one per statement outside a transaction (its operation only). Never the SQL text or its
 * parameters: those hold residents' numbers and names. The dialect itself when tracing is off.
 */
export function tracedDialect(dialect: Dialect): Dialect {
  const otel = activeTracing();
  if (!otel) return dialect;
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => tracedDriver(dialect.createDriver(), otel),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

interface Open { span: Api.Span; statements: number }

/** A connection handed to Kysely: counts into the open transaction, or traces its statement alone. */
class TracedConnection implements DatabaseConnection {
  open: Open | null = null;
  constructor(readonly inner: DatabaseConnection, private readonly otel: Otel) {}

  async executeQuery<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
    if (this.open) {
      this.open.statements++;
      return this.inner.executeQuery<R>(query, options);
    }
    const operation = /^\s*(\w+)/.exec(query.sql)?.[1]?.toUpperCase() ?? 'QUERY';
    const span = this.otel.tracer.startSpan(`db ${operation}`, { kind: this.otel.api.SpanKind.CLIENT, attributes: { ...SYSTEM, 'db.operation.name': operation } });
    try {
      return await this.inner.executeQuery<R>(query, options);
    } catch (err) {
      fail(this.otel, span, err);
      throw err;
    } finally {
      span.end();
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number, options?: AbortableOperationOptions): AsyncIterableIterator<QueryResult<R>> {
    if (this.open) this.open.statements++;
    return this.inner.streamQuery<R>(query, chunkSize, options);
  }
}

function fail(otel: Otel, span: Api.Span, err: unknown): void {
  const code = (err as { code?: unknown } | null)?.code;
  span.setAttribute('error.type', typeof code === 'string' ? code : 'Error');
  span.setStatus({ code: otel.api.SpanStatusCode.ERROR });
}

function tracedDriver(driver: Driver, otel: Otel): Driver {
  const conn = (c: DatabaseConnection) => c as TracedConnection;
  const close = (c: DatabaseConnection, outcome: 'commit' | 'rollback', err?: unknown) => {
    const open = conn(c).open;
    conn(c).open = null;
    if (!open) return;
    open.span.setAttributes({ 'hanaro.db.statements': open.statements, 'hanaro.db.outcome': outcome });
    if (err !== undefined) fail(otel, open.span, err);
    open.span.end();
  };
  const traced: Driver = {
    init: (o) => driver.init(o),
    acquireConnection: async (o) => new TracedConnection(await driver.acquireConnection(o), otel),
    async beginTransaction(c, settings) {
      const span = otel.tracer.startSpan('db transaction', { kind: otel.api.SpanKind.CLIENT, attributes: { ...SYSTEM, 'db.operation.name': 'transaction' } });
      try {
        await driver.beginTransaction(conn(c).inner, settings);
      } catch (err) {
        fail(otel, span, err);
        span.end();
        throw err;
      }
      conn(c).open = { span, statements: 0 };
    },
    async commitTransaction(c) {
      try {
        await driver.commitTransaction(conn(c).inner);
        close(c, 'commit');
      } catch (err) {
        close(c, 'commit', err);
        throw err;
      }
    },
    async rollbackTransaction(c) {
      try {
        await driver.rollbackTransaction(conn(c).inner);
      } finally {
        close(c, 'rollback');
      }
    },
    releaseConnection: (c, o) => driver.releaseConnection(conn(c).inner, o),
    destroy: (o) => driver.destroy(o),
  };
  if (driver.savepoint) traced.savepoint = (c, name, compile) => driver.savepoint!(conn(c).inner, name, compile);
  if (driver.rollbackToSavepoint) traced.rollbackToSavepoint = (c, name, compile) => driver.rollbackToSavepoint!(conn(c).inner, name, compile);
  if (driver.releaseSavepoint) traced.releaseSavepoint = (c, name, compile) => driver.releaseSavepoint!(conn(c).inner, name, compile);
  return traced;
}
