import { describe, it, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { copyOfDemoPack, DEMO_PACK, DEMO_RESIDENTS, migratedDatabase, seedTestPack } from '../../../test/support/platform.ts';
import type { Database } from '../../platform/db/database.ts';
import { loadPack } from '../packs/index.ts';
import { seedPack } from '../../seed-pack.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { checkConsent, ConsentRefused, findDataAgreement, findValidConsent, giveConsent, verifyConsentRecord, withdrawConsent, CONSENT_VALIDITY_DAYS } from './index.ts';

const AGREEMENT = 'child-allowance'; // welfare's; reads proof-of-residence and family-relations from interior
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

for (const target of databaseTargets()) {
  describe(`consent records [${target.name}]`, () => {
    let database: Database;
    let minjun: string, seoyeon: string;
    const db = () => database.db;
    const rows = async (query: string) => (await sql<Json>`${sql.raw(query)}`.execute(db())).rows;
    const count = async (table: string) => (await rows(`select count(*)::int as n from ${table}`))[0].n as number;
    const give = (residentId: string, extra: Partial<Parameters<typeof giveConsent>[1]> = {}) =>
      giveConsent(db(), { residentId, dataAgreementId: AGREEMENT, language: 'ko', channel: 'portal', applicationId: null, actor: `resident:${residentId}`, ...extra });
    const check = (consentId: string, residentId: string, consumerAgencyId = 'welfare', dataServiceId = 'proof-of-residence') =>
      checkConsent(db(), { consentId, residentId, consumerAgencyId, dataServiceId });

    before(async () => {
      database = await migratedDatabase(target);
      await seedTestPack(database, DEMO_PACK);
      minjun = (await findResidentByIdNumber(db(), DEMO_RESIDENTS.minjun.idNumber))!.id;
      seoyeon = (await findResidentByIdNumber(db(), DEMO_RESIDENTS.seoyeon.idNumber))!.id;
    });
    after(() => database.close());

    it('seeds a data agreement for each service that reads from other agencies, and re-seeds it unchanged', async () => {
      const agreement = await findDataAgreement(db(), AGREEMENT);
      assert.ok(agreement);
      assert.equal(agreement.controllerAgencyId, 'welfare');
      assert.equal(agreement.version, 1);
      assert.deepEqual(agreement.reads.map((r) => [r.dataServiceId, r.providerAgencyId]), [['proof-of-residence', 'interior'], ['family-relations', 'interior']]);
      assert.deepEqual(agreement.reads[0]!.fields, ['name', 'household', 'address', 'addressHistory']);
      assert.equal(await findDataAgreement(db(), 'passport-application'), undefined);
      const audits = await count('audit_log');
      const report = await seedTestPack(database, DEMO_PACK);
      assert.equal(report.dataAgreements.created + report.dataAgreements.updated, 0);
      assert.ok(report.dataAgreements.unchanged >= 1);
      assert.equal(await count('audit_log'), audits);
      assert.equal((await rows(`select count(*)::int as n from data_agreement_revisions where agreement_id = '${AGREEMENT}'`))[0].n, 1);
    });

    it('records a consent with its hash-chained revision and audit row, and gives it back while valid', async () => {
      const audits = await count('audit_log');
      const { id } = await give(minjun, { applicationId: '00000000-0000-4000-8000-000000000001' });
      assert.deepEqual(await findValidConsent(db(), { residentId: minjun, dataAgreementId: AGREEMENT }), { id });
      assert.deepEqual(await check(id, minjun), { ok: true });
      assert.deepEqual(await check(id, minjun, 'welfare', 'family-relations'), { ok: true });
      const [record] = await rows(`select * from consent_records where id = '${id}'`);
      assert.deepEqual([record.state, record.channel, record.language, record.controller_agency_id, record.data_agreement_version], ['given', 'portal', 'ko', 'welfare', 1]);
      const days = (new Date(record.expires_at).getTime() - new Date(record.given_at).getTime()) / 86_400_000;
      assert.equal(days, CONSENT_VALIDITY_DAYS);
      const [audit] = await rows(`select * from audit_log where target = 'consent:${id}'`);
      assert.deepEqual([audit.action, audit.actor, audit.agency_id, audit.acting_for], ['consent.given', `resident:${minjun}`, 'welfare', null]);
      assert.equal(await count('audit_log'), audits + 1);
      assert.deepEqual(await verifyConsentRecord(db(), id), { ok: true });
      // Asked twice (two tabs, a double click): still one consent.
      assert.deepEqual(await give(minjun), { id });
      assert.equal((await rows(`select count(*)::int as n from consent_records where resident_id = '${minjun}'`))[0].n, 1);
    });

    it('refuses a consent for another agency, another data service or another resident', async () => {
      const { id } = await give(minjun);
      assert.deepEqual(await check(id, minjun, 'health'), { ok: false, reason: 'consent_not_covering' });
      assert.deepEqual(await check(id, minjun, 'welfare', 'vehicle-ownership'), { ok: false, reason: 'consent_not_covering' });
      assert.deepEqual(await check(id, seoyeon), { ok: false, reason: 'consent_not_found' });
      assert.deepEqual(await check('not-a-uuid', minjun), { ok: false, reason: 'consent_not_found' });
      assert.deepEqual(await check('00000000-0000-4000-8000-000000000000', minjun), { ok: false, reason: 'consent_not_found' });
    });

    it('withdraws at once, keeps the history, and asks again afterwards', async () => {
      const { id } = await give(seoyeon);
      assert.equal(await withdrawConsent(db(), { consentId: id, residentId: minjun, actor: `resident:${minjun}` }), 'not_found');
      assert.deepEqual(await check(id, seoyeon), { ok: true });
      assert.equal(await withdrawConsent(db(), { consentId: id, residentId: seoyeon, actor: `resident:${seoyeon}` }), 'withdrawn');
      assert.deepEqual(await check(id, seoyeon), { ok: false, reason: 'consent_withdrawn' });
      assert.equal(await findValidConsent(db(), { residentId: seoyeon, dataAgreementId: AGREEMENT }), undefined);
      assert.equal(await withdrawConsent(db(), { consentId: id, residentId: seoyeon, actor: `resident:${seoyeon}` }), 'withdrawn');
      const revisions = await rows(`select * from consent_record_revisions where consent_id = '${id}' order by seq`);
      assert.deepEqual(revisions.map((r: Json) => r.state), ['given', 'withdrawn']);
      assert.equal(revisions[1].predecessor_hash, revisions[0].hash);
      assert.deepEqual((await rows(`select action from audit_log where target = 'consent:${id}' order by id`)).map((r: Json) => r.action), ['consent.given', 'consent.withdrawn']);
      assert.deepEqual(await verifyConsentRecord(db(), id), { ok: true });
      const again = await give(seoyeon);
      assert.notEqual(again.id, id);
      assert.deepEqual(await findValidConsent(db(), { residentId: seoyeon, dataAgreementId: AGREEMENT }), again);
    });

    it('lets a consent lapse after its validity', async () => {
      const { id } = await give(minjun);
      mock.timers.enable({ apis: ['Date'], now: Date.now() + (CONSENT_VALIDITY_DAYS + 1) * 86_400_000 });
      try {
        assert.deepEqual(await check(id, minjun), { ok: false, reason: 'consent_expired' });
        assert.equal(await findValidConsent(db(), { residentId: minjun, dataAgreementId: AGREEMENT }), undefined);
      } finally {
        mock.timers.reset();
      }
      assert.deepEqual(await check(id, minjun), { ok: true });
    });

    it('names both the representative and the principal when a representative consents', async () => {
      const youngja = (await findResidentByIdNumber(db(), DEMO_RESIDENTS.youngja.idNumber))!.id;
      const { id } = await give(youngja, { actor: `resident:${minjun}`, channel: 'counter' });
      const [record] = await rows(`select actor, acting_for from consent_records where id = '${id}'`);
      assert.deepEqual([record.actor, record.acting_for], [`resident:${minjun}`, `resident:${youngja}`]);
      const [audit] = await rows(`select actor, acting_for from audit_log where target = 'consent:${id}'`);
      assert.deepEqual([audit.actor, audit.acting_for], [`resident:${minjun}`, `resident:${youngja}`]);
    });

    it('refuses bad input and writes nothing', async () => {
      const before = [await count('consent_records'), await count('consent_record_revisions'), await count('audit_log')];
      const refused = async (p: Promise<unknown>, code: string) => assert.rejects(p, (err: unknown) => err instanceof ConsentRefused && err.code === code);
      await refused(give(minjun, { language: '<script>' }), 'invalid_input');
      await refused(give(minjun, { channel: 'fax' as never }), 'invalid_input');
      await refused(give(minjun, { dataAgreementId: 'no-such-service' }), 'unknown_agreement');
      await refused(give('00000000-0000-4000-8000-000000000000'), 'unknown_resident');
      await refused(give('someone'), 'unknown_resident');
      assert.deepEqual([await count('consent_records'), await count('consent_record_revisions'), await count('audit_log')], before);
    });

    it('joins the caller\'s transaction: when it rolls back, no consent stays', async () => {
      const jungho = (await findResidentByIdNumber(db(), DEMO_RESIDENTS.jungho.idNumber))!.id;
      const before = [await count('consent_records'), await count('consent_record_revisions'), await count('audit_log')];
      await assert.rejects(db().transaction().execute(async (trx) => {
        const { id } = await giveConsent(trx, { residentId: jungho, dataAgreementId: AGREEMENT, language: 'en', channel: 'portal', actor: `resident:${jungho}` });
        assert.ok(await findValidConsent(trx, { residentId: jungho, dataAgreementId: AGREEMENT }));
        assert.equal(await withdrawConsent(trx, { consentId: id, residentId: jungho, actor: `resident:${jungho}` }), 'withdrawn');
        throw new Error('the application could not be saved');
      }), /could not be saved/);
      assert.deepEqual([await count('consent_records'), await count('consent_record_revisions'), await count('audit_log')], before);
    });

    it('shows any change to a stored consent, and refuses to change its history', async () => {
      const { id } = await give(minjun);
      await assert.rejects(sql`update consent_record_revisions set state = 'withdrawn' where consent_id = ${id}`.execute(db()), /append-only/);
      await sql`update consent_records set application_id = 'forged' where id = ${id}`.execute(db());
      assert.deepEqual(await verifyConsentRecord(db(), id), { ok: false, problem: 'record_changed' });
    });

    it('gives a changed agreement a new version: old consents cover what they agreed to, new applications ask again', async () => {
      const { id } = await give(minjun);
      const dir = copyOfDemoPack();
      const file = path.join(dir, 'services', 'child-allowance.yaml');
      // Without family relations there is no child to choose from them either.
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('dataFromOtherAgencies: [proof-of-residence, family-relations]', 'dataFromOtherAgencies: [proof-of-residence]').replace(/\nprefill:\n( {2}.*\n)+/, '\n'));
      const report = await seedPack(db(), loadPack(dir), { actor: 'system:seed' });
      assert.equal(report.dataAgreements.updated, 1);
      assert.equal((await findDataAgreement(db(), AGREEMENT))!.version, 2);
      assert.equal(await findValidConsent(db(), { residentId: minjun, dataAgreementId: AGREEMENT }), undefined);
      assert.deepEqual(await check(id, minjun, 'welfare', 'family-relations'), { ok: true });
      const fresh = await give(minjun);
      assert.deepEqual(await check(fresh.id, minjun, 'welfare', 'family-relations'), { ok: false, reason: 'consent_not_covering' });
      fs.rmSync(dir, { recursive: true });
      await seedTestPack(database, DEMO_PACK);
      assert.equal((await findDataAgreement(db(), AGREEMENT))!.version, 3);
    });
  });
}
