import { createHash } from 'node:crypto';
import { inTransaction, type AnyDb } from './platform/db/database.ts';
import type { Change } from './platform/db/pack-rows.ts';
import { recordAudit, type Actor } from './platform/audit/audit.ts';
import { upsertCountry } from './modules/country/index.ts';
import { upsertAgency, retireAgenciesExcept, upsertStaff, setRoles, findStaffByEmail } from './modules/agencies/index.ts';
import { upsertService, retireServicesExcept } from './modules/catalog/index.ts';
import { hashPassword } from './modules/identity/index.ts';
import { upsertResident, retireResidentsExcept } from './modules/residents/index.ts';
import { upsertBundle, retireBundlesExcept } from './modules/bundles/index.ts';
import { seedRegistries } from './modules/registries/index.ts';
import { seedCredentialTypes } from './modules/credentials/index.ts';
import { seedDataServices } from './modules/exchange/index.ts';
import { seedDataAgreements } from './modules/consent/index.ts';
import type { Pack } from './modules/packs/index.ts';

/** `hashPassword` replaces the scrypt hash of new staff members' pack passwords (tests hash each password once). */
export interface SeedOptions { hashPassword?: (password: string) => Promise<string> }

export type SeedReport = Record<'country' | 'agencies' | 'services' | 'bundles' | 'staff' | 'residents' | 'registries' | 'credentialTypes' | 'dataServices' | 'dataAgreements', Record<Change | 'retired', number>>;

const contentHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const emptyCounts = () => ({ created: 0, updated: 0, unchanged: 0, retired: 0 });

/**
 * Loads a validated pack into the database in one transaction (the caller's, when `conn` is one): all of it or none of it.
 * Re-seeding an unchanged pack changes nothing; every change is audited as the seed's.
 */
export async function seedPack(conn: AnyDb, pack: Pack, who: Actor, opts: SeedOptions = {}): Promise<SeedReport> {
  const report: SeedReport = { country: emptyCounts(), agencies: emptyCounts(), services: emptyCounts(), bundles: emptyCounts(), staff: emptyCounts(), residents: emptyCounts(), registries: emptyCounts(), credentialTypes: emptyCounts(), dataServices: emptyCounts(), dataAgreements: emptyCounts() };
  const newPasswords = await hashPasswordsOfNewStaff(conn, pack, opts.hashPassword ?? hashPassword);
  // Inside a caller's transaction (onboarding an agency writes its keys and quotas with it), in that one.
  await inTransaction(conn, async (trx) => {
    const audit = async (kind: keyof SeedReport, change: Change | 'retired', target: string, agencyId: string | null) => {
      report[kind][change]++;
      if (change !== 'unchanged') await recordAudit(trx, who, { agencyId, action: `pack.${kind}.${change}`, target });
    };
    await audit('country', await upsertCountry(trx, pack.country, contentHash(pack.country)), `country:${pack.country.code}`, null);
    for (const a of pack.agencies) {
      const change = await upsertAgency(trx, {
        id: a.id, name: a.name, short_name: a.shortName ?? null, description: a.description, contact: a.contact, content_hash: contentHash(a),
      });
      await audit('agencies', change, `agency:${a.id}`, a.id);
    }
    for (const s of pack.services) await audit('services', await upsertService(trx, s, contentHash(s)), `service:${s.id}`, s.agency);
    for (const id of await retireServicesExcept(trx, pack.services.map((s) => s.id))) await audit('services', 'retired', `service:${id}`, null);
    for (const b of pack.bundles) await audit('bundles', await upsertBundle(trx, b, contentHash(b)), `bundle:${b.id}`, null);
    for (const id of await retireBundlesExcept(trx, pack.bundles.map((b) => b.id))) await audit('bundles', 'retired', `bundle:${id}`, null);
    for (const id of await retireAgenciesExcept(trx, pack.agencies.map((a) => a.id))) await audit('agencies', 'retired', `agency:${id}`, id);
    for (const member of pack.staff) {
      const { id, change } = await upsertStaff(trx, { email: member.email, name: member.name, passwordHash: newPasswords.get(member.email) ?? null });
      const roles = [
        ...member.roles.map((r) => ({ agencyId: r.agency, role: r.role as string })),
        ...(member.platformRoles ?? []).map((role) => ({ agencyId: null, role: role as string })),
      ];
      // The pack gives new staff their first roles; after that the back office owns them (docs/country-packs.md),
      // so a re-seed never undoes a role granted or revoked there.
      const { granted, revoked } = change === 'created' ? await setRoles(trx, id, roles) : { granted: [], revoked: [] };
      await audit('staff', change === 'unchanged' && (granted.length || revoked.length) ? 'updated' : change, `staff:${id}`, null);
      for (const r of [...granted.map((g) => ({ ...g, verb: 'granted' })), ...revoked.map((g) => ({ ...g, verb: 'revoked' }))]) {
        await recordAudit(trx, who, { agencyId: r.agencyId, action: `staff.role_${r.verb}`, target: `staff:${id}`, details: { role: r.role } });
      }
    }
    for (const r of pack.residents) {
      const { id, change } = await upsertResident(trx, {
        id_number: r.idNumber, name: r.name, name_latin: r.nameLatin ?? null, birth_date: r.birthDate,
        sex: r.sex, household: r.household, address: r.address, content_hash: contentHash(r),
      });
      await audit('residents', change, `resident:${id}`, null);
    }
    for (const id of await retireResidentsExcept(trx, pack.residents.map((r) => r.idNumber))) await audit('residents', 'retired', `resident:${id}`, null);
    for (const r of await seedRegistries(trx, pack)) await audit('registries', r.change, `registry:${r.id}`, r.agencyId);
    for (const c of await seedCredentialTypes(trx, pack)) await audit('credentialTypes', c.change, `credential-type:${c.id}`, c.agencyId);
    for (const d of await seedDataServices(trx, pack)) await audit('dataServices', d.change, `data-service:${d.id}`, d.agencyId);
    for (const a of await seedDataAgreements(trx, pack)) await audit('dataAgreements', a.change, `data-agreement:${a.id}`, a.agencyId);
  });
  return report;
}

async function hashPasswordsOfNewStaff(conn: AnyDb, pack: Pack, hash: (password: string) => Promise<string>): Promise<Map<string, string>> {
  const newcomers = [];
  for (const member of pack.staff) {
    if (member.password && !(await findStaffByEmail(conn, member.email))) newcomers.push({ email: member.email, password: member.password });
  }
  // scrypt runs on libuv's thread pool: hashing side by side uses every core.
  return new Map(await Promise.all(newcomers.map(async (m) => [m.email, await hash(m.password)] as const)));
}
