import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor, type DemoResident } from '../../../test/support/platform.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { listPublicServices } from '../catalog/index.ts';

const EN = { 'accept-language': 'en' };

for (const target of databaseTargets()) {
  describe(`mandates [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let grantor: Visitor;
    let representative: Visitor;
    let covered: string;
    let uncovered: string;
    const ids: Record<string, string> = {};

    before(async () => {
      platform = await startTestPlatform(target);
      const services = await listPublicServices(platform.database.db);
      [covered, uncovered] = [services[0]!.id, services[1]!.id];
      grantor = new Visitor(platform.app, EN);
      representative = new Visitor(platform.app, EN);
      await grantor.signUp(DEMO_RESIDENTS.minjun);
      await representative.signUp(DEMO_RESIDENTS.seoyeon);
      for (const [key, r] of Object.entries({ minjun: DEMO_RESIDENTS.minjun, seoyeon: DEMO_RESIDENTS.seoyeon })) {
        ids[key] = (await findResidentByIdNumber(platform.database.db, r.idNumber))!.id;
      }
    });
    after(async () => platform?.close());

    const grant = (who: Visitor, to: DemoResident, extra: Record<string, string> = {}) => who.post('/me/mandates', {
      representativeIdNumber: to.idNumber, representativeName: to.name, scope: 'all', validFrom: today(), validUntil: nextYear(), ...extra,
    }, '/me/mandates/new');

    /** The mandate the representative was last given, from their list's "Act for" button. */
    async function newestReceived(): Promise<string> {
      const page = await representative.get('/me/mandates');
      const id = /name="mandate" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(id, 'an "Act for" button');
      return id;
    }

    it('grants a mandate for one service, acts under it and is refused outside it; both identities are audited', async () => {
      const granted = await grant(grantor, DEMO_RESIDENTS.seoyeon, { scope: 'chosen', services: covered });
      assert.equal(granted.statusCode, 303, /<div class="error-summary"[\s\S]*?<\/div>/.exec(granted.body)?.[0]);
      const mandateId = await newestReceived();
      assert.equal((await representative.post('/me/acting-for', { mandate: mandateId })).statusCode, 303);

      const me = await representative.get('/me');
      assert.match(me.body, /You are acting for 김민준/);
      assert.match(me.body, /action="\/me\/acting-for\/stop"/);
      assert.doesNotMatch(me.body, /href="\/me\/account"/, 'account and security are not the representative\'s to change');
      assert.equal((await representative.get('/me/account')).statusCode, 403);
      assert.equal((await representative.get('/me/mandates/new')).statusCode, 403);

      const started = await representative.post(`/services/${covered}/apply`, {});
      assert.equal(started.statusCode, 303);
      const applicationId = /\/me\/applications\/([^/]+)\/form/.exec(started.headers.location as string)![1]!;
      const { rows } = await sql<{ resident_id: string }>`select resident_id from applications where id = ${applicationId}`.execute(platform.database.db);
      assert.equal(rows[0]!.resident_id, ids.minjun, 'the application is the principal\'s');

      const refused = await representative.post(`/services/${uncovered}/apply`, {});
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /does not cover this service/);
      assert.equal((await representative.get(`/services/${uncovered}/apply`)).statusCode, 403);
      assert.equal((await representative.get('/me/documents')).statusCode, 403, 'documents need a mandate for every service');

      const audit = await sql<{ actor: string; acting_for: string | null }>`select actor, acting_for from audit_log
        where action = 'application.draft_started' and target like ${`%${applicationId}%`}`.execute(platform.database.db);
      assert.deepEqual(audit.rows, [{ actor: `resident:${ids.seoyeon}`, acting_for: `resident:${ids.minjun}` }]);

      const mine = await grantor.get('/me/mandates');
      assert.match(mine.body, /Actions taken for you/);
      assert.match(mine.body, /Started an application/);
      assert.match(mine.body, /이서연/);
    });

    it('another resident, or the representative, cannot revoke my mandate', async () => {
      await representative.post('/me/acting-for/stop', {});
      const mandateId = await newestReceived();
      const stranger = new Visitor(platform.app, EN);
      await stranger.signUp(DEMO_RESIDENTS.jiwoo);
      assert.equal((await stranger.post(`/me/mandates/${mandateId}/revoke`, {})).statusCode, 404);
      assert.equal((await representative.post(`/me/mandates/${mandateId}/revoke`, {})).statusCode, 404);
      const row = await sql<{ revoked_at: Date | null }>`select revoked_at from mandates where id = ${mandateId}`.execute(platform.database.db);
      assert.equal(row.rows[0]!.revoked_at, null);
    });

    it('revoked: the representative\'s next request is refused, the banner is gone, then they are themselves', async () => {
      const mandateId = await newestReceived();
      await representative.post('/me/acting-for', { mandate: mandateId });
      assert.match((await representative.get('/me/applications')).body, /You are acting for 김민준/);
      assert.equal((await grantor.post(`/me/mandates/${mandateId}/revoke`, {}, '/me/mandates')).statusCode, 303);

      const next = await representative.get('/me/applications');
      assert.equal(next.statusCode, 403);
      assert.match(next.body, /has been revoked or has ended/);
      assert.doesNotMatch(next.body, /You are acting for/);
      const after = await representative.get('/me');
      assert.equal(after.statusCode, 200);
      assert.match(after.body, /Hello, 이서연/);
      assert.equal((await representative.post('/me/acting-for', { mandate: mandateId })).statusCode, 409);
      const revoked = await sql<{ actor: string }>`select actor from audit_log where action = 'mandate.revoked' and target = ${`mandate:${mandateId}`}`.execute(platform.database.db);
      assert.deepEqual(revoked.rows, [{ actor: `resident:${ids.minjun}` }]);
    });

    it('expired: a mandate past its last day ends the acting session on the next request', async () => {
      assert.equal((await grant(grantor, DEMO_RESIDENTS.seoyeon)).statusCode, 303);
      const mandateId = await newestReceived();
      await representative.post('/me/acting-for', { mandate: mandateId });
      assert.match((await representative.get('/me')).body, /You are acting for 김민준/);
      // The days pass: the mandate ran from 2020 to the end of 2020.
      await sql`update mandates set valid_from = '2020-01-01', valid_until = '2020-12-31' where id = ${mandateId}`.execute(platform.database.db);
      const next = await representative.get('/me/inbox');
      assert.equal(next.statusCode, 403);
      assert.match(next.body, /has been revoked or has ended/);
      assert.match((await grantor.get('/me/mandates')).body, /Ended/);
    });

    it('the representative declines a mandate and can no longer act under it', async () => {
      await grant(grantor, DEMO_RESIDENTS.seoyeon);
      const mandateId = await newestReceived();
      assert.equal((await representative.post(`/me/mandates/${mandateId}/decline`, {}, '/me/mandates')).statusCode, 303);
      assert.equal((await representative.post('/me/acting-for', { mandate: mandateId })).statusCode, 409);
      assert.match((await grantor.get('/me/mandates')).body, /Declined/);
      const declined = await sql<{ actor: string }>`select actor from audit_log where action = 'mandate.declined' and target = ${`mandate:${mandateId}`}`.execute(platform.database.db);
      assert.deepEqual(declined.rows, [{ actor: `resident:${ids.seoyeon}` }]);
    });

    it('cannot grant to yourself, to someone without an account, or to a name that does not match; what was typed stays', async () => {
      const count = async () => Number((await sql<{ n: string }>`select count(*) as n from mandates`.execute(platform.database.db)).rows[0]!.n);
      const before = await count();
      const self = await grant(grantor, DEMO_RESIDENTS.minjun);
      assert.equal(self.statusCode, 400);
      assert.match(self.body, /This is your own/);
      const noAccount = await grant(grantor, DEMO_RESIDENTS.jungho);
      assert.equal(noAccount.statusCode, 400);
      assert.match(noAccount.body, /has no account here yet/);
      assert.match(noAccount.body, new RegExp(`value="${DEMO_RESIDENTS.jungho.idNumber}"`));
      const wrongName = await grant(grantor, DEMO_RESIDENTS.seoyeon, { representativeName: '이서윤' });
      assert.match(wrongName.body, /No resident has this/);
      const dates = await grant(grantor, DEMO_RESIDENTS.seoyeon, { validFrom: nextYear(), validUntil: today() });
      assert.match(dates.body, /on or after the first day/);
      const none = await grant(grantor, DEMO_RESIDENTS.seoyeon, { scope: 'chosen' });
      assert.match(none.body, /Tick at least one service/);
      assert.equal(await count(), before, 'nothing half-granted');
    });
  });
}

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function nextYear(): string {
  const d = today();
  return `${Number(d.slice(0, 4)) + 1}${d.slice(4, 7)}-28`;
}
