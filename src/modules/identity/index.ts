import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { ResidentViewer } from '../../platform/http/types.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import { resolveStaffSession } from './staff-sessions.ts';
import { identityRoutes, staffSessionCookie } from './routes.tsx';
import { residentRoutes, residentSessionCookie, type SignedOut } from './resident-routes.tsx';
import { resolveResidentSession, type MandateCheck } from './resident-sessions.ts';
import type { Country } from '../packs/index.ts';

export { hashPassword } from './password.ts';
export { countSignInFailures } from './store.ts';
export { findResidentAccountContact } from './resident-contact.ts';
export { requireRecentAuthentication, SENSITIVE_ACTION_MINUTES } from './reauthentication.ts';
export { setActingMandate, takeSignInProof, startPortalSession, type MandateCheck } from './resident-sessions.ts';
export { signInProofCookie, PORTAL_SIGN_IN_START } from './hand-to-provider.ts';
export { residentSessionCookie } from './resident-routes.tsx';

export const identityMigrations: MigrationSource = { owner: 'identity', dir: path.join(import.meta.dirname, 'migrations') };

/** `checkMandate` (from the mandates module) lets a session act for someone else under a mandate. */
export function identityModule(conn: AnyDb, config: Readonly<Config>, country: Country, opts: { checkMandate?: MandateCheck; signedOut?: SignedOut } = {}) {
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const cookie = staffSessionCookie(config);
  const residentCookie = residentSessionCookie(config);
  return {
    routes: [identityRoutes(conn, config, country), residentRoutes(conn, config, country, opts.signedOut)],
    resolveStaff: (request: FastifyRequest) => resolveStaffSession(conn, request.cookies[cookie], policy),
    resolveResident: (request: FastifyRequest): Promise<ResidentViewer | null> => resolveResidentSession(conn, request.cookies[residentCookie], policy, opts.checkMandate),
  };
}
