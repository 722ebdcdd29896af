import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { checkConsent, giveConsent } from './index.ts';

const EN = { 'accept-language': 'en' };
// Mandates are dated in the country's time zone.
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const nextYear = () => `${Number(today().slice(0, 4)) + 1}-06-30`;

for (const target of databaseTargets()) {
  describe(`/me/consents [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let minjun: Visitor, seoyeon: Visitor;
    const ids: Record<string, string> = {};
    const db = () => platform.database.db;
    const give = (residentId: string) => giveConsent(db(), { residentId, dataAgreementId: 'child-allowance', language: 'en', channel: 'portal', actor: `resident:${residentId}` });
    const check = (consentId: string, residentId: string) => checkConsent(db(), { consentId, residentId, consumerAgencyId: 'welfare', dataServiceId: 'proof-of-residence' });

    before(async () => {
      platform = await startTestPlatform(target);
      minjun = new Visitor(platform.app, EN);
      seoyeon = new Visitor(platform.app, EN);
      await minjun.signUp(DEMO_RESIDENTS.minjun);
      await seoyeon.signUp(DEMO_RESIDENTS.seoyeon);
      for (const key of ['minjun', 'seoyeon'] as const) ids[key] = (await findResidentByIdNumber(db(), DEMO_RESIDENTS[key].idNumber))!.id;
    });
    after(() => platform?.close());

    it('sends a visitor who is not signed in to sign in', async () => {
      const res = await new Visitor(platform.app, EN).get('/me/consents');
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^\/sign-in\?return=%2Fme%2Fconsents/);
    });

    it('shows what was agreed and withdraws it at once, only with the form\'s token and only the resident\'s own', async () => {
      const own = await give(ids.minjun!);
      const theirs = await give(ids.seoyeon!);
      const page = await minjun.get('/me/consents');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Apply for child allowance/);
      assert.match(page.body, /Proof of residence/);
      assert.match(page.body, /Earlier addresses/);
      assert.match(page.body, new RegExp(`action="/me/consents/${own.id}/withdraw"`));
      assert.doesNotMatch(page.body, new RegExp(theirs.id));
      assert.match((await minjun.get('/me')).body, /href="\/me\/consents"/);

      const forged = await platform.app.inject({ method: 'POST', url: `/me/consents/${own.id}/withdraw`, headers: { ...EN, cookie: [...minjun.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(forged.statusCode, 403);
      assert.equal((await minjun.post(`/me/consents/${theirs.id}/withdraw`, {}, '/me/consents')).statusCode, 404);
      assert.deepEqual(await check(theirs.id, ids.seoyeon!), { ok: true });

      const done = await minjun.post(`/me/consents/${own.id}/withdraw`, {}, '/me/consents');
      assert.deepEqual([done.statusCode, done.headers.location], [303, '/me/consents?notice=withdrawn']);
      assert.deepEqual(await check(own.id, ids.minjun!), { ok: false, reason: 'consent_withdrawn' });
      const after = await minjun.get('/me/consents?notice=withdrawn');
      assert.match(after.body, /role="status"[\s\S]*Consent withdrawn/);
      assert.match(after.body, /You have no consent in force/);
    });

    it('shows a representative the principal\'s consents only under a mandate for every service', async () => {
      const { id } = await give(ids.minjun!);
      const used: string[] = [];
      const actFor = async (scope: Record<string, string>) => {
        assert.equal((await minjun.post('/me/mandates', { representativeIdNumber: DEMO_RESIDENTS.seoyeon.idNumber, representativeName: DEMO_RESIDENTS.seoyeon.name, validFrom: today(), validUntil: nextYear(), ...scope }, '/me/mandates/new')).statusCode, 303);
        const mandate = [...(await seoyeon.get('/me/mandates')).body.matchAll(/name="mandate" value="([^"]+)"/g)].map((m) => m[1]!).find((m) => !used.includes(m));
        assert.ok(mandate);
        used.push(mandate);
        assert.equal((await seoyeon.post('/me/acting-for', { mandate })).statusCode, 303);
      };
      await actFor({ scope: 'chosen', services: 'child-allowance' });
      assert.equal((await seoyeon.get('/me/consents')).statusCode, 403);
      assert.equal((await seoyeon.post(`/me/consents/${id}/withdraw`, {}, '/me')).statusCode, 403);
      await seoyeon.post('/me/acting-for/stop', {});
      await actFor({ scope: 'all' });
      assert.match((await seoyeon.get('/me/consents')).body, new RegExp(`/me/consents/${id}/withdraw`));
      assert.equal((await seoyeon.post(`/me/consents/${id}/withdraw`, {}, '/me/consents')).statusCode, 303);
      const [audit] = (await sql<{ actor: string; acting_for: string }>`select actor, acting_for from audit_log where target = ${`consent:${id}`} and action = 'consent.withdrawn'`.execute(db())).rows;
      assert.deepEqual([audit!.actor, audit!.acting_for], [`resident:${ids.seoyeon}`, `resident:${ids.minjun}`]);
    });
  });
}
