import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandling } from '../../platform/http/error-handling.tsx';
import { formLabelSeal } from '../../platform/http/form-labels.ts';
import { ApplicationRefused } from './index.ts';

// A module's refusal is the kernel's: thrown from any route, the one error handler answers it as a
// 4xx with its code and message, and its detail stays in the log.
describe('a module refusal thrown from a route', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify({ logger: false });
    registerErrorHandling(app, formLabelSeal('a test secret of at least thirty-two characters'));
    app.get('/closed', async () => { throw new ApplicationRefused('service_closed', 'internal: service row 42 closed by pack'); });
    app.get('/not-yours', async () => { throw new ApplicationRefused('not_allowed', 'staff 7 lacks role officer'); });
    app.get('/drafted', async () => { throw new ApplicationRefused('consent_needed', 'agreement a-1'); });
    await app.ready();
  });
  after(() => app.close());

  for (const [url, status, code] of [['/closed', 409, 'service_closed'], ['/not-yours', 403, 'forbidden'], ['/drafted', 409, 'wrong_state']] as const) {
    it(`answers ${url} with ${status} ${code} and never the detail`, async () => {
      const res = await app.inject({ url, headers: { accept: 'application/json' } });
      assert.equal(res.statusCode, status);
      const body = res.json() as { code: string; message: string };
      assert.equal(body.code, code);
      assert.match(body.message, /\s/, 'a translated sentence, not a message key');
      assert.doesNotMatch(res.body, /internal|staff 7|agreement a-1/);
    });
  }
});
