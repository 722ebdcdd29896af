import type { AnyDb } from '../../platform/db/database.ts';
import type { Change } from '../../platform/db/pack-rows.ts';
import type { Pack } from '../packs/index.ts';
import { canonicalJson, sha256 } from './revisions.ts';
import * as store from './store.ts';

type AgreementContent = Omit<store.AgreementRow, 'id' | 'version' | 'content_hash' | 'created_at' | 'updated_at' | 'retired_at'>;

/** The data agreement of each service that reads data from other agencies: what it reads, from whom, for what. */
export function agreementsOf(pack: Pack): { id: string; content: AgreementContent }[] {
  const dataServices = new Map(pack.dataServices.map((d) => [d.id, d]));
  return pack.services.filter((s) => s.dataFromOtherAgencies?.length).map((s) => ({
    id: s.id,
    content: {
      controller_agency_id: s.agency, purpose: s.title, lawful_basis: 'consent',
      attributes: s.dataFromOtherAgencies!.map((id) => {
        const d = dataServices.get(id);
        if (!d) throw new Error(`service ${s.id} reads data service ${id}, which the pack does not define`);
        return { dataServiceId: d.id, providerAgencyId: d.agency, registryId: d.registry, title: d.title, fields: [...d.returns], legalDuty: d.consent === 'legal-duty' };
      }),
    },
  }));
}

/** The agreement as its revision records it: what a consent to this version agreed to. */
export const agreementSnapshot = (id: string, version: number, c: AgreementContent) => canonicalJson({
  schemaName: 'DataAgreement', objectId: id, objectData: { id, version, controller: c.controller_agency_id, purpose: c.purpose, lawfulBasis: c.lawful_basis, attributes: c.attributes },
});

/**
 * Loads the pack's data agreements. A changed agreement gets a new version (and revision): consents to
 * the old version stay what they were and cover only what they agreed to. Re-seeding an unchanged pack writes nothing.
 */
export async function seedDataAgreements(trx: AnyDb, pack: Pack): Promise<{ id: string; agencyId: string; change: Change | 'retired' }[]> {
  const results: { id: string; agencyId: string; change: Change | 'retired' }[] = [];
  const wanted = agreementsOf(pack);
  for (const { id, content } of wanted) {
    const contentHash = sha256(canonicalJson(content));
    const existing = await store.findAgreement(trx, id);
    if (existing && existing.content_hash === contentHash && existing.retired_at === null) {
      results.push({ id, agencyId: content.controller_agency_id, change: 'unchanged' });
      continue;
    }
    const version = existing ? (existing.content_hash === contentHash ? existing.version : existing.version + 1) : 1;
    const row = { id, version, content_hash: contentHash, ...content };
    if (existing) await store.updateAgreement(trx, row);
    else await store.insertAgreement(trx, row);
    if (!existing || version !== existing.version) {
      const snapshot = agreementSnapshot(id, version, content);
      await store.insertAgreementRevision(trx, { agreement_id: id, version, snapshot, hash: sha256(snapshot), data_service_ids: content.attributes.map((x) => x.dataServiceId) });
    }
    results.push({ id, agencyId: content.controller_agency_id, change: existing ? 'updated' : 'created' });
  }
  for (const r of await store.retireAgreementsExcept(trx, wanted.map((w) => w.id))) results.push({ id: r.id, agencyId: r.controller_agency_id, change: 'retired' });
  return results;
}
