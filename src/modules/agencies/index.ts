import path from 'node:path';
import type { MigrationSource } from '../../platform/db/migrations.ts';

export {
  listAgencies, findAgency, upsertAgency, retireAgenciesExcept,
  findStaffByEmail, findStaffById, rolesOf, upsertStaff, setRoles, listStaffOfAgency, findStaffInAgency,
  type AgencyRow, type StaffRow,
} from './store.ts';
export { agencyOfficeRoutes as agenciesModule } from './office-routes.tsx';

export const agencyMigrations: MigrationSource = { owner: 'agencies', dir: path.join(import.meta.dirname, 'migrations') };
