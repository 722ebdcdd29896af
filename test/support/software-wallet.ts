/** A holder wallet on node:crypto P-256 keys that takes Hanaro's OpenID4VCI pre-authorized code flow over HTTP (app.inject). */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import type { startTestPlatform, Visitor } from './platform.ts';

export const ISSUER = 'http://localhost:8080';
const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

type App = Awaited<ReturnType<typeof startTestPlatform>>['app'];

export function keyPair(): { privateKey: KeyObject; jwk: JWK } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, jwk: publicKey.export({ format: 'jwk' }) as JWK };
}

export class SoftwareWallet {
  holder = keyPair();
  dpop = keyPair();
  accessToken = '';
  constructor(readonly app: App) {}

  async dpopProof(method: string, path: string, key = this.dpop, accessToken?: string): Promise<string> {
    return new SignJWT({ htm: method, htu: `${ISSUER}${path}`, jti: randomUUID(), ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}) })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk }).setIssuedAt().sign(key.privateKey);
  }

  async token(code: string, txCode?: string, dpop?: string) {
    const payload = new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': code, ...(txCode ? { tx_code: txCode } : {}) }).toString();
    const res = await this.app.inject({ method: 'POST', url: '/oid4vci/token', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: dpop ?? await this.dpopProof('POST', '/oid4vci/token') }, payload });
    if (res.statusCode === 200) this.accessToken = res.json().access_token;
    return res;
  }

  async nonce(): Promise<string> {
    return (await this.app.inject({ method: 'POST', url: '/oid4vci/nonce' })).json().c_nonce;
  }

  async proof(nonce: string, signer: KeyObject = this.holder.privateKey, jwk: JWK = this.holder.jwk): Promise<string> {
    return new SignJWT({ nonce }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk }).setAudience(ISSUER).setIssuedAt().sign(signer);
  }

  async credential(configurationId: string, proof: string, dpopKey = this.dpop) {
    return this.app.inject({
      method: 'POST', url: '/oid4vci/credential',
      headers: { authorization: `DPoP ${this.accessToken}`, dpop: await this.dpopProof('POST', '/oid4vci/credential', dpopKey, this.accessToken), 'content-type': 'application/json' },
      payload: { credential_configuration_id: configurationId, proofs: { jwt: [proof] } },
    });
  }

  /** The whole flow for a resident signed in on `resident`: the offer from /me/wallet, the token (with its PIN), one credential. */
  async receive(resident: Visitor, type: string, configurationId: string): Promise<string> {
    const { code, txCode } = await offerFor(resident, type);
    const token = await this.token(code, txCode);
    assert.equal(token.statusCode, 200, token.body);
    const res = await this.credential(configurationId, await this.proof(await this.nonce()));
    assert.equal(res.statusCode, 200, res.body);
    return res.json().credentials[0].credential as string;
  }
}

/** The pre-authorized code (and the PIN shown beside it) of the offer /me/wallet makes for `type`. */
export async function offerFor(resident: Visitor, type: string): Promise<{ code: string; txCode?: string; offer: Record<string, unknown> }> {
  const page = await resident.get(`/me/wallet/offer?type=${type}`);
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  const uri = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
  const offer = JSON.parse(decodeURIComponent(new URL(uri).searchParams.get('credential_offer')!));
  const grant = offer.grants[PRE_AUTHORIZED];
  const txCode = /class="tx-code"[^>]*>(\d{6})</.exec(page.body)?.[1];
  return { code: grant['pre-authorized_code'], txCode, offer };
}

/** The claims an SD-JWT VC's disclosures carry, by name. */
export function disclosed(sdJwt: string): Record<string, unknown> {
  const disclosures = sdJwt.split('~').slice(1).filter(Boolean).map((d) => JSON.parse(Buffer.from(d, 'base64url').toString()) as unknown[]);
  return Object.fromEntries(disclosures.filter((d) => d.length === 3).map((d) => [d[1] as string, d[2]]));
}
