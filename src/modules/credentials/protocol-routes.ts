import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { credentialIssuerMetadata, authorizationServerMetadata } from './issuer-metadata.ts';
import { exchangePreAuthorizedCode } from './offers.ts';
import { verifyDpopProof } from './dpop.ts';
import { accessGrants } from './access-grants.ts';
import { createNonce, requestCredential } from './request-credential.ts';
import { OAuthError } from './oauth-error.ts';
import { existingIssuerIdentity, issuerRoots, toPem } from './issuer-keys.ts';
import { parseStatusListId, STATUS_LIST_TTL_SECONDS, statusListToken, statusListUri } from './credential-status.ts';
import type { CredentialSettings } from './settings.ts';
import { listCredentialTypes } from './store.ts';

const NO_CSRF = { csrf: false } as const;

/** OpenID4VCI endpoints for wallets, and what verifiers fetch: status lists and the agencies' IACA roots. */
export function protocolRoutes(conn: AnyDb, settings: CredentialSettings) {
  const grantOf = accessGrants(conn, settings);
  return async function routes(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, _request, reply) => answerError(error, reply));

    app.get('/.well-known/openid-credential-issuer', async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(credentialIssuerMetadata(await listCredentialTypes(conn), settings)));

    app.get('/.well-known/oauth-authorization-server', async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(authorizationServerMetadata(settings)));

    app.post('/oid4vci/token', { config: NO_CSRF }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const dpopJkt = await verifyDpopProof(conn, request.headers.dpop, { method: 'POST', url: `${settings.publicUrl}/oid4vci/token` });
      const answer = await exchangePreAuthorizedCode(conn, { grantType: body.grant_type, code: body['pre-authorized_code'], txCode: body.tx_code, dpopJkt }, settings);
      return reply.header('cache-control', 'no-store').send(answer);
    });

    app.post('/oid4vci/nonce', { config: NO_CSRF }, async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({ c_nonce: await createNonce(conn, settings) }));

    app.post('/oid4vci/credential', { config: NO_CSRF }, async (request, reply) => {
      const answer = await requestCredential(conn, {
        authorization: request.headers.authorization, dpop: request.headers.dpop, url: `${settings.publicUrl}/oid4vci/credential`, body: request.body, requestId: request.id,
      }, settings, grantOf);
      return reply.header('cache-control', 'no-store').send(answer);
    });

    app.get('/credentials/status/:list', { schema: { params: { type: 'object', required: ['list'], properties: { list: { type: 'string', maxLength: 80 } } } } }, async (request, reply) => {
      const listId = (request.params as { list: string }).list;
      const parsed = parseStatusListId(listId);
      const identity = parsed && await existingIssuerIdentity(conn, parsed.agencyId, settings.keySecret);
      if (!identity) throw new OAuthError(404, 'not_found', 'no such status list');
      const token = await statusListToken(conn, listId, statusListUri(settings.publicUrl, listId), { key: identity.signingKey, documentSigner: identity.documentSigner });
      return reply.type(token.contentType).header('cache-control', `public, max-age=${STATUS_LIST_TTL_SECONDS}`).send(token.body);
    });

    app.get('/credentials/trust', async (_request, reply) => {
      const roots = await issuerRoots(conn);
      return reply.header('cache-control', 'public, max-age=3600').send({ iaca: roots.map((r) => ({ agency: r.agencyId, certificate: toPem(r.certificate), url: `${settings.publicUrl}/credentials/trust/${r.agencyId}.pem` })) });
    });

    app.get('/credentials/trust/:file', async (request, reply) => {
      const agencyId = /^([a-z][a-z0-9-]*)\.pem$/.exec((request.params as { file: string }).file)?.[1];
      const root = (await issuerRoots(conn)).find((r) => r.agencyId === agencyId);
      if (!root) throw new OAuthError(404, 'not_found', 'this agency has no IACA root yet');
      return reply.type('application/x-pem-file').header('cache-control', 'public, max-age=3600').send(toPem(root.certificate));
    });
  };
}

function answerError(error: FastifyError | Error, reply: FastifyReply): FastifyReply {
  if (error instanceof OAuthError) {
    if (error.challenge) reply.header('www-authenticate', error.challenge);
    return reply.code(error.status).header('cache-control', 'no-store').send({ ...error.toJSON(), code: error.error, message: error.description });
  }
  // An AppError's detail is for the log only: the client gets its code.
  if (error instanceof AppError) return reply.code(error.status).send({ error: error.code, error_description: error.code, code: error.code, message: error.code });
  const status = (error as FastifyError).statusCode;
  if (status && status < 500) return reply.code(status).send({ error: 'invalid_request', error_description: error.message, code: 'invalid_request', message: error.message });
  throw error;
}
