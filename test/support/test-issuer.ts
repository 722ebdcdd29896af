// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { KeyObject, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CompactEncrypt, CompactSign, calculateJwkThumbprint, compactVerify, exportJWK, generateKeyPair, importJWK, importX509, type JWK } from 'jose';
import { issueMdoc, issueSdJwt, presentMdoc, presentSdJwt, sd, SessionTranscript, signStatusListCwt, StatusList, Tag } from '../../src/modules/mobile-id/index.ts';
import type { VerifierTrust } from '../../src/modules/verifier/trust.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** The `iss` of every test issuer's credentials, named by its document signer's subject alternative names as SD-JWT VC asks. */
export const TEST_ISSUER_URL = 'https://issuer.test';
export const CARD_VCT = 'urn:hangyeol:credential:mobile-resident-card:1';
/** The demo pack's mdoc doctypes (and namespaces) for the two credential types. */
export const CARD_DOCTYPE = 'hg.go.mois.resident-card.1';
export const MDL_DOCTYPE = 'org.iso.18013.5.1.mDL';
export const MDL_NAMESPACE = 'org.iso.18013.5.1';

/** An issuing authority for tests, built with the mobile-id library: a root, a document signer and a status list it serves. */
export async function testIssuer(name = 'Test Issuer') {
  const rootKeys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = new Date(Date.now() - 3600_000);
  const later = new Date(Date.now() + 365 * 24 * 3600_000);
  const root = await x509.X509CertificateGenerator.createSelfSigned({ name: `CN=${name} IACA`, notBefore: now, notAfter: later, signingAlgorithm: SIGNING, keys: rootKeys, extensions: [new x509.BasicConstraintsExtension(true, 0, true)] });
  const dsKeys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const ds = await x509.X509CertificateGenerator.create({ subject: `CN=${name} DS`, issuer: root.subject, notBefore: now, notAfter: later, signingAlgorithm: SIGNING, publicKey: dsKeys.publicKey, signingKey: rootKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: TEST_ISSUER_URL }, { type: 'dns', value: new URL(TEST_ISSUER_URL).hostname }]),
    ],
  });
  const x5c = [Buffer.from(ds.rawData).toString('base64')];
  const statusUri = `https://issuer.test/${encodeURIComponent(name)}/status/1`;
  // The same statuses, published as a CWT for mdocs.
  const cwtStatusUri = `https://issuer.test/${encodeURIComponent(name)}/status/1.cwt`;
  const list = StatusList.create(128, 2);
  const state = { online: true, fetches: 0 };
  return {
    root: new X509Certificate(Buffer.from(root.rawData)),
    statusUri, cwtStatusUri, list, state,
    /** The document signer, for tests where another implementation issues under this authority. */
    signer: { privateKey: dsKeys.privateKey, x5c },
    async credential(claims: Record<string, unknown>, holder: JWK, opts: { statusIdx?: number; exp?: number } = {}) {
      const iat = Math.floor(Date.now() / 1000) - 60;
      const disclosable = Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, sd(v)]));
      const issued = await issueSdJwt({
        claims: { iss: TEST_ISSUER_URL, vct: CARD_VCT, iat, exp: opts.exp ?? iat + 86400, status: { status_list: { idx: opts.statusIdx ?? 0, uri: statusUri } }, ...disclosable },
        signers: [{ key: dsKeys.privateKey, alg: 'ES256', header: { typ: 'dc+sd-jwt', x5c } }], holderKey: holder, decoys: true,
      });
      return issued.sdJwt as string;
    },
    /** An mdoc (IssuerSigned, base64url as OpenID4VCI delivers it) of `docType` with the claims in one namespace (the doctype's own unless given). */
    mdoc(claims: Record<string, unknown>, holder: JWK, opts: { docType?: string; namespace?: string; statusIdx?: number; validUntil?: Date } = {}) {
      const docType = opts.docType ?? CARD_DOCTYPE;
      const cborValue = (v: unknown): unknown => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Tag(v, 1004)
        : Array.isArray(v) ? v.map(cborValue) : v !== null && typeof v === 'object' ? new Map(Object.entries(v).map(([k, x]) => [k, cborValue(x)])) : v);
      return issueMdoc({
        docType, nameSpaces: { [opts.namespace ?? docType]: Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, cborValue(v)])) },
        validFrom: now, validUntil: opts.validUntil ?? later, status: { idx: opts.statusIdx ?? 0, uri: cwtStatusUri }, deviceKey: holder,
        signer: { key: KeyObject.from(dsKeys.privateKey), x5chain: [new Uint8Array(ds.rawData)] },
      }).toString('base64url');
    },
    statusListCwt() {
      return signStatusListCwt({ list, subject: cwtStatusUri, iat: Math.floor(Date.now() / 1000), ttl: 3600 }, { key: KeyObject.from(dsKeys.privateKey), x5chain: [new Uint8Array(ds.rawData)] });
    },
    async statusListJwt() {
      const payload = { sub: statusUri, iat: Math.floor(Date.now() / 1000), ttl: 3600, status_list: list.toJson() };
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', typ: 'statuslist+jwt', x5c }).sign(dsKeys.privateKey);
    },
  };
}
export type TestIssuer = Awaited<ReturnType<typeof testIssuer>>;

