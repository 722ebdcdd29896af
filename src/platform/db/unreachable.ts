const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  '57P01', '57P02', '57P03', // admin_shutdown, crash_shutdown, cannot_connect_now
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);
const UNREACHABLE_MESSAGES = /Connection terminated|Client has encountered a connection error|PGlite is closed|driver has already been destroyed/i;

/**
 * Whether an error means the database cannot be reached (not that a query was wrong): such a
 * request is answered "temporarily unavailable", never as a fault of the visitor or a crash.
 * Looks through `cause` and AggregateError, as pg and Kysely wrap what the socket said.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  return databaseOutage(err) !== undefined;
}

/** pg-pool's own words when a checkout waited its whole timeout for a connection another request held. */
const POOL_WAIT_EXCEEDED = 'timeout exceeded when trying to connect';

/**
 * Which outage an error means, for the operator reading the log or `/readyz`: `database_busy`
 * when every pooled connection stayed in use past the wait (the node is overloaded or the
 * database slow, though it answers), `database_unreachable` when the server could not be reached.
 */
export function databaseOutage(err: unknown, depth = 0): 'database_busy' | 'database_unreachable' | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (message === POOL_WAIT_EXCEEDED) return 'database_busy';
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'database_unreachable';
  if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return 'database_unreachable';
  const inner = Array.isArray(errors) ? errors.map((e) => databaseOutage(e, depth + 1)).find(Boolean) : undefined;
  return inner ?? databaseOutage(cause, depth + 1);
}
