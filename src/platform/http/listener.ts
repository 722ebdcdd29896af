import http from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * The node's one HTTP listener, handing each request to the app it serves now: a node that
 * started in reduced service (the database down) serves its whole platform on the same port,
 * without a restart, once the database answers.
 */
export function listenerFor(first: FastifyInstance) {
  let current = first;
  const server = http.createServer((req, res) => {
    if (!current.frontDoor?.(req, res)) current.routing(req, res);
  });
  // Fastify's own server settings (it never listens itself here).
  server.keepAliveTimeout = first.server.keepAliveTimeout;
  server.requestTimeout = first.server.requestTimeout;
  server.headersTimeout = first.server.headersTimeout;
  return {
    server,
    listen: (port: number, host: string) => new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { server.off('error', reject); resolve(); });
    }),
    /** From now on requests go to `app`; those in flight finish where they began. */
    serve(app: FastifyInstance) { current = app; },
    /** Stops taking connections; idle keep-alive connections are closed so the close does not wait on them. */
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
}
