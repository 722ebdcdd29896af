import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { ping } from '../db/database.ts';
import { pendingMigrations } from '../db/migrations.ts';
import type { ServerDeps } from './server.tsx';

/** Health, readiness and Prometheus metrics: what the operations center reads from every node. */
export function registerOperations(app: FastifyInstance, deps: Pick<ServerDeps, 'database' | 'jobs' | 'migrations'>): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'hanaro_' });
  const requests = new client.Counter({
    name: 'hanaro_http_requests_total', help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'], registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'hanaro_http_request_duration_seconds', help: 'HTTP request latency by route',
    labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
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
    requests.inc({ method: request.method, route, status: reply.statusCode });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
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
      return reply.code(503).send({ status: 'not_ready', reason: 'database_unreachable' });
    }
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
}
