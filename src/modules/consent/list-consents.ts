import type { AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import { listAgencies } from '../agencies/index.ts';
import { listRegistryWords, type RegistryWords } from '../registries/index.ts';
import type { AgreementAttribute } from './store.ts';
import * as store from './store.ts';

export type ConsentStatus = 'active' | 'withdrawn' | 'expired';

/** One consent as the resident sees it: what they agreed to then, not what the agreement says today. */
export interface ConsentView {
  id: string; purpose: Text; controller: Text; status: ConsentStatus;
  givenAt: Date; expiresAt: Date; withdrawnAt: Date | null; applicationId: string | null;
  /** `words`: what the registry read calls its fields. */
  reads: { title: Text; provider: Text; fields: string[]; words: RegistryWords; legalDuty: boolean }[];
}

export const statusOf = (c: Pick<store.ConsentRow, 'state' | 'expires_at'>, now = new Date()): ConsentStatus =>
  c.state === 'withdrawn' ? 'withdrawn' : c.expires_at <= now ? 'expired' : 'active';

interface AgreedVersion { purpose: Text; controller: string; attributes: AgreementAttribute[] }

/** Every consent the resident gave, newest first, each with the version of the agreement it was given to. */
export async function listConsents(conn: AnyDb, residentId: string): Promise<ConsentView[]> {
  const rows = await store.listResidentConsents(conn, residentId);
  const agencies = new Map((await listAgencies(conn)).map((a) => [a.id, a.name]));
  const agencyName = (id: string) => agencies.get(id) ?? { en: id };
  const registries = await listRegistryWords(conn);
  const versions = new Map<string, AgreedVersion>();
  for (const r of rows) {
    const key = `${r.data_agreement_id}@${r.data_agreement_version}`;
    if (versions.has(key)) continue;
    const revision = await store.findAgreementRevision(conn, r.data_agreement_id, r.data_agreement_version);
    versions.set(key, (JSON.parse(revision!.snapshot) as { objectData: AgreedVersion }).objectData);
  }
  return rows.map((r) => {
    const agreed = versions.get(`${r.data_agreement_id}@${r.data_agreement_version}`)!;
    return {
      id: r.id, purpose: agreed.purpose, controller: agencyName(agreed.controller), status: statusOf(r),
      givenAt: r.given_at, expiresAt: r.expires_at, withdrawnAt: r.withdrawn_at, applicationId: r.application_id,
      reads: agreed.attributes.map((a) => ({ title: a.title, provider: agencyName(a.providerAgencyId), fields: a.fields, words: registries.get(a.registryId) ?? {}, legalDuty: a.legalDuty })),
    };
  });
}
