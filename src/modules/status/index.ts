import path from 'node:path';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { OpsLink } from '../../platform/web/office-links.ts';

export { statusRoutes as statusModule, type StatusOptions } from './routes.tsx';
export type { ServiceHealthSource, ServiceState, StatusSnapshot } from './snapshot.ts';
export { presentStatus, type StatusBoard } from './present-status.ts';

export const statusMigrations: MigrationSource = { owner: 'status', dir: path.join(import.meta.dirname, 'migrations') };

/** The console's incident and maintenance pages; agency administrators write about their own agency's services. */
export const opsLinks: readonly OpsLink[] = [
  { href: '/ops/incidents', titleKey: 'status.console.title', platformOnly: false },
  { href: '/ops/maintenance', titleKey: 'status.maintenance.title', platformOnly: false },
];
