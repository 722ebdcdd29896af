/** Kept catalog pages answered before the app's hooks, over a real socket: the same answer the app gives, never a stale or a personal one. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform } from '../../../test/support/platform.ts';
import { cookieName } from './cookies.ts';

// The test platform sets secure cookies, as production does.
const cookie = (name: string, value: string) => `${cookieName(name, true)}=${value}`;

const SERVICE = '/services/resident-registration-certificate';
/** @fastify/rate-limit marks every answer the app gives; the front door answers before it. */
const byApp = (res: Response) => res.headers.has('x-ratelimit-limit');

for (const target of databaseTargets()) {
  describe(`the front door [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    let base: string;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { 'accept-language': 'en', 'accept-encoding': 'identity', ...headers } });
    /** Asks until the front door answers (the catalog feed listens a moment after start). */
    const fromDoor = async (path: string, headers: Record<string, string> = {}) => {
      for (let i = 0; i < 100; i++) {
        const res = await get(path, headers);
        if (!byApp(res)) return res;
        await res.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the front door never answered ${path}`);
    };

    before(async () => {
      platform = await startTestPlatform(target);
      await platform.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(platform.app.server.address() as AddressInfo).port}`;
    });
    after(() => platform.close());

    it('sends a kept page as the app sent it: same bytes, ETag, security headers, a request id, and counted on the console', async () => {
      const first = await get(SERVICE);
      assert.equal(first.status, 200);
      assert.ok(byApp(first), 'the first visit renders the page in the app');
      const rendered = await first.text();
      const kept = await fromDoor(SERVICE);
      assert.equal(kept.status, 200);
      assert.equal(await kept.text(), rendered);
      for (const header of ['etag', 'cache-control', 'vary', 'content-type', 'content-security-policy', 'x-frame-options', 'referrer-policy', 'x-content-type-options']) {
        assert.equal(kept.headers.get(header), first.headers.get(header), header);
      }
      assert.match(kept.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      assert.equal((await get(SERVICE, { 'x-request-id': 'trace-me-12345' })).headers.get('x-request-id'), 'trace-me-12345');
      const metrics = await (await get('/metrics')).text();
      const line = metrics.split('\n').find((l) => l.startsWith('hanaro_http_requests_total{') && l.includes('route="/services/:id"') && l.includes('service="resident-registration-certificate"'));
      assert.ok(line && Number(line.split(' ').at(-1)) >= 3, `every answer counted for the service: ${line}`);
    });

    it('answers 304 to a visitor who has the page, and Brotli to one who asks for it', async () => {
      const kept = await fromDoor(SERVICE);
      const etag = kept.headers.get('etag')!;
      const body = await kept.text();
      const again = await fromDoor(SERVICE, { 'if-none-match': etag });
      assert.equal(again.status, 304);
      const compressed = await fromDoor(SERVICE, { 'accept-encoding': 'gzip, br' });
      assert.equal(compressed.headers.get('content-encoding'), 'br');
      const raw = await fetch(`${base}${SERVICE}`, { headers: { 'accept-language': 'en', 'accept-encoding': 'br' } });
      assert.equal(raw.headers.get('content-encoding'), 'br');
      assert.ok(!byApp(raw));
      // fetch decodes Brotli itself: the text is the page.
      assert.equal(await raw.text(), body);
      await compressed.arrayBuffer();
    });

    it('keeps each language apart, and sends anyone with a session cookie through the app', async () => {
      await get(SERVICE, { 'accept-language': 'ko' });
      const korean = await fromDoor(SERVICE, { 'accept-language': 'ko' });
      assert.match(await korean.text(), /<html lang="ko"/);
      const english = await fromDoor(SERVICE);
      assert.match(await english.text(), /<html lang="en"/);
      assert.ok(byApp(await get(SERVICE, { cookie: cookie('hanaro-resident', 'someone') })), 'a session goes to the app');
      const large = { cookie: `${cookie('hanaro-text', 'large')}; ${cookie('hanaro-lang', 'ko')}` };
      await get(SERVICE, large);
      assert.match(await (await fromDoor(SERVICE, large)).text(), /<html lang="ko" dir="ltr" data-text-size="large"/);
    });

    it('never sends a page older than the catalog: a change is shown at the next request', async () => {
      const before = await (await fromDoor(SERVICE)).text();
      assert.doesNotMatch(before, /Renamed by the ministry/);
      await sql`update services set definition = jsonb_set(definition, '{title,en}', '"Renamed by the ministry"') where id = 'resident-registration-certificate'`.execute(platform.database.db);
      const after = await get(SERVICE);
      assert.match(await after.text(), /Renamed by the ministry/);
    });
  });
}
