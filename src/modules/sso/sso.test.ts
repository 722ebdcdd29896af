import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { databaseTargets } from '../../../test/support/databases.ts';
import { clientPolicy, DEMO_RESIDENTS, RESIDENT_PASSWORD, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { followAuthorization, pathOf } from '../../../test/support/authorize.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { testConfig } from '../../../test/support/platform.ts';
import { registerClient } from './register-client.ts';
import { accessTokenVerifier } from './access-tokens.ts';
import { loadSigningJwks, publicSigningKeys, rotateSigningKeys } from './signing-keys.ts';
import type { ClientInput } from './client-input.ts';
import { sql } from 'kysely';
import { findResidentByIdNumber } from '../residents/index.ts';
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.ts';
import { freePort } from '../../../test/support/ports.ts';

type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;
const SECRET = testConfig().documentKeySecret;
const POLICY = clientPolicy();
const REDIRECT = 'http://127.0.0.1:7777/callback';
const who = { actor: 'staff:test' };

/** The platform on a real port, PUBLIC_URL pointing at it, as an agency's service would reach it. */
async function listeningPlatform(target: ReturnType<typeof databaseTargets>[number], ttl = 600): Promise<{ platform: TestPlatform; issuer: URL }> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const platform = await startTestPlatform(target, { publicUrl, oidcAccessTokenTtlSeconds: ttl });
  await platform.app.listen({ port, host: '127.0.0.1' });
  return { platform, issuer: new URL(`${publicUrl}/oidc`) };
}

const relyingParty = (over: Partial<ClientInput> = {}): ClientInput => ({
  name: 'Interior e-Permit', logoUri: null, redirectUris: [REDIRECT], grantTypes: ['authorization_code'], authMethod: 'client_secret_basic',
  publicJwk: null, userClaims: ['name', 'birthdate', 'email', 'national_id'], apiScopes: [], acrValues: [], status: 'active', ...over,
});

async function keyPair(): Promise<{ privateKey: CryptoKey; publicJwk: JsonWebKey }> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']) as CryptoKeyPair;
  return { privateKey: keys.privateKey, publicJwk: { ...await crypto.subtle.exportKey('jwk', keys.publicKey), alg: 'ES256', use: 'sig' } as JsonWebKey };
}

interface Started { callback: URL; verifier: string; state: string; nonce: string; consentPage: string | null }

/** A resident's browser from the service's sign-in link to the service's callback: sign-in, consent. */
async function authorize(config: oidc.Configuration, browser: Visitor, params: Record<string, string> = {}): Promise<Started> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT, scope: 'openid profile email national_id', state, nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params,
  });
  const { callback, consentPage } = await followAuthorization(browser, url, (location) => location.href.startsWith(REDIRECT));
  return { callback, verifier, state, nonce, consentPage };
}