/** Trust in these issuers only; their status lists come from the test process, and can go offline. */
export function trustIn(issuers: TestIssuer[]): VerifierTrust {
  return {
    issuerRoots: async () => issuers.map((i) => i.root),
    fetchStatusList: async (uri) => {
      const issuer = issuers.find((i) => i.statusUri === uri || i.cwtStatusUri === uri);
      if (!issuer || !issuer.state.online) throw new Error(`${uri} is unreachable`);
      issuer.state.fetches++;
      return uri === issuer.cwtStatusUri ? issuer.statusListCwt() : issuer.statusListJwt();
    },
  };
}

/**
 * The issuers' trust as production has it, out of the database: each read first runs `live.check`
 * (set it to a query once the platform is up), so both fail while the database is stopped.
 */
export function trustThroughDatabase(issuers: TestIssuer[]): { trust: VerifierTrust; live: { check: () => Promise<void> } } {
  const lists = trustIn(issuers);
  const live = { check: async () => undefined as void };
  return {
    live,
    trust: {
      issuerRoots: async () => { await live.check(); return lists.issuerRoots(); },
      fetchStatusList: async (uri) => { await live.check(); return lists.fetchStatusList(uri); },
    },
  };
}

/** A software wallet: one holder key, the credentials it holds, and what it does with a request object. */
export async function testWallet() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const holder = await exportJWK(publicKey);
  return {
    holder,
    /** Reads the signed request object: its x5c certificate must hash to the client id. */
    async openRequest(jwt: string) {
      const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { x5c: string[] };
      const pem = new X509Certificate(Buffer.from(header.x5c[0]!, 'base64')).toString();
      const { payload } = await compactVerify(jwt, await importX509(pem, 'ES256'));
      return JSON.parse(new TextDecoder().decode(payload)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    },
    /** Presents the claims the DCQL query's first credential asks for, with a KB-JWT, as an encrypted direct_post.jwt body. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async respond(request: Record<string, any>, sdJwt: string, tweak: { nonce?: string; audience?: string; state?: string; extraClaims?: string[]; iat?: number } = {}) {
      const query = request.dcql_query.credentials[0];
      const frame = Object.fromEntries([...query.claims.map((c: { path: string[] }) => c.path[0]), ...(tweak.extraClaims ?? [])].map((n: string) => [n, true]));
      const vp = await presentSdJwt(sdJwt, frame, { holderKey: privateKey, alg: 'ES256', nonce: tweak.nonce ?? request.nonce, audience: tweak.audience ?? request.client_id, iat: tweak.iat ?? Math.floor(Date.now() / 1000) });
      return encryptResponse(request, { vp_token: { [query.id]: [vp] }, state: tweak.state ?? request.state });
    },
    /**
     * Presents an mdoc for the request's first mso_mdoc query: a DeviceResponse with the asked
     * elements, device-signed over the OpenID4VP session transcript, which a tweak can spoil.
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async respondMdoc(request: Record<string, any>, mdoc: string, tweak: { nonce?: string; clientId?: string; responseUri?: string; extraClaims?: string[] } = {}) {
      const query = request.dcql_query.credentials.find((q: { format: string }) => q.format === 'mso_mdoc');
      const namespace = query.claims[0].path[0] as string;
      const elements = [...query.claims.map((c: { path: string[] }) => c.path[1]), ...(tweak.extraClaims ?? [])];
      const sessionTranscript = SessionTranscript.forOpenId4Vp({
        clientId: tweak.clientId ?? request.client_id, nonce: tweak.nonce ?? request.nonce, responseUri: tweak.responseUri ?? request.response_uri,
        jwkThumbprint: Buffer.from(await thumbprintOf(request.client_metadata.jwks.keys[0]), 'base64url'),
      });
      const deviceResponse = presentMdoc(Buffer.from(mdoc, 'base64url'), { docType: query.meta.doctype_value, elements: { [namespace]: elements }, sessionTranscript, deviceKey: KeyObject.from(privateKey) });
      return encryptResponse(request, { vp_token: { [query.id]: [deviceResponse.toString('base64url')] }, state: request.state });
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function encryptResponse(request: Record<string, any>, payload: Record<string, unknown>): Promise<string> {
  const jwk = request.client_metadata.jwks.keys[0] as JWK;
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: jwk.kid! }).encrypt(await importJWK(jwk, 'ECDH-ES'));
}

export const thumbprintOf = (jwk: JWK) => calculateJwkThumbprint(jwk, 'sha256');
