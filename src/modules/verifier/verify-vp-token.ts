import { hash } from 'node:crypto';
import type { JWK } from 'jose';
import {
  elementValueAsJson, requireValidStatus, sdJwtVcIssuerKey, SessionTranscript, VerificationRefused, verifyDeviceResponse, verifySdJwtPresentation, type StatusChecker, type TrustAnchor,
} from '../mobile-id/index.ts';
import { dcqlQueryFor, onlyRequestedClaims, type Check, type CredentialFormats, type CredentialQuery } from './checks.ts';

export interface VerifyContext {
  check: Check;
  clientId: string;
  nonce: string;
  responseUri: string;
  responseKey: JWK;
  credentialTypes: readonly CredentialFormats[];
  roots: TrustAnchor[];
  checkStatus: StatusChecker;
  now: Date;
}

export interface VerifiedPresentation { format: 'dc+sd-jwt' | 'mso_mdoc'; credentialType: string; claims: Record<string, unknown> }

/**
 * Checks a `vp_token` (OpenID4VP 1.0 §8.1: credential query id → presentations) against the
 * check's DCQL query: exactly one answer, to one of the queries asked, verified in full.
 */
export async function verifyVpToken(vpToken: unknown, ctx: VerifyContext): Promise<VerifiedPresentation> {
  const queries = dcqlQueryFor(ctx.check, ctx.credentialTypes).credentials;
  if (vpToken === null || typeof vpToken !== 'object' || Array.isArray(vpToken)) throw new VerificationRefused('malformed', 'vp_token is not an object');
  const entries = Object.entries(vpToken as Record<string, unknown>);
  if (entries.length !== 1) throw new VerificationRefused('malformed', `vp_token answers ${entries.length} queries, not one`);
  const [queryId, presentations] = entries[0]!;
  const query = queries.find((q) => q.id === queryId);
  if (!query) throw new VerificationRefused('malformed', `vp_token answers ${queryId}, which was not asked`);
  if (!Array.isArray(presentations) || presentations.length !== 1 || typeof presentations[0] !== 'string') throw new VerificationRefused('malformed', 'one presentation per query');
  const claims = query.format === 'dc+sd-jwt' ? await verifySdJwt(presentations[0], query, ctx) : await verifyMdoc(presentations[0], query, ctx);
  return { format: query.format, credentialType: credentialTypeOf(query, ctx.credentialTypes), claims: onlyRequestedClaims(ctx.check, claims) };
}

async function verifySdJwt(presentation: string, query: CredentialQuery, ctx: VerifyContext): Promise<Record<string, unknown>> {
  const verified = await verifySdJwtPresentation(presentation, {
    now: ctx.now,
    typ: 'dc+sd-jwt',
    resolveIssuerKeys: async ({ iss, header }) => [sdJwtVcIssuerKey(header.x5c, iss, ctx.roots, ctx.now)],
    keyBinding: { nonce: ctx.nonce, audience: ctx.clientId },
    checkStatus: ctx.checkStatus,
  });
  const vcts = 'vct_values' in query.meta ? query.meta.vct_values : [];
  if (!vcts.includes(verified.claims.vct as string)) throw new VerificationRefused('credential_type_invalid', `vct ${String(verified.claims.vct)} was not asked for`);
  return verified.claims;
}

async function verifyMdoc(presentation: string, query: CredentialQuery, ctx: VerifyContext): Promise<Record<string, unknown>> {
  // The verifier computes the transcript itself: the handover binds the device signature to this
  // verifier, this nonce, this response URI and this request's encryption key (OpenID4VP 1.0 B.2.6.1).
  const transcript = SessionTranscript.forOpenId4Vp({
    clientId: ctx.clientId, nonce: ctx.nonce, responseUri: ctx.responseUri,
    jwkThumbprint: thumbprintOfResponseKey(ctx.responseKey),
  });
  const documents = verifyDeviceResponse(Buffer.from(presentation, 'base64url'), { trustAnchors: ctx.roots, sessionTranscript: transcript, now: ctx.now });
  const doctype = 'doctype_value' in query.meta ? query.meta.doctype_value : '';
  const document = documents.find((d) => d.docType === doctype);
  if (!document || documents.length !== 1) throw new VerificationRefused('doc_type_mismatch', `expected one ${doctype}`);
  if (document.status !== undefined) await requireValidStatus(document.status, ctx.checkStatus, { now: ctx.now });
  const namespace = query.claims[0]?.path[0] ?? '';
  return Object.fromEntries(Object.entries(document.claims[namespace] ?? {}).map(([name, value]) => [name, elementValueAsJson(value)]));
}

/**
 * The RFC 7638 SHA-256 thumbprint of the request's own response key (an EC key the verifier made),
 * hashed in place: WebCrypto's async digest cost the mdoc check more than the hash itself.
 */
function thumbprintOfResponseKey({ kty, crv, x, y }: JWK): Buffer {
  if (kty !== 'EC' || typeof crv !== 'string' || typeof x !== 'string' || typeof y !== 'string') throw new Error('the response key is not an EC key');
  return hash('sha256', JSON.stringify({ crv, kty, x, y }), 'buffer');
}

function credentialTypeOf(query: CredentialQuery, types: readonly CredentialFormats[]): string {
  const meta = query.meta;
  const type = types.find((t) => ('vct_values' in meta ? meta.vct_values.includes(t.formats['dc+sd-jwt']?.vct ?? '') : t.formats.mso_mdoc?.doctype === meta.doctype_value));
  return type?.id ?? '';
}
