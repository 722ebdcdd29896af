/* global URLSearchParams, document, fetch, history, location */
// OpenID4VCI pre-authorized code flow, in the browser: token (DPoP, PIN when asked) → nonce → credential, for each format offered.
import { newKeyPair } from './wallet-crypto.js';
import { dpopProof, fetchCredentials, json, RefusedCredential } from './wallet-issuance.js';
import { cardOf, say, status } from './wallet-cards.js';

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

function readOffer() {
  const text = new URLSearchParams(location.search).get('credential_offer');
  if (!text) return null;
  try {
    const offer = JSON.parse(text);
    return offer.grants?.[PRE_AUTHORIZED]?.['pre-authorized_code'] ? offer : null;
  } catch { return null; }
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
  return fetchCredentials({ issuer, metadata, accessToken: token.access_token, dpop, configurationIds: offer.credential_configuration_ids });
}

const offer = readOffer();
// The pre-authorized code is single use: it leaves the address bar and the history at once.
history.replaceState(null, '', '/wallet/receive');
if (!offer) status(say('badOffer'));
else {
  receive(offer).then(async (records) => {
    status(say('received', { count: records.length }));
    document.getElementById('wallet-cards').replaceChildren(...await Promise.all(records.map((r) => cardOf(r))));
  }).catch((error) => status(error instanceof RefusedCredential ? error.message : `${say('receiveFailed')} (${error.message})`));
}
