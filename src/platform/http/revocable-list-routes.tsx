import type { FastifyInstance } from 'fastify';
import type { Actor } from '../audit/audit.ts';
import type { AnyDb } from '../db/database.ts';
import type { AgencyScope } from '../tenancy.ts';
import type { Shell } from '../web/shell.ts';
import type { RevokeRefusal } from '../web/revocable-list.tsx';
import { AppError } from './errors.ts';
import { actingScope, actorOf } from './guards.ts';

const READERS = ['officer', 'agency_admin', 'auditor'] as const;
const REVOKERS = ['officer', 'agency_admin'] as const;
const REVOKE_BODY = { type: 'object', properties: { reason: { type: 'string', maxLength: 2000 }, _csrf: { type: 'string' } } } as const;

export interface RevocableList<Row> {
  /** The list's address, e.g. `/office/documents`; a row is revoked by a POST to `${path}/:id/revoke`. */
  path: string;
  /** The schema of a row's id in the address. */
  id: { type: 'string'; format?: string; maxLength?: number };
  /** The acting agency's rows. */
  list(conn: AnyDb, scope: AgencyScope): Promise<Row[]>;
  /** The use case: throws an AppError with `field: 'reason'` for a reason it refuses. */
  revoke(conn: AnyDb, scope: AgencyScope, id: string, reason: string, who: Actor): Promise<void>;
  page(shell: Shell, rows: Row[], refused?: RevokeRefusal): JSX.Element;
}

/**
 * The two routes of an agency's revocable list: the list, for its officers, admins and auditors,
 * and a row's revocation for a reason, for its officers and admins. A refused reason shows the
 * list again with 400 and the problem at the row; anything else the use case throws goes on to
 * the error handler (404 for another agency's row, 409 for one revoked already).
 */
export function revocableListRoutes<Row>(conn: AnyDb, list: RevocableList<Row>) {
  return async function routes(app: FastifyInstance) {
    app.get(list.path, { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, READERS);
      const rows = await list.list(conn, scope);
      return reply.page((shell) => list.page(shell, rows));
    });

    app.post(`${list.path}/:id/revoke`, {
      config: { agencyScoped: true },
      schema: { params: { type: 'object', required: ['id'], properties: { id: list.id } }, body: REVOKE_BODY },
    }, async (request, reply) => {
      const { scope } = actingScope(request, REVOKERS);
      const id = (request.params as { id: string }).id;
      const reason = (request.body as { reason?: string }).reason ?? '';
      try {
        await list.revoke(conn, scope, id, reason, actorOf(request));
      } catch (err) {
        if (!(err instanceof AppError) || err.options.field !== 'reason') throw err;
        const rows = await list.list(conn, scope);
        const refused = { id, reason, error: request.tr.t(err.messageKey) };
        return reply.page((shell) => list.page(shell, rows, refused), 400);
      }
      return reply.redirect(list.path, 303);
    });
  };
}
