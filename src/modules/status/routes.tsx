import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { isDatabaseUnreachable } from '../../platform/db/unreachable.ts';
import type { OpsLink } from '../../platform/web/office-links.ts';
import type { ServiceHealthSource, StatusSnapshot } from './snapshot.ts';
import { takeSnapshot } from './take-snapshot.ts';
import { lastKnown } from '../../platform/db/last-known.ts';
import { presentStatus } from './present-status.ts';
import { incidentConsoleRoutes } from './console-routes.tsx';
import type { Languages } from './language-texts.ts';
import { StatusPage } from './views/status-page.tsx';
import { STATUS_CSS } from './status-css.ts';

export interface StatusOptions {
  /** Where the last known status is kept on disk (in the data directory). */
  cacheFile: string;
  /** Live health from the operations console, when it has it; without it every open service counts as up. */
  health?: ServiceHealthSource;
  /** How old the kept status may be before the database is asked again. */
  maxAgeSeconds?: number;
  /** The pack's languages (incidents are written in each) and time zone (times are shown in it). */
  languages: Languages;
  timeZone: string;
  /** The operations console's navigation, for the incident and maintenance pages. */
  links: readonly OpsLink[];
}

export function statusRoutes(conn: AnyDb, opts: StatusOptions) {
  const kept = lastKnown<StatusSnapshot>(opts.cacheFile);
  const health = opts.health ?? (() => undefined);
  const maxAge = (opts.maxAgeSeconds ?? 30) * 1000;
  // A change written on this node is shown at once; other nodes show it within maxAge.
  let staleBefore = 0;

  /** The status now, or the last known one with `reduced` set when the database cannot be reached. */
  async function current(): Promise<{ snapshot: StatusSnapshot | null; reduced: boolean }> {
    const last = await kept.get();
    const takenAt = last ? Date.parse(last.takenAt) : 0;
    if (last && Date.now() - takenAt < maxAge && takenAt > staleBefore) return { snapshot: last, reduced: false };
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
      const board = snapshot && presentStatus(snapshot);
      return reply.page((shell) => <StatusPage shell={shell} board={board} reduced={reduced} languages={opts.languages} />);
    });
    app.get('/status.css', { config }, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(STATUS_CSS));
    app.get('/status.json', { config }, async (_request, reply) => {
      const { snapshot, reduced } = await current();
      return reply.header('cache-control', 'no-store').send({ reduced, ...(snapshot && presentStatus(snapshot)) });
    });
    await app.register(incidentConsoleRoutes(conn, { ...opts, changed: () => { staleBefore = Date.now(); } }));
  };
}
