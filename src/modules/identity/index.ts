import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import { resolveStaffSession } from './staff-sessions.ts';
import { identityRoutes, staffSessionCookie } from './routes.tsx';

export { hashPassword } from './password.ts';

export const identityMigrations: MigrationSource = { owner: 'identity', dir: path.join(import.meta.dirname, 'migrations') };

export function identityModule(conn: AnyDb, config: Readonly<Config>) {
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const cookie = staffSessionCookie(config);
  return {
    routes: identityRoutes(conn, config),
    resolveStaff: (request: FastifyRequest) => resolveStaffSession(conn, request.cookies[cookie], policy),
    resolveResident: async (_request: FastifyRequest): Promise<ResidentViewer | null> => null,
  };
}
