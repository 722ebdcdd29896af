import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';

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
  });
}
