import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { ping, type Database } from '../db/database.ts';
import { pendingMigrations, type MigrationSource } from '../db/migrations.ts';
import { databaseOutage } from '../db/unreachable.ts';
import type { JobQueue } from '../jobs.ts';
import { TrafficRecorder, trafficKeyOf } from './traffic.ts';

const PROBE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** One answered request as the operations center counts it. */
export interface Answered { method: string; route: string; status: number; agencyId: string; serviceId: string; milliseconds: number }

/**
 * Health, readiness and Prometheus metrics: what the operations center reads from every node.
 * Returns how an answer is counted, for answers given before the app's hooks (front-door.ts).
 */
export function registerOperations(app: FastifyInstance, deps: { database: Database; jobs: JobQueue | null; migrations: readonly MigrationSource[] }): (answer: Answered) => void {
  const registry = new client.Registry();
  const traffic = new TrafficRecorder();
  app.decorate('metrics', registry);
  app.decorate('traffic', traffic);
  app.decorateRequest('serviceTag', null);
  client.collectDefaultMetrics({ register: registry, prefix: 'hanaro_' });
  const requests = new client.Counter({
    name: 'hanaro_http_requests_total', help: 'HTTP requests by route, status, agency and service',
    labelNames: ['method', 'route', 'status', 'agency', 'service'], registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'hanaro_http_request_duration_seconds', help: 'HTTP request latency by route, agency and service',
    labelNames: ['method', 'route', 'agency', 'service'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  });
  new client.Gauge({
    name: 'hanaro_db_pool_connections', help: 'Database connections by state', labelNames: ['state'], registers: [registry],
    collect() {
      const s = deps.database.poolStats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new client.Gauge({
    name: 'hanaro_job_queue_depth', help: 'Jobs waiting per queue', labelNames: ['queue'], registers: [registry],
    async collect() {
      for (const [queue, depth] of Object.entries(await deps.jobs?.depth() ?? {})) this.set({ queue }, depth);
    },
  });

  const count = ({ method, route, status, agencyId: agency, serviceId: service, milliseconds }: Answered) => {
    requests.inc({ method, route, status, agency, service });
    latency.observe({ method, route, agency, service }, milliseconds / 1000);
    // Probes from load balancers and Prometheus are not anyone's use of the center.
    if (!PROBE_ROUTES.has(route)) traffic.record(agency, service, status, milliseconds);
  };
  app.addHook('onResponse', async (request, reply) => {
    // Service ids come from the routes that found the service in the catalog, so the labels stay bounded.
    count({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ...trafficKeyOf(request), milliseconds: reply.elapsedTime });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await ping(deps.database);
      const pending = await pendingMigrations(deps.database, deps.migrations);
      if (pending.length) return reply.code(503).send({ status: 'not_ready', reason: 'migrations_pending', pending });
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'not ready');
      // A load balancer only needs "not ready"; the operator reading it needs to know which failure it is.
      const reason = databaseOutage(err) ?? 'start_check_failed';
      return reply.code(503).send({ status: 'not_ready', reason });
    }
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
  return count;
}
