import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { compileEveryValidator } from './lazy-validators.ts';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, Visitor } from '../../../test/support/platform.ts';

describe('HTTP shell: security, errors and operations', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  before(async () => { platform = await startTestPlatform(databaseTargets()[0]!); });
  after(() => platform.close());
  const inject = (opts: InjectOptions) => platform.app.inject(opts);

  it('sends a strict Content-Security-Policy and the usual security headers', async () => {
    const res = await inject({ url: '/' });
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-request-id']);
    assert.doesNotMatch(res.body, /<script/i, 'pages carry no script');
  });

  it('links the style sheet by its content\'s version, kept a year at that address and a day without it', async () => {
    const href = /<link rel="stylesheet" href="(\/assets\/hanaro\.css\?v=[\w-]{12})"/.exec((await inject({ url: '/' })).body)?.[1];
    assert.ok(href, 'the page links a versioned style sheet');
    const current = await inject({ url: href });
    assert.equal(current.statusCode, 200);
    assert.equal(current.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await inject({ url: '/assets/hanaro.css?v=older-one00' })).headers['cache-control'], 'public, max-age=86400');
    assert.equal((await inject({ url: '/assets/hanaro.css' })).headers['cache-control'], 'public, max-age=86400');
  });

  it('sends pages, the style sheet and scripts compressed to whoever asks, and plain to whoever does not', async () => {
    const plain = await inject({ url: '/services', headers: { 'accept-language': 'en' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    for (let visit = 0; visit < 2; visit++) {
      const page = await inject({ url: '/services', headers: { 'accept-language': 'en', 'accept-encoding': 'gzip, deflate, br, zstd' } });
      assert.equal(page.headers['content-encoding'], 'br', `visit ${visit + 1}`);
      assert.match(String(page.headers.vary), /Accept-Encoding/i);
      assert.equal(brotliDecompressSync(page.rawPayload).toString(), plain.body, 'the same page');
      assert.ok(page.rawPayload.length < plain.rawPayload.length / 4, `${page.rawPayload.length} of ${plain.rawPayload.length} bytes`);
    }
    assert.equal((await inject({ url: '/services', headers: { 'accept-language': 'en', 'accept-encoding': 'br;q=0, gzip' } })).headers['content-encoding'], 'gzip', 'a refused encoding is not used');
    for (const url of ['/assets/hanaro.css', '/assets/identity/passkeys.js']) {
      const res = await inject({ url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.headers['content-encoding'], 'gzip', url);
      assert.equal(gunzipSync(res.rawPayload).toString(), (await inject({ url })).body, url);
    }
    const form = await inject({ url: '/office/sign-in', headers: { 'accept-encoding': 'br' } });
    assert.equal(form.headers['content-encoding'], 'br', 'a page rendered for one visitor too');
    assert.match(brotliDecompressSync(form.rawPayload).toString(), /<form[^>]+method="post"/);
  });

  it('keeps the request id a client sends, for tracing', async () => {
    const res = await inject({ url: '/healthz', headers: { 'x-request-id': 'trace-12345678' } });
    assert.equal(res.headers['x-request-id'], 'trace-12345678');
  });

  it('sets __Host- cookies that are Secure, HttpOnly and SameSite', async () => {
    const res = await inject({ url: '/office/sign-in' });
    const cookie = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('__Host-hanaro-csrf='));
    assert.ok(cookie, 'a CSRF cookie');
    assert.match(String(cookie), /Secure/);
    assert.match(String(cookie), /HttpOnly/);
    assert.match(String(cookie), /SameSite=Lax/);
    assert.match(String(cookie), /Path=\//);
  });

  it('refuses a form posted without its CSRF token, in the shell, without changing anything', async () => {
    const res = await inject({ method: 'POST', url: '/office/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }, payload: 'email=operator%40demo.hanaro.example&password=x' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /This form has expired/);
    assert.equal((await sql<{ n: number }>`select count(*)::int as n from sign_in_failures`.execute(platform.database.db)).rows[0]!.n, 0, 'not even a failed sign-in counted');
  });

  it('answers malformed JSON with a machine-readable 400 and no stack trace', async () => {
    const res = await inject({ method: 'POST', url: '/office/sign-in', headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: '{"email":' });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'invalid_json');
    assert.doesNotMatch(res.body, /at \w+ \(|node_modules|\.ts:/);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await inject({ method: 'POST', url: '/office/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, payload: `email=${'x'.repeat(300 * 1024)}` });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().code, 'body_too_large');
  });

  it('shows a 404 page in the shell, in the visitor\'s language', async () => {
    const ko = await inject({ url: '/no/such/page', headers: { 'accept-language': 'ko-KR,ko;q=0.9' } });
    assert.equal(ko.statusCode, 404);
    assert.match(ko.body, /<html lang="ko" dir="ltr"/);
    assert.match(ko.body, /페이지를 찾을 수 없습니다/);
    const json = await inject({ url: '/no/such/page', headers: { accept: 'application/json' } });
    assert.deepEqual(Object.keys(json.json()).sort(), ['code', 'message']);
  });

  it('escapes what a visitor types back into the page', async () => {
    const res = await inject({ url: `/services?q=${encodeURIComponent('"><script>alert(1)</script>')}` });
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /"><script>/, 'no attribute is broken out of');
    assert.match(res.body, /<h1>‘&#34;>&lt;script>alert\(1\)&lt;\/script>’/);
    assert.match(res.body, /value="&#34;><script>/, 'the quote is escaped inside the attribute');
  });

  it('remembers the language chosen and returns only to a local page', async () => {
    const visitor = new Visitor(platform.app, { 'accept-language': 'ko' });
    const form = /<form class="settings container" method="get" action="\/preferences">\s*<input type="hidden" name="return" value="([^"]+)"/.exec((await visitor.get('/services?q=x')).body);
    assert.equal(form?.[1], '/services?q=x', 'the header\'s form returns to the page it is on, and carries no CSRF token');
    const res = await visitor.get(`/preferences?lang=en&return=${encodeURIComponent('//evil.example/x')}`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    const home = await visitor.get('/');
    assert.match(home.body, /<html lang="en"/);
    assert.equal((await visitor.get('/preferences?lang=xx')).statusCode, 400, 'a language not offered');
  });

  it('reports health, readiness and Prometheus metrics', async () => {
    assert.deepEqual((await inject({ url: '/healthz' })).json(), { status: 'ok' });
    assert.deepEqual((await inject({ url: '/readyz' })).json(), { status: 'ready' });
    await inject({ url: '/agencies' });
    const metrics = (await inject({ url: '/metrics' })).body;
    assert.match(metrics, /hanaro_http_requests_total\{method="GET",route="\/agencies",status="200",agency="platform",service="unmatched"\} 1/);
    assert.match(metrics, /hanaro_http_request_duration_seconds_bucket/);
    assert.match(metrics, /hanaro_db_pool_connections\{state="total"\} [1-9]\d*\n/, 'the connections open, one at least');
    assert.match(metrics, /hanaro_job_queue_depth/);
  });

  it('answers malformed JSON on every JSON API as JSON with a code and an English message, whatever the language asked for', async () => {
    const apis = ['/govstack/registration/services/resident-registration-certificate/applications', '/govstack/consent/service/individual/record/data-agreement/child-allowance/',
      '/verifier/api/requests', '/exchange/r1/HANGYEOL/GOV/INTERIOR/registry/family-relations'];
    for (const url of apis) {
      const res = await inject({ method: 'POST', url, payload: '{"applicantId": ', headers: { 'content-type': 'application/json', 'accept-language': 'ko', accept: 'text/html,*/*', 'information-mediator-client': 'HANGYEOL/GOV/INTERIOR/PORTAL' } });
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers['content-type']), /^application\/json/, url);
      assert.deepEqual(res.json(), { code: 'invalid_json', message: 'The request body is not valid JSON.' }, url);
    }
    const invalid = await inject({ method: 'GET', url: '/govstack/registration/data/statistics?timeframe=decade', headers: { 'accept-language': 'ko', 'information-mediator-client': 'a/b/c/d' } });
    assert.equal(invalid.json().code, 'invalid_request');
    assert.doesNotMatch(invalid.json().message, /go back|[가-힣]/, 'no screen wording, no Korean');
  });

  it('answers an API path that cannot be parsed in the API\'s format, not a page\'s CSRF refusal', async () => {
    for (const url of ['/govstack/registration/tasks/a%zz/complete', '/govstack/registries/data/res%/1.0/read']) {
      const res = await inject({ method: 'POST', url, payload: {}, headers: { 'accept-language': 'ko' } });
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers['content-type']), /^application\/json/, url);
      assert.equal(res.json().code, 'invalid_path', url);
      assert.match(res.json().message, /percent-escape/, url);
    }
    for (const url of ['/govstack/registration/tasks/a#b/complete', '/govstack/consent/no-such-endpoint']) {
      const res = await inject({ method: 'POST', url, payload: {}, headers: { 'accept-language': 'ko' } });
      assert.deepEqual([res.statusCode, res.json().code], [404, 'not_found'], url);
      assert.equal(res.json().message, 'There is nothing at this address in this API.');
    }
  });

  it('answers a page address that cannot be parsed with the shell\'s 400 page, in the visitor\'s language', async () => {
    const res = await inject({ url: '/services/%00%ff', headers: { 'accept-language': 'ko', accept: 'text/html' } });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.match(res.body, /<html lang="ko"/);
    assert.match(res.body, /class="error-page"/);
    assert.match(res.body, /이 주소는 읽을 수 없습니다/);
  });

  it('has a schema Ajv accepts on every route (validators are compiled on first use, not at start)', () => {
    const compiled = compileEveryValidator();
    assert.ok(compiled > 50, `compiled ${compiled} validators`);
  });

  it('is not ready, and says it is not the database, when an applied migration was edited', async () => {
    const { db } = platform.database;
    const { rows: [first] } = await sql<{ id: string; checksum: string }>`select id, checksum from hanaro_migrations limit 1`.execute(db);
    await sql`update hanaro_migrations set checksum = 'edited' where id = ${first!.id}`.execute(db);
    try {
      const res = await inject({ url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.deepEqual(res.json(), { status: 'not_ready', reason: 'start_check_failed' });
    } finally {
      await sql`update hanaro_migrations set checksum = ${first!.checksum} where id = ${first!.id}`.execute(db);
    }
    assert.equal((await inject({ url: '/readyz' })).statusCode, 200);
  });
});

describe('rate limits', () => {
  it('slows down repeated sign-in attempts from one address with 429', async () => {
    const platform = await startTestPlatform(databaseTargets()[0]!, { signInAttemptsPerMinute: 10 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await platform.app.inject({ method: 'POST', url: '/office/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, payload: 'email=a@b.c&password=x' });
        codes.push(res.statusCode);
      }
      assert.equal(codes.at(-1), 429);
      assert.ok(codes.slice(0, 10).every((c) => c !== 429), codes.join(','));
    } finally {
      await platform.close();
    }
  });
});
