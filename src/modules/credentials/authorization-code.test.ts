/**
 * OpenID4VCI authorization code flow through Hanaro's own OpenID Provider, over real HTTP: a wallet
 * (openid-client for OAuth: PKCE, DPoP) asks for a credential, the resident signs in and agrees on
 * Hanaro's pages, and the credential endpoint issues to the key the wallet proves it holds.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as oidc from 'openid-client';
import { SignJWT, decodeJwt, type JWK } from 'jose';
import { databaseTargets } from '../../../test/support/databases.ts';
import { clientPolicy, DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { followAuthorization, pathOf } from '../../../test/support/authorize.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { registerClient } from '../sso/index.ts';
import { WALLET_CLIENT_ID } from './wallet-authorization.ts';
import { freePort } from '../../../test/support/ports.ts';

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A wallet app: finds the authorization server in the issuer's metadata, then speaks OAuth with PKCE and DPoP. */
class Wallet {
  holder = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private constructor(readonly issuer: string, readonly metadata: Json, readonly config: oidc.Configuration, readonly dpop: oidc.DPoPHandle) {}

  static async open(issuer: string): Promise<Wallet> {
    const metadata = await (await fetch(`${issuer}/.well-known/openid-credential-issuer`)).json() as Json;
    const server = (metadata.authorization_servers as string[]).find((s) => s !== issuer)!;
    const config = await oidc.discovery(new URL(server), WALLET_CLIENT_ID, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    return new Wallet(issuer, metadata, config, oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256')));
  }

  async authorizationRequest(params: Record<string, string>) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: `${this.issuer}/wallet/authorized`, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params,
    });
    return { url, verifier, state };
  }

  async token(callback: URL, checks: { verifier: string; state: string }) {
    return oidc.authorizationCodeGrant(this.config, callback, { pkceCodeVerifier: checks.verifier, expectedState: checks.state }, undefined, { DPoP: this.dpop });
  }

  async credential(accessToken: string, configurationId: string): Promise<{ status: number; body: Json }> {
    const { c_nonce: nonce } = await (await fetch(this.metadata.nonce_endpoint, { method: 'POST' })).json() as Json;
    const proof = await new SignJWT({ nonce }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: this.holder.publicKey.export({ format: 'jwk' }) as JWK })
      .setAudience(this.issuer).setIssuedAt().sign(this.holder.privateKey);
    try {
      const res = await oidc.fetchProtectedResource(this.config, accessToken, new URL(this.metadata.credential_endpoint), 'POST',
        JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [proof] } }), new Headers({ 'content-type': 'application/json' }), { DPoP: this.dpop });
      return { status: res.status, body: await res.json() };
    } catch (err) {
      // A 401 comes back as the WWW-Authenticate challenge it carries.
      if ((err as Json).code !== 'OAUTH_WWW_AUTHENTICATE_CHALLENGE') throw err;
      return { status: (err as Json).status, body: { error: (err as Json).cause[0].parameters.error } };
    }
  }
}

/** The resident's browser from the wallet's authorization link to its redirect URI: sign-in, then the consent page. */
const authorize = (browser: Visitor, url: URL, decision: 'allow' | 'deny' = 'allow') =>
  followAuthorization(browser, url, (location) => location.pathname === '/wallet/authorized', decision);

