import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actingScope, actorOf } from '../../platform/http/guards.ts';
import { issueApiKey } from './issue-api-key.ts';
import { revokeApiKey } from './revoke-api-key.ts';
import * as store from './store.ts';
import { ApiKeysPage, NewKeyPage } from './views/api-keys.tsx';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

/** An agency administrator's API keys for their agency's systems. */
export function apiKeyOfficeRoutes(conn: AnyDb) {
  return async function routes(app: FastifyInstance) {
    app.get('/office/api-keys', { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      const keys = await store.listApiKeys(conn, scope);
      return reply.page((shell) => <ApiKeysPage shell={shell} keys={keys} values={{ label: '', scopes: [] }} />);
    });

    app.post('/office/api-keys', {
      schema: { body: { type: 'object', properties: { label: { type: 'string', maxLength: 500 }, scopes: { anyOf: [{ type: 'string', maxLength: 100 }, { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 100 } }] }, _csrf: { type: 'string' } } } },
    }, async (request, reply) => {
      const { staff, scope } = actingScope(request, ['agency_admin']);
      const body = request.body as { label?: string; scopes?: string | string[] };
      const values = { label: body.label ?? '', scopes: [body.scopes ?? []].flat() };
      const result = await issueApiKey(conn, scope, values, { staffId: staff.id, who: actorOf(request) });
      if (!result.ok) {
        const keys = await store.listApiKeys(conn, scope);
        return reply.page((shell) => <ApiKeysPage shell={shell} keys={keys} values={values} problem={result.problem} />, 400);
      }
      // The secret is shown on this page once; it is never in a URL or stored.
      return reply.header('cache-control', 'no-store').page((shell) => <NewKeyPage shell={shell} label={values.label.trim()} secret={result.secret} scopes={values.scopes} />);
    });

    app.post('/office/api-keys/:id/revoke', { config: { agencyScoped: true }, schema: { params: idParam } }, async (request, reply) => {
      const { scope } = actingScope(request, ['agency_admin']);
      await revokeApiKey(conn, scope, (request.params as { id: string }).id, actorOf(request));
      return reply.redirect('/office/api-keys', 303);
    });
  };
}

