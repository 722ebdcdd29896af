import path from 'node:path';
import type { AnyDb } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrations.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import type { OpsLink } from '../../platform/web/office-links.ts';
import { onboardingRoutes } from './routes.tsx';
import { RequestQuotas, requestQuotaHook } from './request-quota.ts';
import type { OnboardingSettings } from './add-agency.ts';
import type { KeySettings } from './rotate-agency-keys.ts';

export { addAgency, planAgency, type AddedAgency, type OnboardingSettings } from './add-agency.ts';
export { setAgencyQuotas } from './set-agency-quotas.ts';
export { rotateAgencyKeys, KEY_KINDS, type KeyKind } from './rotate-agency-keys.ts';
export { refuseOverStorage, storageAllows, storageUse } from './storage-quota.ts';
export { listOnboardedFragments } from './store.ts';

/** The console's agency pages, for its navigation (platform operators only). */
export const opsLinks: readonly OpsLink[] = [{ href: '/ops/agencies', titleKey: 'onboarding.list.title', platformOnly: true }];

export const onboardingMigrations: MigrationSource = { owner: 'onboarding', dir: path.join(import.meta.dirname, 'migrations') };

/**
 * Adding agencies to a running platform, and their quotas: `quotaHook` must be registered before
 * the modules whose requests it counts; `routes` are the console's /ops/agencies pages.
 */
export async function onboardingModule(conn: AnyDb, settings: OnboardingSettings & KeySettings, verifiers: readonly BearerVerifier[]) {
  const quotas = new RequestQuotas(conn);
  await quotas.reload();
  return { quotas, quotaHook: requestQuotaHook(quotas, verifiers), routes: onboardingRoutes(conn, settings, quotas) };
}
export { AGENCY_USAGE, agencyCommand } from './cli.ts';
