import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_PACK, copyOfDemoPack, migratedDatabase, seedTestPack } from '../../../test/support/platform.ts';
import type { Database } from '../../platform/db/database.ts';
import { findServices, MAX_QUERY_LENGTH, normalizeQuery } from './find-services.ts';

for (const target of databaseTargets()) {
  describe(`finding services [${target.name}]`, () => {
    let database: Database;
    before(async () => {
      database = await migratedDatabase(target);
      await seedTestPack(database, DEMO_PACK);
    });
    after(() => database.close());

    const ids = async (q: string, locale = 'en', browse: { category?: string; lifeEvent?: string } = {}) =>
      (await findServices(database.db, { q, ...browse }, locale)).map((s) => s.id);
    const first = async (q: string, locale = 'en') => (await ids(q, locale))[0];

    it('finds the resident registration certificate by the word residents use, 주민등록등본', async () => {
      assert.equal(await first('주민등록등본', 'ko'), 'resident-registration-certificate');
      assert.equal(await first('등본', 'ko'), 'resident-registration-certificate');
    });

    it('finds the licence renewal for "drivers license" and "driver\'s license"', async () => {
      assert.equal(await first('drivers license'), 'driving-licence-renewal');
      assert.equal(await first("driver's license"), 'driving-licence-renewal');
    });

    it('forgives a typo in English and in Korean', async () => {
      assert.equal(await first('drivers licnese'), 'driving-licence-renewal');
      assert.equal(await first('passprot'), 'passport-application');
      assert.equal(await first('주민등록 등복', 'ko'), 'resident-registration-certificate');
      assert.equal(await first('운전먼허', 'ko'), 'driving-licence-renewal');
    });

    it('finds a service from part of a word', async () => {
      assert.equal(await first('passp'), 'passport-application');
      assert.equal(await first('운전면', 'ko'), 'driving-licence-renewal');
      assert.equal(await first('기초연', 'ko'), 'basic-senior-pension');
      assert.ok((await ids('vaccin')).includes('vaccination-certificate'));
    });

    it('finds a service by a synonym the pack lists, in either language whatever the page language', async () => {
      assert.equal(await first('police clearance'), 'criminal-record-certificate');
      assert.equal(await first('이사', 'ko'), 'moving-in-report');
      assert.equal(await first('passport', 'ko'), 'passport-application');
    });

    it('ranks a title hit above a service that only lists the word among its synonyms', async () => {
      const found = await ids('certificate');
      assert.ok(found.length > 3);
      const titled = found.slice(0, 3);
      const rows = await findServices(database.db, { q: 'certificate' }, 'en');
      for (const id of titled) assert.match(rows.find((s) => s.id === id)!.definition.title.en!, /certificate/i);
    });

    it('finds a service by its agency name', async () => {
      const police = await ids('경찰청', 'ko');
      assert.deepEqual(police.toSorted(), ['criminal-record-certificate', 'driving-licence-renewal', 'international-driving-permit', 'traffic-accident-certificate']);
    });

    it('searches within a category or life event when one is chosen', async () => {
      const rows = await findServices(database.db, { q: 'certificate', category: 'transport' }, 'en');
      assert.equal(rows[0]?.id, 'traffic-accident-certificate');
      assert.ok(rows.every((s) => s.category === 'transport'));
      const birth = await ids('', 'en', { lifeEvent: 'birth' });
      assert.ok(birth.includes('birth-registration') && birth.includes('child-allowance'));
      assert.ok(!birth.includes('passport-application'));
    });

    it('answers an empty query with every service, and nonsense or markup with nothing, without error', async () => {
      const all = await ids('');
      assert.equal(all.length, 24);
      assert.deepEqual(await ids('xqzwv'), []);
      assert.deepEqual(await ids('<script>alert(1)</script>'), []);
      assert.deepEqual(await ids("'; drop table services; --"), []);
      assert.deepEqual(await ids('%_\\'), []);
      assert.equal((await ids('')).length, 24, 'the services table is still there');
    });

    it('cuts an overlong query instead of failing', async () => {
      const long = `passport ${'x'.repeat(5000)}`;
      assert.equal(normalizeQuery(long).length, MAX_QUERY_LENGTH);
      assert.doesNotThrow(() => normalizeQuery(long));
      assert.ok(Array.isArray(await ids(long)));
    });

    it('does not find a service the agency has closed, nor one a re-seeded pack dropped, and finds new synonyms at once', async () => {
      await sql`update services set open = false where id = 'passport-application'`.execute(database.db);
      assert.ok(!(await ids('passport')).includes('passport-application'));
      await sql`update services set open = true where id = 'passport-application'`.execute(database.db);

      const pack = copyOfDemoPack();
      const { rm, readFile, writeFile } = await import('node:fs/promises');
      await rm(`${pack}/services/seal-registration-certificate.yaml`);
      const licence = `${pack}/services/driving-licence-renewal.yaml`;
      await writeFile(licence, (await readFile(licence, 'utf8')).replace('  en: [driving licence renewal,', '  en: [motoring permit renewal, driving licence renewal,'));
      await seedTestPack(database, pack);
      assert.deepEqual(await ids('인감', 'ko'), []);
      assert.equal(await first('motoring permit'), 'driving-licence-renewal');
      await seedTestPack(database, DEMO_PACK);
      assert.equal(await first('인감', 'ko'), 'seal-registration-certificate');
    });
  });
}
