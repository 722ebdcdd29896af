/* global URLSearchParams, document, fetch, history, location */
// Back from signing in: the code (and its PKCE verifier) for a DPoP-bound access token, then the credentials it covers.
import { dpopProof, fetchCredentials, json, RefusedCredential } from './wallet-issuance.js';
import { takeAuthorization } from './wallet-pending.js';
import { cardOf, say, status } from './wallet-cards.js';

async function finish(params) {
  const pending = await takeAuthorization(params.get('state'));
  if (!pending) throw new Error(say('badOffer'));
  if (params.get('error') === 'access_denied') return null;
  const code = params.get('code');
  if (!code) throw new Error(params.get('error') ?? say('badOffer'));
  status(say('receiving'));
  const metadata = await fetch(`${pending.issuer}/.well-known/openid-credential-issuer`).then(json);
  const serverId = metadata.authorization_servers.find((s) => s !== pending.issuer);
  const server = await fetch(`${serverId}/.well-known/openid-configuration`).then(json);
  const form = new URLSearchParams({
    grant_type: 'authorization_code', code, redirect_uri: `${location.origin}/wallet/authorized`, client_id: document.getElementById('wallet-cards').getAttribute('data-client-id'), code_verifier: pending.verifier,
  });
  const token = await fetch(server.token_endpoint, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof(pending.dpop, server.token_endpoint) }, body: form,
  }).then(json);
  return fetchCredentials({ issuer: pending.issuer, metadata, accessToken: token.access_token, dpop: pending.dpop, configurationIds: pending.configurationIds });
}

const params = new URLSearchParams(location.search);
// The code is single use: it leaves the address bar and the history at once.
history.replaceState(null, '', '/wallet/authorized');
finish(params).then(async (records) => {
  if (!records) return status(say('getDeclined'));
  status(say('received', { count: records.length }));
  document.getElementById('wallet-cards').replaceChildren(...await Promise.all(records.map((r) => cardOf(r))));
}).catch((error) => status(error instanceof RefusedCredential ? error.message : `${say('getFailed')} (${error.message})`));
