/* global URLSearchParams, crypto, document, fetch, location */
// The OpenID4VCI authorization code flow, started from the wallet: pick an ID, sign in to Hanaro and agree, come back to /wallet/authorized.
import { b64u, newKeyPair, sha256 } from './wallet-crypto.js';
import { json } from './wallet-issuance.js';
import { rememberAuthorization } from './wallet-pending.js';
import { el, locale, say, status } from './wallet-cards.js';
import { textIn } from './wallet-claims.js';

const list = document.getElementById('wallet-get-types');
const clientId = list.getAttribute('data-client-id');

/** The issuer's credential types, one per scope, each with the configurations (formats) it covers. */
function typesOf(metadata) {
  const types = new Map();
  for (const [id, configuration] of Object.entries(metadata.credential_configurations_supported)) {
    if (!configuration.scope) continue;
    const type = types.get(configuration.scope) ?? { scope: configuration.scope, title: textIn(configuration.credential_metadata?.display ?? [], locale) ?? configuration.scope, configurationIds: [] };
    type.configurationIds.push(id);
    types.set(configuration.scope, type);
  }
  return [...types.values()];
}

async function start(issuer, server, type) {
  const verifier = b64u(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64u(crypto.getRandomValues(new Uint8Array(16)));
  // The DPoP key the token will be bound to: made here, non-extractable, kept until the wallet comes back.
  const dpop = await newKeyPair();
  await rememberAuthorization({ state, verifier, dpop, issuer, configurationIds: type.configurationIds });
  const query = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: `${location.origin}/wallet/authorized`, scope: type.scope, state,
    code_challenge: b64u(await sha256(verifier)), code_challenge_method: 'S256',
  });
  location.assign(`${server.authorization_endpoint}?${query}`);
}

async function show() {
  const metadata = await fetch('/.well-known/openid-credential-issuer').then(json);
  const issuer = metadata.credential_issuer;
  const serverId = metadata.authorization_servers.find((s) => s !== issuer);
  const server = await fetch(`${serverId}/.well-known/openid-configuration`).then(json);
  list.replaceChildren(...typesOf(metadata).map((type) => {
    const button = el('button', { type: 'button', class: 'button secondary' }, type.title);
    button.addEventListener('click', () => start(issuer, server, type).catch((error) => status(`${say('getFailed')} (${error.message})`)));
    const item = el('li');
    item.append(button);
    return item;
  }));
}

show().catch((error) => status(`${say('getFailed')} (${error.message})`));
