import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { sql } from 'kysely';
import { DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';

const cardTitles = (html: string) => [...html.matchAll(/<h3 class="card-title"><a href="\/services\/([^"]+)"/g)].map((m) => m[1]);

for (const target of databaseTargets()) {
  describe(`catalog pages [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    before(async () => { platform = await startTestPlatform(target); });
    after(() => platform.close());
    const visitor = (locale: string) => new Visitor(platform.app, { 'accept-language': locale });

    it('answers the issue\'s two searches with the right service first', async () => {
      const ko = await visitor('ko').get(`/services?q=${encodeURIComponent('주민등록등본')}`);
      assert.equal(ko.statusCode, 200);
      assert.equal(cardTitles(ko.body)[0], 'resident-registration-certificate');
      assert.match(ko.body, /‘주민등록등본’ 검색 결과 \d+건/);
      const en = await visitor('en').get('/services?q=drivers+license');
      assert.equal(cardTitles(en.body)[0], 'driving-licence-renewal');
      assert.match(en.body, /value="drivers license"/, 'the query stays in the search box');
    });

    it('says so when nothing matches, with ways to browse instead', async () => {
      const res = await visitor('en').get('/services?q=xqzwv');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /No service matches “xqzwv”/);
      assert.match(res.body, /href="\/services\?category=certificates"/);
      assert.match(res.body, /href="\/services\?lifeEvent=birth"/);
      assert.deepEqual(cardTitles(res.body), []);
      const ko = await visitor('ko').get('/services?q=xqzwv');
      assert.match(ko.body, /‘xqzwv’에 해당하는 서비스가 없습니다/);
    });

    it('shows markup typed into the search box as text, and takes an overlong query without error', async () => {
      const res = await visitor('en').get(`/services?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
      assert.equal(res.statusCode, 200);
      // Inside a quoted attribute only the quote needs escaping; everywhere else < must be.
      assert.match(res.body, /value="(&quot;|&#34;)><script>alert\(1\)<\/script>"/);
      assert.doesNotMatch(res.body.replace(/value="[^"]*"/g, ''), /<script/);
      assert.match(res.body, /No service matches “(&quot;|&#34;)>&lt;script>alert\(1\)&lt;\/script>”/);
      const long = await visitor('en').get(`/services?q=passport${'+x'.repeat(900)}`);
      assert.equal(long.statusCode, 200);
      const empty = await visitor('en').get('/services?q=');
      assert.equal(cardTitles(empty.body).length, 24);
    });

    it('browses by category and by life event, and refuses one the pack does not have', async () => {
      const cat = await visitor('en').get('/services?category=travel');
      assert.equal(cat.statusCode, 200);
      assert.match(cat.body, /<h1>Passports and travel<\/h1>/);
      assert.deepEqual(cardTitles(cat.body).toSorted(), ['international-driving-permit', 'passport-application']);
      const life = await visitor('ko').get('/services?lifeEvent=turning-65');
      assert.match(life.body, /<h1>노후 준비<\/h1>/);
      assert.ok(cardTitles(life.body).includes('basic-senior-pension'));
      assert.ok(!cardTitles(life.body).includes('passport-application'));
      assert.equal((await visitor('en').get('/services?category=nope')).statusCode, 404);
      assert.equal((await visitor('en').get('/services?lifeEvent=nope')).statusCode, 404);
    });

    it('links the home page to every way of browsing', async () => {
      const home = await visitor('en').get('/');
      for (const href of ['/services?category=certificates', '/services?lifeEvent=birth', '/services?lifeEvent=turning-65', '/agencies/interior']) {
        assert.ok(home.body.includes(`href="${href}"`), href);
      }
      assert.match(home.body, /aria-describedby="q-hint"/);
    });

    it('says on a service page what it is for, who may apply, the cost, the time, what to bring and what you get', async () => {
      const res = await visitor('en').get('/services/resident-registration-certificate');
      assert.equal(res.statusCode, 200);
      for (const heading of ['What it is for', 'Who can apply', 'Fee', 'How long it takes', 'What you need', 'What you get']) {
        assert.ok(res.body.includes(heading), heading);
      }
      assert.match(res.body, /<a class="button" href="\/services\/resident-registration-certificate\/apply">Apply<\/a>/);
      assert.match(res.body, /href="\/services\?category=certificates"/);
      const ko = await visitor('ko').get('/services/basic-senior-pension');
      assert.match(ko.body, /신청하기/);
      assert.match(ko.body, /href="\/services\?lifeEvent=turning-65"/);
    });

    it('keeps the catalog pages for visitors not signed in: a strong ETag, 304 when unchanged, nothing personal, a new page when the catalog changes', async () => {
      const anonymous = await visitor('en').get('/services?category=certificates');
      assert.equal(anonymous.statusCode, 200);
      const etag = String(anonymous.headers.etag);
      assert.match(etag, /^"[\w-]{27}"$/);
      assert.equal(anonymous.headers['cache-control'], 'public, max-age=0, must-revalidate');
      assert.equal(anonymous.headers.vary, 'Cookie, Accept-Language, Accept-Encoding');
      assert.equal(anonymous.headers['set-cookie'], undefined, 'no CSRF secret for a page without a form that needs it');
      assert.doesNotMatch(anonymous.body, /name="_csrf"/);
      const again = await platform.app.inject({ url: '/services?category=certificates', headers: { 'accept-language': 'en', 'if-none-match': etag } });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      const korean = await visitor('ko').get('/services?category=certificates');
      assert.notEqual(korean.headers.etag, etag, 'each language its own page');

      const resident = visitor('en');
      await resident.signUp(DEMO_RESIDENTS.jimin);
      const signedIn = await resident.get('/services?category=certificates');
      assert.equal(signedIn.headers['cache-control'], 'no-store');
      assert.equal(signedIn.headers.etag, undefined);
      assert.match(signedIn.body, /<a href="\/me">/, 'the signed-in header');
      assert.doesNotMatch((await visitor('en').get('/services?category=certificates')).body, /<a href="\/me">/, 'the kept page is not his');

      await sql`update services set open = false where id = 'resident-registration-certificate'`.execute(platform.database.db);
      const changed = await visitor('en').get('/services?category=certificates');
      assert.notEqual(changed.headers.etag, etag, 'the catalog changed, so the page did');
      assert.ok(!cardTitles(changed.body).includes('resident-registration-certificate'));
      assert.equal((await platform.app.inject({ url: '/services?category=certificates', headers: { 'accept-language': 'en', 'if-none-match': etag } })).statusCode, 200);
      await sql`update services set open = true where id = 'resident-registration-certificate'`.execute(platform.database.db);
    });
  });
}
