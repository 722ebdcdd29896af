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

/**
 * Who did it, for the audit log. Under a mandate the actor is the representative and `actingFor` the
 * principal (`resident:<representative>` acting for `resident:<principal>`), so every entry names both.
 */
export function actorOf(request: FastifyRequest): { actor: string; actingFor?: string; requestId: string } {
  if (request.staff) return { actor: `staff:${request.staff.id}`, requestId: request.id };
  const resident = request.resident;
  if (!resident) return { actor: 'anonymous', requestId: request.id };
  if (resident.representative) {
    return { actor: `resident:${resident.representative.residentId}`, actingFor: `resident:${resident.residentId}`, requestId: request.id };
  }
  return { actor: `resident:${resident.residentId}`, requestId: request.id };
}

/** Whether the viewer may use this service: always for themselves, under a mandate only if it covers it. */
export function mayActOnService(viewer: ResidentViewer, serviceId: string): boolean {
  const services = viewer.representative?.services;
  return !services || services === 'all' || services.includes(serviceId);
}

/** Refuses a service the mandate the viewer acts under does not cover. */
export function requireServiceInMandate(viewer: ResidentViewer, serviceId: string): void {
  if (!mayActOnService(viewer, serviceId)) {
    throw new AppError(403, 'not_in_mandate', 'error.notInMandate', { vars: { name: viewer.name }, detail: `service ${serviceId} outside mandate` });
  }
}

/**
 * For what is not tied to one service (documents, inbox, life-event bundles): the resident themselves,
 * or a representative whose mandate covers every service.
 */
export function requireWholeMandate(request: FastifyRequest): ResidentViewer {
  const resident = requireResident(request);
  if (resident.representative && resident.representative.services !== 'all') {
    throw new AppError(403, 'not_in_mandate', 'error.notInMandate', { vars: { name: resident.name }, detail: 'needs a mandate for every service' });
  }
  return resident;
}

/** The signed-in resident acting as themselves: their own account and mandates are not a representative's to change. */
export function requireOwnIdentity(request: FastifyRequest): ResidentViewer {
  const resident = requireResident(request);
  if (resident.representative) throw new AppError(403, 'acting_for_someone', 'error.actingForSomeone', { vars: { name: resident.name } });
  return resident;
}
