import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { ping, type Database } from '../db/database.ts';
import { pendingMigrations, type MigrationSource } from '../db/migrations.ts';
import { isDatabaseUnreachable } from '../db/unreachable.ts';
import type { JobQueue } from '../jobs.ts';
import { TrafficRecorder, trafficKeyOf } from './traffic.ts';

const PROBE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** Health, readiness and Prometheus metrics: what the operations center reads from every node. */
export function registerOperations(app: FastifyInstance, deps: { database: Database; jobs: JobQueue | null; migrations: readonly MigrationSource[] }): void {
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

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    // Service ids come from the routes that found the service in the catalog, so the labels stay bounded.
    const { agencyId: agency, serviceId: service } = trafficKeyOf(request);
    requests.inc({ method: request.method, route, status: reply.statusCode, agency, service });
    latency.observe({ method: request.method, route, agency, service }, reply.elapsedTime / 1000);
    // Probes from load balancers and Prometheus are not anyone's use of the center.
    if (!PROBE_ROUTES.has(route)) traffic.record(agency, service, reply.statusCode, reply.elapsedTime);
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
      const reason = isDatabaseUnreachable(err) ? 'database_unreachable' : 'start_check_failed';
      return reply.code(503).send({ status: 'not_ready', reason });
    }
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
}
