import path from 'node:path';
import type { AnyDb } from '../../platform/db/database.ts';
import type { OfficeLink } from '../../platform/web/office-links.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { Service } from '../packs/index.ts';
import type { ApplicationsContext } from './context.ts';
import { residentApplicationRoutes } from './resident-routes.tsx';
import { officeApplicationRoutes } from './office-routes.tsx';
import { counterRoutes } from './counter-routes.tsx';
import { bundleRoutes } from './bundle-routes.tsx';
import { agencyDataRoutes } from './agency-data-routes.tsx';

export type { ApplicationsContext, AgencyDataPorts, DataRequest, DataAnswer } from './context.ts';
// For other front doors to the same applications (the GovStack Registration API).
export { ApplicationRefused } from './context.ts';
export type { FormError } from './eform/index.ts';
export { fileApplication, type FilingInput, type FilingResult } from './file-application.ts';
export { agencyDataOutcomes, type AgencyDataOutcome } from './show-agency-data.ts';
export { amendApplication } from './amend-application.ts';
export { completeStep, requestInformation, rejectApplication, type Officer } from './decide-application.ts';
export { sniffType, PLATFORM_MAX_FILE_MB, type IncomingFile } from './fill-application.ts';
// The due date an application gets on submission, in the country's working days.
export { dueDateOf } from './submit-application.ts';
export {
  listAgencyQueue, findAgencyApplication, listFiles, agencyStatistics, countDocumentsSpared, fileBytesOf, serviceWorkload, type ServiceWorkload,
  type Application, type ApplicationStatus, type StoredFile, type ServiceStatistics,
} from './store.ts';

export const applicationMigrations: MigrationSource = { owner: 'applications', dir: path.join(import.meta.dirname, 'migrations') };

export const officeLinks: readonly OfficeLink[] = [
  { href: '/office/applications', titleKey: 'applications.queue.title', leadKey: 'applications.officeLink.queue', roles: ['officer', 'agency_admin'] },
  { href: '/office/counter', titleKey: 'applications.counter.title', leadKey: 'applications.officeLink.counter', roles: ['officer', 'agency_admin'] },
  { href: '/office/statistics', titleKey: 'applications.stats.title', leadKey: 'applications.officeLink.statistics', roles: ['officer', 'agency_admin', 'auditor'] },
];

/** Applying for services (residents, or an officer for a resident at the counter) and deciding on applications (agencies' officers). */
export function applicationsModule(conn: AnyDb, ctx: ApplicationsContext, listServices: (scope: AgencyScope) => Promise<Service[]>) {
  return [residentApplicationRoutes(conn, ctx), agencyDataRoutes(conn, ctx), officeApplicationRoutes(conn, ctx, listServices), counterRoutes(conn, ctx, listServices), bundleRoutes(conn, ctx)];
}
