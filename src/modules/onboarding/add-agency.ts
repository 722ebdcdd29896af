import { parse } from 'yaml';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { checkFragment, FragmentInvalidError, withFragments, type AgencyFragment, type FragmentError, type Pack } from '../packs/index.ts';
import { findAgency } from '../agencies/index.ts';
import { findService } from '../catalog/index.ts';
import { agencySigningIdentity } from '../documents/index.ts';
import { ensureExchangeKey } from '../exchange/index.ts';
import { isOnboarded, listOnboardedFragments, saveFragment, saveQuotas } from './store.ts';

export interface OnboardingSettings {
  /** The country pack the platform was seeded from (the fragments are added to it). */
  pack: () => Pack;
  keySecret: string;
  /** Seeds a pack in the caller's transaction: src/seed-pack.ts, which sits above the modules it seeds, handed in by app.ts. */
  seedPack: (trx: AnyDb, pack: Pack, who: Actor) => Promise<unknown>;
}

/** What an add would create (the preview) or did create. */
export interface OnboardingPlan {
  fragment: AgencyFragment;
  update: boolean;
}

/**
 * Checks a fragment against the pack and the live database: exactly the pack's rules, then that
 * the agency is new (or, with `update`, one that was onboarded), and that no service or registry
 * id is already another agency's. Throws FragmentInvalidError with every problem by path.
 */
export async function planAgency(conn: AnyDb, text: string, opts: { update: boolean }, settings: OnboardingSettings): Promise<{ plan: OnboardingPlan; merged: Pack }> {
  const { id, serviceIds } = idsIn(text);
  // The ids already taken in the database first: that is the clearest thing to say, alone.
  const taken: FragmentError[] = [];
  if (id) {
    const exists = await findAgency(conn, id);
    if (exists && !opts.update) taken.push({ path: 'agency.id', message: `an agency with the id "${id}" already exists; choose another id, or update it (--update) if it was onboarded` });
    if (opts.update && !exists) taken.push({ path: 'agency.id', message: `there is no agency "${id}" to update; add it without --update` });
    if (opts.update && exists && !(await isOnboarded(conn, id))) taken.push({ path: 'agency.id', message: `"${id}" comes from the country pack; change it there` });
  }
  for (const [i, serviceId] of serviceIds.entries()) {
    const row = serviceId ? await findService(conn, serviceId) : undefined;
    if (row && row.agency_id !== id) taken.push({ path: `services[${i}].id`, message: `the service id "${serviceId}" is already used by the agency "${row.agency_id}"` });
  }
  if (taken.length) throw new FragmentInvalidError(taken);
  const stored = await listOnboardedFragments(conn);
  const base = withFragments(settings.pack(), opts.update ? stored.filter((f) => f.agency.id !== id) : stored);
  const { fragment, merged } = checkFragment(text, base);
  return { plan: { fragment, update: opts.update }, merged };
}

/** The agency and service ids the fragment names, if its text is YAML with them. */
function idsIn(text: string): { id: string | undefined; serviceIds: (string | undefined)[] } {
  let value: { agency?: { id?: unknown }; services?: unknown } | null;
  try {
    value = parse(text) as typeof value;
  } catch {
    return { id: undefined, serviceIds: [] };
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const services = Array.isArray(value?.services) ? value.services as { id?: unknown }[] : [];
  return { id: str(value?.agency?.id), serviceIds: services.map((s) => str(s?.id)) };
}

export interface AddedAgency { agencyId: string; services: string[]; staff: string[]; credentialTypes: string[]; documentKey: string; exchangeKey: string }

/**
 * Adds (or updates) the agency in one transaction: the pack's seed with the fragment in it, the
 * fragment kept for the next restart, its quotas, its document-signing and exchange keys, and the
 * audit entries. Nothing else needs a restart: every page reads agencies and services per request.
 */
export async function addAgency(conn: AnyDb, text: string, opts: { update: boolean }, settings: OnboardingSettings, who: Actor): Promise<AddedAgency> {
  const { plan, merged } = await planAgency(conn, text, opts, settings);
  const { fragment } = plan;
  const id = fragment.agency.id;
  return conn.transaction().execute(async (trx) => {
    await settings.seedPack(trx, merged, who);
    await saveFragment(trx, fragment, who.actor);
    await saveQuotas(trx, id, fragment.quotas);
    const english = (t: Record<string, string>) => t.en ?? Object.values(t)[0] ?? '';
    const signing = await agencySigningIdentity(trx, id, { country: english(merged.country.name), agency: english(fragment.agency.name) }, settings.keySecret, who);
    const exchangeKey = await ensureExchangeKey(trx, settings.keySecret, id, who);
    await recordAudit(trx, who, {
      agencyId: id, action: plan.update ? 'onboarding.agency_updated' : 'onboarding.agency_added', target: `agency:${id}`,
      details: { services: fragment.services.map((s) => s.id), staff: fragment.staff.map((s) => s.email), credentialTypes: fragment.credentialTypes.map((c) => c.id), quotas: fragment.quotas },
    });
    return {
      agencyId: id, services: fragment.services.map((s) => s.id), staff: fragment.staff.map((s) => s.email), credentialTypes: fragment.credentialTypes.map((c) => c.id),
      documentKey: signing.certificate.serialNumber, exchangeKey,
    };
  });
}
