import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { listPublicServices } from '../catalog/index.ts';
import { comingOfAge, legalRepresentationId } from './legal-representation.ts';
import { todayIn } from './mandate-state.ts';

const EN = { 'accept-language': 'en' };
// The demo pack's family relations register: 오하린 (born 2022-04-12) is 오지민's daughter.
const HARIN = { idNumber: '220412-4164326', name: '오하린', birthDate: '2022-04-12' };

describe('coming of age', () => {
  it('is the birthday at the adult age; 29 February counts as 1 March in other years', () => {
    assert.equal(comingOfAge('2022-04-12', 19), '2041-04-12');
    assert.equal(comingOfAge('2008-02-29', 19), '2027-03-01');
    assert.equal(comingOfAge('2008-02-29', 20), '2028-02-29');
  });

  it('names each parent-child pair by a stable id shaped like a UUID, different for each pair', () => {
    const a = legalRepresentationId('parent-1', 'child-1');
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(legalRepresentationId('parent-1', 'child-1'), a);
    assert.notEqual(legalRepresentationId('parent-2', 'child-1'), a);
  });
});

for (const target of databaseTargets()) {
  describe(`legal representatives of minors [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let parent: Visitor;
    const ids: Record<string, string> = {};

    before(async () => {
      platform = await startTestPlatform(target);
      parent = new Visitor(platform.app, EN);
      await parent.signUp(DEMO_RESIDENTS.jimin);
      for (const [key, idNumber] of Object.entries({ jimin: DEMO_RESIDENTS.jimin.idNumber, harin: HARIN.idNumber })) {
        ids[key] = (await findResidentByIdNumber(platform.database.db, idNumber))!.id;
      }
    });
    after(async () => platform?.close());

    const actButton = async (who: Visitor) => /name="mandate" value="([^"]+)"/.exec((await who.get('/me/mandates')).body)?.[1];

    it('a parent sees their minor child from the family register, without any mandate, until the child comes of age', async () => {
      const page = await parent.get('/me/mandates');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Legal representative of 오하린 \(until 2041-04-12\)/);
      assert.match(page.body, /Act for 오하린/);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from mandates`.execute(platform.database.db);
      assert.equal(rows[0]!.n, 0, 'no mandate was needed');
      const other = new Visitor(platform.app, EN);
      await other.signUp(DEMO_RESIDENTS.minjun);
      assert.doesNotMatch((await other.get('/me/mandates')).body, /Legal representative/, 'someone else\'s child is not shown');
    });

    it('acts for the child in every service; both identities are audited; the account stays the parent\'s', async () => {
      const id = await actButton(parent);
      assert.equal(id, legalRepresentationId(ids.jimin!, ids.harin!));
      assert.equal((await parent.post('/me/acting-for', { mandate: id! }, '/me/mandates')).statusCode, 303);
      const me = await parent.get('/me');
      assert.match(me.body, /You are acting for 오하린/);
      assert.equal((await parent.get('/me/account')).statusCode, 403);

      const [service] = await listPublicServices(platform.database.db);
      const started = await parent.post(`/services/${service!.id}/apply`, {});
      assert.equal(started.statusCode, 303);
      const applicationId = /\/me\/applications\/([^/]+)\/form/.exec(started.headers.location as string)![1]!;
      const app = await sql<{ resident_id: string }>`select resident_id from applications where id = ${applicationId}`.execute(platform.database.db);
      assert.equal(app.rows[0]!.resident_id, ids.harin, 'the application is the child\'s');
      const audit = await sql<{ actor: string; acting_for: string | null; action: string }>`select actor, acting_for, action from audit_log
        where action in ('mandate.acting_started', 'application.draft_started') and acting_for = ${`resident:${ids.harin}`} order by id`.execute(platform.database.db);
      assert.deepEqual(audit.rows, [
        { actor: `resident:${ids.jimin}`, acting_for: `resident:${ids.harin}`, action: 'mandate.acting_started' },
        { actor: `resident:${ids.jimin}`, acting_for: `resident:${ids.harin}`, action: 'application.draft_started' },
      ]);
      assert.equal((await parent.post('/me/acting-for/stop', {}, '/me')).statusCode, 303);
      const reads = await sql<{ resident_id: string; channel: string; registry_id: string }>`select resident_id, channel, registry_id from personal_data_reads
        where channel = 'representation' order by resident_id`.execute(platform.database.db);
      assert.deepEqual(reads.rows.map((r) => r.resident_id).sort(), [ids.jimin!, ids.harin!].sort(), 'one read logged for the parent and one for the child');
      assert.ok(reads.rows.every((r) => r.registry_id === 'family-relations'));
      assert.match((await parent.get('/me/data-usage')).body, /Checking that a parent may act for their minor child/);
    });

    it('nobody else can act for the child with the same id', async () => {
      const id = legalRepresentationId(ids.jimin!, ids.harin!);
      const stranger = new Visitor(platform.app, EN);
      await stranger.signUp(DEMO_RESIDENTS.jiwoo);
      assert.equal((await stranger.post('/me/acting-for', { mandate: id }, '/me')).statusCode, 404);
      assert.doesNotMatch((await stranger.get('/me')).body, /You are acting for/);
    });

    it('ends on the day the child comes of age: the next request is refused and the parent is themselves again', async () => {
      const id = (await actButton(parent))!;
      await parent.post('/me/acting-for', { mandate: id }, '/me/mandates');
      assert.match((await parent.get('/me')).body, /You are acting for 오하린/);
      // The years pass: today is the child's 19th birthday.
      const today = todayIn('Asia/Seoul');
      const born = `${Number(today.slice(0, 4)) - 19}${today.slice(4)}`;
      await sql`update residents set birth_date = ${born} where id = ${ids.harin}`.execute(platform.database.db);
      const next = await parent.get('/me/inbox');
      assert.equal(next.statusCode, 403);
      assert.match(next.body, /has been revoked or has ended/);
      assert.match((await parent.get('/me')).body, /Hello, 오지민/);
      assert.equal((await parent.post('/me/acting-for', { mandate: id }, '/me')).statusCode, 409);
      assert.doesNotMatch((await parent.get('/me/mandates')).body, /Legal representative of 오하린/);
      await sql`update residents set birth_date = ${HARIN.birthDate} where id = ${ids.harin}`.execute(platform.database.db);
    });
  });
}
