import type { FastifyRequest } from 'fastify';
import { AppError, forbidden } from './errors.ts';
import { agencyScope, type AgencyScope } from '../tenancy.ts';
import type { ResidentViewer, StaffViewer } from './types.ts';

export type AgencyRoleName = 'officer' | 'agency_admin' | 'auditor';

/** The signed-in resident; anyone else is sent to the resident sign-in page and back. */
export function requireResident(request: FastifyRequest): ResidentViewer {
  if (!request.resident) throw new AppError(401, 'resident_sign_in_required', 'error.signInRequired');
  return request.resident;
}

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
  const actor = request.staff ? `staff:${request.staff.id}` : request.resident ? `resident:${request.resident.residentId}` : 'anonymous';
  return { actor, requestId: request.id };
}
