import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { isDatabaseUnreachable } from '../../platform/db/unreachable.ts';
import type { ServiceHealthSource, StatusSnapshot } from './snapshot.ts';
import { takeSnapshot } from './take-snapshot.ts';
import { lastKnown } from '../../platform/db/last-known.ts';
import { StatusPage } from './views/status-page.tsx';

export interface StatusOptions {
  /** Where the last known status is kept on disk (in the data directory). */
  cacheFile: string;
  /** Live health from the operations console, when it has it; without it every open service counts as up. */
  health?: ServiceHealthSource;
  /** How old the kept status may be before the database is asked again. */
  maxAgeSeconds?: number;
}

export function statusRoutes(conn: AnyDb, opts: StatusOptions) {
  const kept = lastKnown<StatusSnapshot>(opts.cacheFile);
  const health = opts.health ?? (() => undefined);
  const maxAge = (opts.maxAgeSeconds ?? 30) * 1000;

  /** The status now, or the last known one with `reduced` set when the database cannot be reached. */
  async function current(): Promise<{ snapshot: StatusSnapshot | null; reduced: boolean }> {
    const last = await kept.get();
    if (last && Date.now() - Date.parse(last.takenAt) < maxAge) return { snapshot: last, reduced: false };
    try {
      const fresh = await takeSnapshot(conn, health);
      await kept.keep(fresh);
      return { snapshot: fresh, reduced: false };
    } catch (err) {
      if (!isDatabaseUnreachable(err)) throw err;
      return { snapshot: last, reduced: true };
    }
  }

  return async function status(app: FastifyInstance) {
    const config = { withoutDatabase: true } as const;
    app.get('/status', { config }, async (_request, reply) => {
      const { snapshot, reduced } = await current();
      if (reduced) reply.header('retry-after', '120');
      return reply.page((shell) => <StatusPage shell={shell} snapshot={snapshot} reduced={reduced} />);
    });
    app.get('/status.json', { config }, async (_request, reply) => {
      const { snapshot, reduced } = await current();
      return reply.header('cache-control', 'no-store').send({ reduced, ...snapshot });
    });
  };
}
