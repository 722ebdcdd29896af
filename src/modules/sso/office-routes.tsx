import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actingScope, actorOf } from '../../platform/http/guards.ts';
import type { ApiScope } from '../../platform/http/api-scopes.ts';
import { SUBJECT_TYPES, type ClientInput, type ClientPolicy } from './client-input.ts';
import { registerClient } from './register-client.ts';
import { updateClient } from './update-client.ts';
import { deleteClient } from './delete-client.ts';
import { findAgencyClient, listAgencyClients, type AuthMethod, type ClientRecord, type SubjectType } from './store.ts';
import { ClientFormPage, OfficeClientsPage, type ClientFormValues } from './views/office.tsx';

const ADMIN = ['agency_admin'] as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const text = (max: number) => ({ type: 'string', maxLength: max });
const list = { anyOf: [{ type: 'string', maxLength: 64 }, { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 64 } }] };
const formBody = {
  type: 'object',
  properties: {
    name: text(256), logoUri: text(1024), redirectUris: text(8000), authMethod: text(40), publicJwk: text(8000), status: text(20), subjectType: text(20),
    grantTypes: list, userClaims: list, apiScopes: list, _csrf: text(200),
  },
};

const many = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

function valuesOf(request: FastifyRequest): ClientFormValues {
  const b = request.body as Record<string, unknown>;
  const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
  return {
    name: s('name'), logoUri: s('logoUri'), redirectUris: s('redirectUris'), authMethod: s('authMethod'), publicJwk: s('publicJwk'),
    status: s('status') || 'active', grantTypes: many(b.grantTypes), userClaims: many(b.userClaims), apiScopes: many(b.apiScopes),
    subjectType: s('subjectType') || 'pairwise',
  };
}

function inputOf(v: ClientFormValues): ClientInput {
  let publicJwk: JsonWebKey | null = null;
  try {
    publicJwk = v.publicJwk.trim() ? JSON.parse(v.publicJwk) as JsonWebKey : null;
  } catch { /* checkClientInput reports it */ }
  return {
    name: v.name, logoUri: v.logoUri.trim() || null, redirectUris: v.redirectUris.split(/\s+/).filter(Boolean), grantTypes: v.grantTypes,
    authMethod: v.authMethod as AuthMethod, publicJwk, userClaims: v.userClaims, apiScopes: v.apiScopes, acrValues: [],
    status: v.status === 'inactive' ? 'inactive' : 'active',
    subjectType: (SUBJECT_TYPES as readonly string[]).includes(v.subjectType) ? v.subjectType as SubjectType : 'pairwise',
  };
}

function formOf(c: ClientRecord): ClientFormValues {
  return {
    name: c.name, logoUri: c.logo_uri ?? '', redirectUris: c.redirect_uris.join('\n'), grantTypes: c.grant_types, authMethod: c.auth_method,
    publicJwk: c.public_jwk ? JSON.stringify(c.public_jwk) : '', userClaims: c.user_claims, apiScopes: c.api_scopes, status: c.status,
    subjectType: c.subject_type,
  };
}

const EMPTY: ClientFormValues = { name: '', logoUri: '', redirectUris: '', grantTypes: ['authorization_code'], authMethod: 'private_key_jwt', publicJwk: '', userClaims: ['name'], apiScopes: [], status: 'active', subjectType: 'pairwise' };

/** An agency administrator registers and looks after the agency's OpenID Connect clients. */
export function ssoOfficeRoutes(conn: AnyDb, policy: ClientPolicy, apiScopes: readonly ApiScope[]) {
  return async function routes(app: FastifyInstance) {
    app.get('/office/oidc-clients', { config: { agencyScoped: true } }, async (request, reply) => {
      const { scope } = actingScope(request, ADMIN);
      const clients = await listAgencyClients(conn, scope);
      return reply.page((shell) => <OfficeClientsPage shell={shell} clients={clients} />);
    });

    app.get('/office/oidc-clients/new', async (request, reply) => {
      actingScope(request, ADMIN);
      return reply.page((shell) => <ClientFormPage shell={shell} apiScopes={apiScopes} view={{ clientId: null, values: EMPTY, problems: [] }} />);
    });

    app.post('/office/oidc-clients', { schema: { body: formBody } }, async (request, reply) => {
      const { scope } = actingScope(request, ADMIN);
      const values = valuesOf(request);
      const result = await registerClient(conn, scope, null, inputOf(values), policy, actorOf(request));
      if (!result.ok) return reply.page((shell) => <ClientFormPage shell={shell} apiScopes={apiScopes} view={{ clientId: null, values, problems: result.problems }} />, 400);
      const saved = (await findAgencyClient(conn, scope, result.clientId))!;
      return reply.page((shell) => <ClientFormPage shell={shell} apiScopes={apiScopes} view={{ clientId: saved.client_id, values: formOf(saved), problems: [], issuedSecret: result.clientSecret }} />, 201);
    });

    app.get('/office/oidc-clients/:id', { config: { agencyScoped: true }, schema: { params: idParam } }, async (request, reply) => {
      const { scope } = actingScope(request, ADMIN);
      const client = await findAgencyClient(conn, scope, (request.params as { id: string }).id);
      if (!client) throw notFound();
      return reply.page((shell) => <ClientFormPage shell={shell} apiScopes={apiScopes} view={{ clientId: client.client_id, values: formOf(client), problems: [] }} />);
    });

    app.post('/office/oidc-clients/:id', { config: { agencyScoped: true }, schema: { params: idParam, body: formBody } }, async (request, reply) => {
      const { scope } = actingScope(request, ADMIN);
      const id = (request.params as { id: string }).id;
      const values = valuesOf(request);
      const result = await updateClient(conn, scope, id, inputOf(values), policy, actorOf(request));
      if (!result.ok) return reply.page((shell) => <ClientFormPage shell={shell} apiScopes={apiScopes} view={{ clientId: id, values, problems: result.problems }} />, 400);
      if (!result.clientSecret) return reply.redirect(`/office/oidc-clients/${id}`, 303);
      const saved = (await findAgencyClient(conn, scope, id))!;
      return reply.page((shell) => <ClientFormPage shell={shell} apiScopes={apiScopes} view={{ clientId: id, values: formOf(saved), problems: [], issuedSecret: result.clientSecret }} />);
    });

    app.post('/office/oidc-clients/:id/delete', { config: { agencyScoped: true }, schema: { params: idParam } }, async (request, reply) => {
      const { scope } = actingScope(request, ADMIN);
      await deleteClient(conn, scope, (request.params as { id: string }).id, actorOf(request));
      return reply.redirect('/office/oidc-clients', 303);
    });
  };
}
