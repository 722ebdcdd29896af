/* global URLSearchParams, crypto, document, fetch, history, location */
// OpenID4VCI pre-authorized code flow, in the browser: token (DPoP, PIN when asked) → nonce → credential, for each format offered.
import { b64u, newKeyPair, publicJwk, sha256, signJwt } from './wallet-crypto.js';
import { saveCredential } from './wallet-store.js';
import { cardOf, say, status } from './wallet-cards.js';

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const json = async (response) => { const body = await response.json().catch(() => ({})); if (!response.ok) throw new Error(body.error_description ?? body.message ?? String(response.status)); return body; };

function readOffer() {
  const text = new URLSearchParams(location.search).get('credential_offer');
  if (!text) return null;
  try {
    const offer = JSON.parse(text);
    return offer.grants?.[PRE_AUTHORIZED]?.['pre-authorized_code'] ? offer : null;
  } catch { return null; }
}

async function dpopProof(dpop, url, accessToken) {
  const claims = { htm: 'POST', htu: url, jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000) };
  if (accessToken) claims.ath = b64u(await sha256(accessToken));
  return signJwt({ alg: 'ES256', typ: 'dpop+jwt', jwk: await publicJwk(dpop.publicKey) }, claims, dpop.privateKey);
}

/** The PIN the portal showed beside the offer, typed by the resident. */
function askPin() {
  const form = document.getElementById('wallet-pin');
  const input = document.getElementById('tx-code');
  const error = document.getElementById('tx-code-error');
  form.hidden = false;
  status(say('pinNeeded'));
  input.focus();
  return new Promise((resolve) => form.addEventListener('submit', function submitted(event) {
    event.preventDefault();
    const pin = input.value.trim();
    if (!/^\d{6}$/.test(pin)) {
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'tx-code-hint tx-code-error');
      input.focus();
      return;
    }
    form.removeEventListener('submit', submitted);
    form.hidden = true;
    resolve(pin);
  }));
}

async function receive(offer) {
  const issuer = offer.credential_issuer;
  if (new URL(issuer).origin !== location.origin) throw new Error(say('otherIssuer'));
  const [metadata, server] = await Promise.all([
    fetch(`${issuer}/.well-known/openid-credential-issuer`).then(json),
    fetch(`${issuer}/.well-known/oauth-authorization-server`).then(json),
  ]);
  const grant = offer.grants[PRE_AUTHORIZED];
  const pin = grant.tx_code ? await askPin() : null;
  status(say('receiving'));
  const dpop = await newKeyPair();
  const form = new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': grant['pre-authorized_code'], ...(pin ? { tx_code: pin } : {}) });
  const token = await fetch(server.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof(dpop, server.token_endpoint) }, body: form }).then(json);
  const received = [];
  for (const configurationId of offer.credential_configuration_ids) {
    const configuration = metadata.credential_configurations_supported[configurationId];
    if (!configuration) continue;
    // One key per credential, so two credentials cannot be linked by their key.
    const holder = await newKeyPair();
    const { c_nonce: nonce } = await fetch(metadata.nonce_endpoint, { method: 'POST' }).then(json);
    const proof = await signJwt({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: await publicJwk(holder.publicKey) }, { aud: issuer, iat: Math.floor(Date.now() / 1000), nonce }, holder.privateKey);
    const answer = await fetch(metadata.credential_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `DPoP ${token.access_token}`, dpop: await dpopProof(dpop, metadata.credential_endpoint, token.access_token) },
      body: JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [proof] } }),
    }).then(json);
    const record = {
      id: crypto.randomUUID(), issuer, configurationId, format: configuration.format, credential: answer.credentials[0].credential,
      vct: configuration.vct ?? null, doctype: configuration.doctype ?? null, privateKey: holder.privateKey,
      display: configuration.credential_metadata?.display ?? [], claimDisplay: configuration.credential_metadata?.claims ?? [],
      receivedAt: new Date().toISOString(),
    };
    await saveCredential(record);
    received.push(record);
  }
  return received;
}

const offer = readOffer();
// The pre-authorized code is single use: it leaves the address bar and the history at once.
history.replaceState(null, '', '/wallet/receive');
if (!offer) status(say('badOffer'));
else {
  receive(offer).then(async (records) => {
    status(say('received', { count: records.length }));
    document.getElementById('wallet-cards').replaceChildren(...await Promise.all(records.map((r) => cardOf(r))));
  }).catch((error) => status(`${say('receiveFailed')} (${error.message})`));
}