for (const target of databaseTargets()) {
  describe(`OpenID Provider with openid-client as the relying party [${target.name}]`, () => {
    let platform: TestPlatform;
    let issuer: URL;
    let secretClient: { id: string; secret: string };
    let keyClient: { id: string; privateKey: CryptoKey };
    let apiClient: { id: string; secret: string };
    let resident: Visitor;
    let secretClientSub: string;

    before(async () => {
      ({ platform, issuer } = await listeningPlatform(target));
      const db = platform.database.db;
      const interior = agencyScope('interior');
      const a = await registerClient(db, interior, 'interior-permits', relyingParty(), POLICY, who);
      assert.ok(a.ok && a.clientSecret);
      secretClient = { id: a.clientId, secret: a.clientSecret };
      const keys = await keyPair();
      const b = await registerClient(db, interior, 'interior-keyed', relyingParty({ authMethod: 'private_key_jwt', publicJwk: keys.publicJwk, userClaims: ['name'] }), POLICY, who);
      assert.ok(b.ok);
      keyClient = { id: b.clientId, privateKey: keys.privateKey };
      const c = await registerClient(db, interior, 'interior-backend', relyingParty({ redirectUris: [], grantTypes: ['client_credentials'], userClaims: [], apiScopes: ['registration:read', 'oidc-client:manage'] }), POLICY, who);
      assert.ok(c.ok && c.clientSecret);
      apiClient = { id: c.clientId, secret: c.clientSecret };
      resident = new Visitor(platform.app, { 'accept-language': 'en' });
      await resident.signUp(DEMO_RESIDENTS.mirae, { email: 'mirae@example.test' });
    });
    after(() => platform.close());

    const discover = (clientId: string, auth: oidc.ClientAuth) =>
      oidc.discovery(issuer, clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });

    it('publishes a discovery document and a JWKS of public keys only', async () => {
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const meta = config.serverMetadata();
      assert.equal(meta.issuer, issuer.href);
      assert.equal(meta.token_endpoint, `${issuer.href}/token`);
      assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
      assert.ok(['private_key_jwt', 'client_secret_basic'].every((m) => meta.token_endpoint_auth_methods_supported!.includes(m)));
      assert.deepEqual(meta.acr_values_supported, ['low', 'substantial', 'high']);
      assert.ok(['openid', 'profile', 'email', 'national_id'].every((s) => meta.scopes_supported!.includes(s)));
      const jwks = await (await fetch(meta.jwks_uri!)).json() as { keys: Record<string, string>[] };
      assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'ES256', 'RS256', 'RS256']);
      for (const key of jwks.keys) assert.ok(!('d' in key) && !('p' in key), 'no private part');
      const stored = await publicSigningKeys(platform.database.db);
      assert.deepEqual(new Set(jwks.keys.map((k) => k.kid)), new Set(stored.map((k) => k.kid)), 'the next keys are published before they sign');
    });

    it('completes the code flow with PKCE and client_secret_basic: ID token, acr, userinfo, consent remembered', async () => {
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const started = await authorize(config, resident);
      assert.ok(started.consentPage, 'the resident was asked');
      for (const claim of ['Your name', 'Your date of birth', 'Your e-mail address', 'Your resident registration number']) assert.ok(started.consentPage.includes(claim), claim);
      const tokens = await oidc.authorizationCodeGrant(config, started.callback, {
        pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce, idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      assert.equal(claims.iss, issuer.href);
      assert.equal(claims.aud, secretClient.id);
      assert.equal(claims.nonce, started.nonce);
      assert.equal(claims.acr, 'low', 'signed in with a password');
      assert.deepEqual(claims.amr, ['pwd']);
      secretClientSub = claims.sub;
      const mirae = await findResidentByIdNumber(platform.database.db, DEMO_RESIDENTS.mirae.idNumber);
      assert.notEqual(claims.sub, mirae!.id, 'a pairwise sub, not the resident\'s own id');
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      assert.equal(info.name, DEMO_RESIDENTS.mirae.name);
      assert.equal(info.birthdate, DEMO_RESIDENTS.mirae.birthDate);
      assert.equal(info.email, 'mirae@example.test');
      assert.equal(info.national_id, DEMO_RESIDENTS.mirae.idNumber);

      const again = await authorize(config, resident);
      assert.equal(again.consentPage, null, 'consent is remembered for the client');
    });

    it('lets the resident withdraw consent on their account page: tokens stop working, the service asks again', async () => {
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const started = await authorize(config, resident);
      assert.equal(started.consentPage, null);
      const tokens = await oidc.authorizationCodeGrant(config, started.callback, { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });
      assert.ok((await resident.get('/me/account')).body.includes('/me/connected-services'));
      const page = await resident.get('/me/connected-services');
      assert.ok(page.body.includes('Interior e-Permit'));
      const withdrawn = await resident.post(`/me/connected-services/${secretClient.id}/withdraw`, {}, '/me/connected-services');
      assert.equal(withdrawn.statusCode, 303);
      assert.ok(!(await resident.get('/me/connected-services')).body.includes('Interior e-Permit'));
      await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub), (err: { status?: number }) => err.status === 401);
      assert.ok((await authorize(config, resident)).consentPage, 'asked again');
    });

    it('sends a resident who is not signed in to Hanaro\'s sign-in page and back', async () => {
      await new Visitor(platform.app).signUp(DEMO_RESIDENTS.seoyeon);
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const stranger = new Visitor(platform.app);
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT, scope: 'openid', state: 's', nonce: 'n',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
      });
      const toInteraction = await stranger.get(pathOf(url.href));
      const toSignIn = await stranger.get(pathOf(String(toInteraction.headers.location)));
      const signIn = new URL(String(toSignIn.headers.location), 'http://x');
      assert.equal(signIn.pathname, '/sign-in');
      const back = await stranger.post('/sign-in', { idNumber: DEMO_RESIDENTS.seoyeon.idNumber, password: RESIDENT_PASSWORD, return: signIn.searchParams.get('return')! }, '/sign-in');
      // The portal signs in first, through the provider like any client, then the service's request goes on.
      const cont = await stranger.followSignIn(back);
      assert.equal(cont.statusCode, 200);
      assert.match((await stranger.get('/me')).body, /이서연/, 'signed in to the portal too');
      assert.match(String(cont.headers.refresh), /^0;url=http.*\/oidc\/auth\//);
    });

    it('asks a resident to prove who they are again when the service says prompt=login', async () => {
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT, scope: 'openid', state: 's', nonce: 'n', prompt: 'login',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
      });
      const toInteraction = await resident.get(pathOf(url.href));
      const asked = await resident.get(pathOf(String(toInteraction.headers.location)));
      assert.equal(asked.statusCode, 303);
      const again = new URL(String(asked.headers.location), 'http://x');
      assert.equal(again.pathname, '/sign-in/again');
      assert.match(again.searchParams.get('return')!, /^\/oidc-interaction\/[\w-]+\?from=sign-in$/);
    });

    it('signs a private_key_jwt client in, releasing only the claims it was allowed', async () => {
      const config = await discover(keyClient.id, oidc.PrivateKeyJwt(keyClient.privateKey));
      const started = await authorize(config, resident, { scope: 'openid profile' });
      const tokens = await oidc.authorizationCodeGrant(config, started.callback, {
        pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce, idTokenExpected: true,
      });
      const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      assert.equal(info.name, DEMO_RESIDENTS.mirae.name);
      assert.equal(info.national_id, undefined);
      assert.ok(secretClientSub && tokens.claims()!.sub !== secretClientSub, 'another client sees the same resident under another sub');
      await assert.rejects(discover(keyClient.id, oidc.ClientSecretBasic('not-the-secret')).then((c) => oidc.clientCredentialsGrant(c)), (err: { status?: number }) => err.status === 401, 'wrong client authentication');
    });

    it('gives a client registered as public the resident\'s own sub, the same on every sign-in', async () => {
      const c = await registerClient(platform.database.db, agencyScope('interior'), 'interior-public', relyingParty({ subjectType: 'public' }), POLICY, who);
      assert.ok(c.ok && c.clientSecret);
      const config = await discover(c.clientId, oidc.ClientSecretBasic(c.clientSecret));
      const subs = [];
      for (let i = 0; i < 2; i++) {
        const started = await authorize(config, resident, { scope: 'openid' });
        const tokens = await oidc.authorizationCodeGrant(config, started.callback, { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });
        subs.push(tokens.claims()!.sub);
      }
      const mirae = await findResidentByIdNumber(platform.database.db, DEMO_RESIDENTS.mirae.idNumber);
      assert.deepEqual(subs, [mirae!.id, mirae!.id]);
      const several = await registerClient(platform.database.db, agencyScope('interior'), 'interior-two-hosts', relyingParty({ redirectUris: [REDIRECT, 'https://permits.interior.example/cb'] }), POLICY, who);
      assert.deepEqual(several.ok ? [] : several.problems, [{ field: 'redirectUris', code: 'pairwise_several_hosts' }], 'pairwise needs one host');
    });

    it('says a passkey sign-in was multi-factor: amr and acr in the ID token', async () => {
      const holder = new Visitor(platform.app, { 'accept-language': 'en' });
      await holder.signUp(DEMO_RESIDENTS.jiwoo);
      const authenticator = new SoftwareAuthenticator(issuer.origin);
      const options = await holder.post('/me/passkeys/options', {}, '/me/passkeys/new');
      const added = await holder.post('/me/passkeys', { name: 'Phone', response: JSON.stringify(authenticator.register(JSON.parse(options.body))) }, '/me/passkeys/new');
      assert.equal(added.statusCode, 303, added.body);
      const browser = new Visitor(platform.app, { 'accept-language': 'en' });
      const challenge = await browser.post('/sign-in/passkey/options', {}, '/sign-in');
      const signedIn = await browser.followSignIn(await browser.post('/sign-in/passkey', { response: JSON.stringify(authenticator.authenticate(JSON.parse(challenge.body))), return: '/me' }, '/sign-in'));
      assert.equal(signedIn.headers.location, '/me', signedIn.body);
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const started = await authorize(config, browser, { scope: 'openid' });
      const tokens = await oidc.authorizationCodeGrant(config, started.callback, { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });
      assert.equal(tokens.claims()!.acr, 'substantial');
      assert.deepEqual(tokens.claims()!.amr, ['hwk', 'user', 'mfa']);
    });

    it('signs the portal itself in as a client: code with PKCE, a fresh login, no consent, a session from the checked ID token', async () => {
      const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
      await visitor.signUp(DEMO_RESIDENTS.youngja);
      await visitor.post('/sign-out', {}, '/me');
      const checked = await visitor.post('/sign-in', { idNumber: DEMO_RESIDENTS.youngja.idNumber, password: RESIDENT_PASSWORD, return: '/me/inbox' }, '/sign-in');
      assert.equal(checked.headers.location, '/sign-in/start?return=%2Fme%2Finbox');
      assert.equal((await visitor.get('/me')).statusCode, 303, 'no portal session before the provider has answered');
      const start = await visitor.get(String(checked.headers.location));
      const auth = new URL(String(start.headers.location));
      assert.equal(auth.origin + auth.pathname, `${issuer.href}/auth`);
      for (const [k, v] of Object.entries({ client_id: 'portal', response_type: 'code', scope: 'openid', prompt: 'login', code_challenge_method: 'S256' })) assert.equal(auth.searchParams.get(k), v, k);
      const interaction = await visitor.get(pathOf(auth.href));
      const login = await visitor.get(pathOf(String(interaction.headers.location)));
      const resumed = await visitor.get(pathOf(String(login.headers.location)));
      const callback = new URL(String(resumed.headers.location));
      assert.equal(callback.pathname, '/sign-in/callback', 'no consent page for the portal');
      assert.equal(callback.searchParams.get('iss'), issuer.href);
      const replayable = pathOf(callback.href);
      const done = await visitor.get(replayable);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/me/inbox');
      assert.equal((await visitor.get('/me')).statusCode, 200);
      const { rows } = await sql<{ details: { assurance: string; amr: string[]; via: string } }>`select details from audit_log where action = 'resident.session_started' order by id desc limit 1`.execute(platform.database.db);
      assert.deepEqual(rows[0]!.details, { assurance: 'low', amr: ['pwd'], via: 'openid-connect' });
      assert.doesNotMatch((await visitor.get('/me/connected-services')).body, /portal/i, 'the portal is not a service one shares details with');

      // The same answer again (another browser, or later): the code and the state are spent.
      assert.equal((await new Visitor(platform.app).get(replayable)).statusCode, 400);
      assert.equal((await visitor.get(replayable)).statusCode, 400);
      // "Sign in" on the portal starts with the provider, whose login step is the sign-in page.
      const stranger = new Visitor(platform.app);
      const toPages = await stranger.followSignIn(await stranger.get('/sign-in/start?return=/me/documents'));
      const pages = new URL(String(toPages.headers.location), 'http://x');
      assert.equal(pages.pathname, '/sign-in');
      assert.match(pages.searchParams.get('return')!, /^\/oidc-interaction\/[\w-]+$/);
      const there = await stranger.followSignIn(await stranger.post('/sign-in', { idNumber: DEMO_RESIDENTS.youngja.idNumber, password: RESIDENT_PASSWORD, return: pages.searchParams.get('return')! }, '/sign-in'));
      assert.equal(there.headers.location, '/me/documents');
      assert.equal((await stranger.get('/me')).statusCode, 200);

      // Signing out of Hanaro ends the provider's session in that browser; "everywhere" ends them all.
      const providerSessions = async () => (await sql<{ id: string }>`select id from oidc_models where model = 'Session'
        and payload->>'accountId' = (select id::text from residents where id_number = ${DEMO_RESIDENTS.youngja.idNumber}) order by id`.execute(platform.database.db)).rows.map((r) => r.id);
      const visitorSession = visitor.cookies.get('_session');
      const strangerSession = stranger.cookies.get('_session');
      assert.ok(visitorSession && strangerSession && visitorSession !== strangerSession);
      assert.deepEqual(await providerSessions(), [visitorSession, strangerSession].sort());
      await visitor.post('/sign-out', {}, '/me');
      assert.deepEqual(await providerSessions(), [strangerSession], 'this browser\'s provider session ended, not the other');
      await stranger.post('/sign-out', { everywhere: '1' }, '/me');
      assert.deepEqual(await providerSessions(), [], 'signed out everywhere: no provider session is left');
      const agency = await registerClient(platform.database.db, agencyScope('interior'), 'portal', relyingParty(), POLICY, who);
      assert.deepEqual(agency.ok ? [] : agency.problems, [{ field: 'clientId', code: 'duplicate_client_id' }], 'no agency can register as the portal');
    });

    it('refuses a redirect URI that was not registered', async () => {
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: 'https://evil.example/callback', scope: 'openid', state: 's', nonce: 'n',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
      });
      const res = await resident.get(pathOf(url.href));
      assert.equal(res.statusCode, 400);
      assert.ok(!String(res.headers.location ?? '').includes('evil.example'));
      assert.match(res.body, /redirect_uri/);
    });

    it('refuses a request without PKCE', async () => {
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 's', nonce: 'n' });
      const res = await resident.get(pathOf(url.href));
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^http:\/\/127\.0\.0\.1:7777\/callback\?error=invalid_request/);
    });

    it('refuses a code used twice and a wrong code verifier', async () => {
      const config = await discover(secretClient.id, oidc.ClientSecretBasic(secretClient.secret));
      const first = await authorize(config, resident);
      const checks = { pkceCodeVerifier: first.verifier, expectedState: first.state, expectedNonce: first.nonce };
      await oidc.authorizationCodeGrant(config, first.callback, checks);
      await assert.rejects(oidc.authorizationCodeGrant(config, first.callback, checks), (err: { error?: string }) => err.error === 'invalid_grant');

      const second = await authorize(config, resident);
      await assert.rejects(oidc.authorizationCodeGrant(config, second.callback, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: second.state, expectedNonce: second.nonce,
      }), (err: { error?: string }) => err.error === 'invalid_grant');
    });

    it('gives an agency system a client-credentials token for its agency, which the API accepts', async () => {
      const config = await discover(apiClient.id, oidc.ClientSecretBasic(apiClient.secret));
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'registration:read oidc-client:manage' });
      const verify = accessTokenVerifier(platform.database.db, issuer.origin);
      assert.deepEqual(await verify(tokens.access_token), { clientId: apiClient.id, agencyId: 'interior', scopes: ['registration:read', 'oidc-client:manage'], kind: 'oauth' });
      assert.equal(await verify(tokens.access_token.slice(0, -4) + 'AAAA'), null, 'a tampered token');
      await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'registration:process' }), (err: { error?: string }) => err.error === 'invalid_scope');

      const keys = await keyPair();
      const created = await fetch(`${issuer.origin}/client-mgmt/oidc-client`, {
        method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requestTime: new Date().toISOString(), request: {
          clientId: 'interior-health-check', clientName: 'Health check', relyingPartyId: 'interior', logoUri: 'https://interior.example/logo.png',
          redirectUris: ['https://interior.example/cb'], publicKey: keys.publicJwk, authContextRefs: ['idbb:acr:generated-code'],
          userClaims: ['name'], grantTypes: ['authorization_code'], clientAuthMethods: ['private_key_jwt'],
        } }),
      });
      assert.equal(created.status, 200);
      assert.deepEqual((await created.json() as { response: unknown }).response, { clientId: 'interior-health-check' });
      const updated = await fetch(`${issuer.origin}/client-mgmt/oidc-client/interior-health-check`, {
        method: 'PUT', headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requestTime: new Date().toISOString(), request: {
          clientName: 'Health check 2', status: 'active', logoUri: 'https://interior.example/logo.png', redirectUris: ['not a uri'],
          userClaims: ['name'], authContextRefs: ['idbb:acr:generated-code'], grantTypes: ['authorization_code'], clientAuthMethods: ['private_key_jwt'],
        } }),
      });
      assert.deepEqual((await updated.json() as { errors: { errorCode: string }[] }).errors.map((e) => e.errorCode), ['invalid_redirect_uri']);
      const anonymous = await fetch(`${issuer.origin}/client-mgmt/oidc-client/interior-health-check`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.ok([400, 401].includes(anonymous.status));
    });

    it('lets an agency administrator register a client in the back office, keeping what was typed on a mistake', async () => {
      const admin = new Visitor(platform.app, { 'accept-language': 'en' });
      assert.equal((await admin.signIn('admin.interior@demo.hanaro.example')).statusCode, 303);
      const form = { name: '', grantTypes: 'authorization_code', authMethod: 'client_secret_basic', redirectUris: 'https://permits.interior.example/cb#x', userClaims: 'name' };
      const refused = await admin.post('/office/oidc-clients', form, '/office/oidc-clients/new');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Enter a name of at most 256 characters/);
      assert.match(refused.body, /have no #/);
      assert.ok(refused.body.includes('https://permits.interior.example/cb#x'), 'what was typed is kept');
      const saved = await admin.post('/office/oidc-clients', { ...form, name: 'Permits', redirectUris: 'https://permits.interior.example/cb' }, '/office/oidc-clients/new');
      assert.equal(saved.statusCode, 201);
      assert.match(saved.body, /shown only this once/);
      assert.ok((await admin.get('/office/oidc-clients')).body.includes('Permits'));
      const officer = new Visitor(platform.app);
      await officer.signIn('officer.interior@demo.hanaro.example');
      assert.equal((await officer.get('/office/oidc-clients')).statusCode, 403);
    });

    it('rotates keys: the published next key signs, the old one stays published', async () => {
      const db = platform.database.db;
      const before = await publicSigningKeys(db);
      await rotateSigningKeys(db, SECRET, who);
      const after = await publicSigningKeys(db);
      const kidOf = (keys: typeof before, alg: string, state: string) => keys.find((k) => k.alg === alg && k.state === state)?.kid;
      for (const alg of ['ES256', 'RS256']) {
        assert.equal(kidOf(after, alg, 'current'), kidOf(before, alg, 'next'));
        assert.equal(kidOf(after, alg, 'previous'), kidOf(before, alg, 'current'));
        assert.ok(kidOf(after, alg, 'next') && !before.some((k) => k.kid === kidOf(after, alg, 'next')));
      }
      const jwks = await loadSigningJwks(db, SECRET);
      assert.equal(jwks.keys.find((k) => k.alg === 'ES256')!.kid, kidOf(after, 'ES256', 'current'), 'the provider signs with the current key');
    });
  });

  describe(`OpenID Provider token lifetimes [${target.name}]`, () => {
    let platform: TestPlatform;
    let issuer: URL;
    before(async () => ({ platform, issuer } = await listeningPlatform(target, 1)));
    after(() => platform.close());

    it('refuses an expired access token at userinfo and at the APIs', async () => {
      const db = platform.database.db;
      const rp = await registerClient(db, agencyScope('interior'), 'interior-short', relyingParty(), POLICY, who);
      const api = await registerClient(db, agencyScope('interior'), 'interior-short-api', relyingParty({ redirectUris: [], grantTypes: ['client_credentials'], userClaims: [], apiScopes: ['registration:read'] }), POLICY, who);
      assert.ok(rp.ok && rp.clientSecret && api.ok && api.clientSecret);
      const browser = new Visitor(platform.app);
      await browser.signUp(DEMO_RESIDENTS.minjun);
      const config = await oidc.discovery(issuer, rp.clientId, undefined, oidc.ClientSecretBasic(rp.clientSecret), { execute: [oidc.allowInsecureRequests] });
      const started = await authorize(config, browser);
      const tokens = await oidc.authorizationCodeGrant(config, started.callback, { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });
      const apiConfig = await oidc.discovery(issuer, api.clientId, undefined, oidc.ClientSecretBasic(api.clientSecret), { execute: [oidc.allowInsecureRequests] });
      const apiToken = (await oidc.clientCredentialsGrant(apiConfig, { scope: 'registration:read' })).access_token;
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub), (err: { error?: string; status?: number }) => err.status === 401 || err.error === 'invalid_token');
      assert.equal(await accessTokenVerifier(db, issuer.origin)(apiToken), null);
    });
  });
}