for (const target of databaseTargets()) {
  describe(`mobile ID issuance, authorization code flow through Hanaro's OpenID Provider [${target.name}]`, () => {
    let platform: Platform;
    let issuer: string;
    let resident: Visitor;

    before(async () => {
      const port = await freePort();
      issuer = `http://127.0.0.1:${port}`;
      platform = await startTestPlatform(target, { publicUrl: issuer });
      await platform.app.listen({ port, host: '127.0.0.1' });
      resident = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await resident.signUp(DEMO_RESIDENTS.woosung)).statusCode, 303);
    });
    after(() => platform.close());

    it('names Hanaro\'s OpenID Provider as an authorization server, with a scope per credential type', async () => {
      const wallet = await Wallet.open(issuer);
      assert.deepEqual(wallet.metadata.authorization_servers, [issuer, `${issuer}/oidc`]);
      assert.equal(wallet.metadata.credential_configurations_supported['mobile-resident-card.mdoc'].scope, 'mobile-resident-card');
      const server = wallet.config.serverMetadata();
      assert.ok(server.code_challenge_methods_supported?.includes('S256'));
      assert.ok(server.dpop_signing_alg_values_supported?.includes('ES256'));
      assert.ok((server.authorization_details_types_supported as string[] | undefined)?.includes('openid_credential'));
    });

    it('a scope: the resident signs in and agrees, the DPoP-bound token fetches both formats of that type', async () => {
      const wallet = await Wallet.open(issuer);
      const request = await wallet.authorizationRequest({ scope: 'mobile-driving-licence' });
      const { callback, consentPage } = await authorize(resident, request.url);
      assert.ok(consentPage?.includes('Mobile driving licence'), 'the consent page names the credential');
      const tokens = await wallet.token(callback, request);
      assert.equal(tokens.token_type.toLowerCase(), 'dpop');
      const claims = decodeJwt(tokens.access_token);
      assert.equal(claims.aud, issuer);
      assert.equal(claims.scope, 'mobile-driving-licence');
      assert.ok((claims.cnf as { jkt?: string }).jkt, 'bound to the wallet\'s DPoP key');

      const sdJwt = await wallet.credential(tokens.access_token, 'mobile-driving-licence.sd-jwt');
      assert.equal(sdJwt.status, 200, JSON.stringify(sdJwt.body));
      const payload = decodeJwt(sdJwt.body.credentials[0].credential.split('~')[0]);
      assert.equal(payload.vct, 'urn:hangyeol:credential:mobile-driving-licence:1');
      assert.deepEqual((payload.cnf as { jwk: JWK }).jwk.x, (wallet.holder.publicKey.export({ format: 'jwk' }) as JWK).x, 'bound to the key the wallet proved');
      const mdoc = await wallet.credential(tokens.access_token, 'mobile-driving-licence.mdoc');
      assert.equal(mdoc.status, 200, JSON.stringify(mdoc.body));

      const other = await wallet.credential(tokens.access_token, 'mobile-resident-card.sd-jwt');
      assert.equal(other.status, 400, 'a token for the licence does not fetch the resident card');
      assert.equal(other.body.error, 'unknown_credential_configuration');
    });

    it('an openid_credential authorization detail covers that one configuration only', async () => {
      const wallet = await Wallet.open(issuer);
      const request = await wallet.authorizationRequest({ authorization_details: JSON.stringify([{ type: 'openid_credential', credential_configuration_id: 'mobile-resident-card.sd-jwt' }]) });
      const { callback, consentPage } = await authorize(resident, request.url);
      assert.ok(consentPage?.includes('Mobile resident card'));
      const tokens = await wallet.token(callback, request);
      assert.deepEqual(decodeJwt(tokens.access_token).authorization_details, [{ type: 'openid_credential', credential_configuration_id: 'mobile-resident-card.sd-jwt' }]);
      assert.equal((await wallet.credential(tokens.access_token, 'mobile-resident-card.sd-jwt')).status, 200);
      const mdoc = await wallet.credential(tokens.access_token, 'mobile-resident-card.mdoc');
      assert.equal(mdoc.body.error, 'unknown_credential_configuration', 'the mdoc was not asked for');
    });

    it('refuses a wrong PKCE verifier, an unknown configuration, a token without a credential scope and one for another client', async () => {
      const wallet = await Wallet.open(issuer);
      const request = await wallet.authorizationRequest({ scope: 'mobile-resident-card' });
      const { callback } = await authorize(resident, request.url);
      await assert.rejects(wallet.token(callback, { ...request, verifier: oidc.randomPKCECodeVerifier() }),
        (err: Json) => err.error === 'invalid_grant', 'the code needs the verifier its challenge was made from');

      const unknown = await wallet.authorizationRequest({ authorization_details: JSON.stringify([{ type: 'openid_credential', credential_configuration_id: 'passport.sd-jwt' }]) });
      const refused = await resident.get(pathOf(unknown.url.href));
      assert.equal(new URL(String(refused.headers.location)).searchParams.get('error'), 'invalid_authorization_details');

      const bare = await wallet.authorizationRequest({ scope: 'openid' });
      const bareTokens = await wallet.token((await authorize(resident, bare.url)).callback, bare);
      const none = await wallet.credential(bareTokens.access_token, 'mobile-resident-card.sd-jwt');
      assert.deepEqual([none.status, none.body.error], [401, 'invalid_token'], 'a token without a credential scope is not one for the issuer');

      // An agency's own client cannot ask for the credential issuer, and its tokens are not the wallet's.
      const interior = await registerClient(platform.database.db, agencyScope('interior'), 'interior-portal', {
        name: 'Interior portal', logoUri: null, redirectUris: [`${issuer}/wallet/authorized`], grantTypes: ['authorization_code'], authMethod: 'client_secret_basic',
        publicJwk: null, userClaims: ['name'], apiScopes: [], acrValues: [], status: 'active',
      }, clientPolicy(), { actor: 'staff:test' });
      assert.ok(interior.ok);
      const agency = await oidc.discovery(new URL(`${issuer}/oidc`), interior.clientId, undefined, oidc.ClientSecretBasic(interior.clientSecret!), { execute: [oidc.allowInsecureRequests] });
      const asked = oidc.buildAuthorizationUrl(agency, { redirect_uri: `${issuer}/wallet/authorized`, scope: 'mobile-resident-card', resource: issuer, state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
      const res = await resident.get(pathOf(asked.href));
      assert.equal(new URL(String(res.headers.location)).searchParams.get('error'), 'invalid_target');
    });

    it('the resident may say no: the wallet gets access_denied and no code', async () => {
      const wallet = await Wallet.open(issuer);
      const request = await wallet.authorizationRequest({ authorization_details: JSON.stringify([{ type: 'openid_credential', credential_configuration_id: 'mobile-driving-licence.mdoc' }]) });
      const { callback } = await authorize(resident, request.url, 'deny');
      assert.equal(callback.searchParams.get('error'), 'access_denied');
      assert.equal(callback.searchParams.get('code'), null);
    });
  });
}
