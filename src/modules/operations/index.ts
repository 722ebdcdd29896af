import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { OfficeLink, OpsLink } from '../../platform/web/office-links.ts';
import { operationsRoutes, type OperationsOptions } from './routes.tsx';
import { registerOperationsMetrics } from './metrics.ts';
import { forgetOldTraffic, recordTraffic } from './record-traffic.ts';
import { takeCapacitySnapshot } from './measure-capacity.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

export { recordTraffic, NODE_ID } from './record-traffic.ts';
export { verifyAuditChain } from './verify-audit-chain.ts';
export { takeCapacitySnapshot } from './measure-capacity.ts';
export { consoleViewer, type OperationsOptions } from './routes.tsx';
export { OpsPage, formats, type OpsView } from './views/layout.tsx';

export const operationsMigrations: MigrationSource = { owner: 'operations', dir: path.join(import.meta.dirname, 'migrations') };

/** This module's pages in the console's navigation; app.ts adds other modules' (onboarding, incidents) to the same list. */
export const opsLinks: readonly OpsLink[] = [
  { href: '/ops', titleKey: 'ops.console.title', platformOnly: false },
  { href: '/ops/capacity', titleKey: 'ops.capacity.title', platformOnly: false },
  { href: '/ops/security', titleKey: 'ops.security.title', platformOnly: false },
  { href: '/ops/consolidation', titleKey: 'ops.consolidation.title', platformOnly: false },
];

/** On the office home of an agency administrator: their agency's slice of the console. */
export const officeLinks: readonly OfficeLink[] = [
  { href: '/ops', titleKey: 'ops.console.title', leadKey: 'ops.officeLink.lead', roles: ['agency_admin'] },
];

/** How often a node writes its minutes: the console is at most this far behind. */
const FLUSH_MS = 15_000;
/** Old minutes are forgotten and the day's capacity snapshot taken every this many flushes (an hour). */
const CHORES_EVERY = 240;

/** The operations console (/ops): every agency's health, capacity, security events and the consolidation report. */
export function operationsModule(conn: AnyDb, opts: OperationsOptions) {
  return async function operations(app: FastifyInstance) {
    registerOperationsMetrics(app.metrics, conn);
    await app.register(operationsRoutes(conn, opts));
    let timer: NodeJS.Timeout | undefined;
    let flushes = 0;
    const flush = async () => {
      await recordTraffic(conn, app.traffic);
      if (flushes++ % CHORES_EVERY === 0) {
        await forgetOldTraffic(conn);
        await takeCapacitySnapshot(conn);
      }
    };
    app.addHook('onReady', async () => {
      timer = setInterval(() => flush().catch((err: Error) => app.log.warn({ err }, 'operations: could not record traffic')), FLUSH_MS);
      timer.unref();
    });
    // The last minutes are written before the database is closed.
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await recordTraffic(conn, app.traffic).catch((err: Error) => app.log.warn({ err }, 'operations: could not record the last traffic'));
    });
  };
}

/** Verifies the audit log's chains every night (once across all nodes), so the console shows a recent result. */
export async function scheduleAuditVerification(conn: AnyDb, jobs: JobQueue): Promise<void> {
  await jobs.schedule('operations-verify-audit', '30 3 * * *', async () => { await verifyAuditChain(conn, { actor: 'system:operations' }); });
}
