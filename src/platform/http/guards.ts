import type { FastifyRequest } from 'fastify';
import { AppError, forbidden } from './errors.ts';
import { agencyScope, type AgencyScope } from '../tenancy.ts';
import type { StaffViewer } from './types.ts';

export type AgencyRoleName = 'officer' | 'agency_admin' | 'auditor';

export function requireStaff(request: FastifyRequest): StaffViewer {
  if (!request.staff) throw new AppError(401, 'sign_in_required', 'error.signInRequired');
  return request.staff;
}

/**
 * The agency the signed-in staff member acts in, if they hold one of `roles` there. Signed in but
 * without the role is 403; the agency's data itself is then reached only through this scope.
 */
export function actingScope(request: FastifyRequest, roles: readonly AgencyRoleName[]): { staff: StaffViewer; scope: AgencyScope } {
  const staff = requireStaff(request);
  const agencyId = staff.agencyId;
  if (!agencyId || !staff.agencyRoles.some((r) => r.agencyId === agencyId && roles.includes(r.role as AgencyRoleName))) {
    throw forbidden(`needs one of ${roles.join(', ')}`);
  }
  return { staff, scope: agencyScope(agencyId) };
}

export function hasAgencyRole(staff: StaffViewer, role: AgencyRoleName): boolean {
  return staff.agencyRoles.some((r) => r.agencyId === staff.agencyId && r.role === role);
}

export function actorOf(request: FastifyRequest): { actor: string; requestId: string } {
  return { actor: request.staff ? `staff:${request.staff.id}` : 'anonymous', requestId: request.id };
}
