import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { actingScope, actorOf, requireStaff } from '../../platform/http/guards.ts';
import { listAgencyAudit } from '../../platform/audit/audit.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import { findStaffInAgency, listAgencies, listPlatformRoleHolders, listStaffOfAgency } from './store.ts';
import { AGENCY_ROLES, PLATFORM_ROLES, changeAgencyRole, changePlatformRole, type RoleChange } from './change-staff-role.ts';
import { AuditPage, OfficeHomePage, PlatformRolesPage, StaffListPage, StaffMemberPage, type RoleProblem } from './views/office.tsx';

const AUDIT_PAGE = 50;
const text = (max: number) => ({ type: 'string', maxLength: max });
const roleForm = (extra: Record<string, object> = {}) => ({ body: { type: 'object', properties: {
  role: text(40), action: { type: 'string', enum: ['grant', 'revoke'] }, _csrf: text(200), ...extra } } });
const staffParams = { params: { type: 'object', required: ['id'], properties: { id: text(64) } } };

export function agencyOfficeRoutes(conn: AnyDb, officeLinks: readonly OfficeLink[] = []) {
  /** Platform roles are the platform operators' to manage; everyone else is refused. */
  const requireOperator = (request: FastifyRequest) => {
    const staff = requireStaff(request);
    if (!staff.platformRoles.includes('platform_operator')) throw forbidden('needs platform_operator');
    return staff;
  };
  const platformPage = async (reply: FastifyReply, email = '', problem?: RoleProblem) => {
    const holders = await listPlatformRoleHolders(conn);
    return reply.page((shell) => <PlatformRolesPage shell={shell} holders={holders} grantable={PLATFORM_ROLES} email={email} problem={problem} />, problem ? 400 : 200);
  };

  return async function routes(app: FastifyInstance) {
    app.get('/office', { schema: { querystring: { type: 'object', properties: { notice: text(40) } } } }, async (request, reply) => {
      const staff = requireStaff(request);
      const agencies = await listAgencies(conn);
      const { notice } = request.query as { notice?: string };
      return reply.page((shell) => <OfficeHomePage shell={shell} staff={staff} agencies={agencies} links={officeLinks} notice={notice} />);
    });

    app.get('/office/staff', { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const staff = await listStaffOfAgency(conn, scope);
      return reply.page((shell) => <StaffListPage shell={shell} staff={staff} />);
    });

    app.get('/office/staff/:id', { config: { agencyScoped: true }, schema: staffParams }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const member = await findStaffInAgency(conn, scope, (request.params as { id: string }).id);
      if (!member) throw notFound();
      return reply.page((shell) => <StaffMemberPage shell={shell} member={member} grantable={AGENCY_ROLES} />);
    });

    app.post('/office/staff/:id/roles', { config: { agencyScoped: true }, schema: { ...staffParams, ...roleForm() } }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const { id } = request.params as { id: string };
      const body = request.body as Partial<RoleChange>;
      const result = await changeAgencyRole(conn, scope, id, { role: body.role ?? '', action: body.action ?? 'grant' }, actorOf(request));
      if (!result.ok && result.problem === 'not_found') throw notFound();
      if (result.ok) return reply.redirect(`/office/staff/${id}`, 303);
      const member = await findStaffInAgency(conn, scope, id);
      if (!member) throw notFound();
      return reply.page((shell) => <StaffMemberPage shell={shell} member={member} grantable={AGENCY_ROLES} problem={result.problem} />, result.problem === 'last_holder' ? 409 : 400);
    });

    app.get('/office/platform/roles', async (request, reply) => {
      requireOperator(request);
      return platformPage(reply);
    });

    app.post('/office/platform/roles', { schema: roleForm({ email: text(320), staffId: text(64) }) }, async (request, reply) => {
      requireOperator(request);
      const body = request.body as Partial<RoleChange> & { email?: string; staffId?: string };
      const email = (body.email ?? '').trim();
      const target = body.staffId ? { staffId: body.staffId } : { email };
      const result = await changePlatformRole(conn, target, { role: body.role ?? '', action: body.action ?? 'grant' }, actorOf(request));
      return result.ok ? reply.redirect('/office/platform/roles', 303) : platformPage(reply, email, result.problem);
    });

    app.get('/office/audit', {
      config: { agencyScoped: true },
      schema: { querystring: { type: 'object', properties: { before: { type: 'integer', minimum: 1 } } } },
    }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin', 'auditor']);
      const { before } = request.query as { before?: number };
      const entries = await listAgencyAudit(conn, scope, { limit: AUDIT_PAGE, ...(before ? { beforeId: before } : {}) });
      const nextBefore = entries.length === AUDIT_PAGE ? entries.at(-1)!.id : null;
      return reply.page((shell) => <AuditPage shell={shell} entries={entries} nextBefore={nextBefore} />);
    });
  };
}
