/* global crypto, fetch */
// OpenID4VCI from the wallet's side once it holds an access token: DPoP proofs, then nonce → proof → credential for each configuration.
import { b64u, newKeyPair, publicJwk, sha256, signJwt } from './wallet-crypto.js';
import { saveCredential } from './wallet-store.js';
import { say } from './wallet-cards.js';

export const json = async (response) => { const body = await response.json().catch(() => ({})); if (!response.ok) throw new Error(body.error_description ?? body.message ?? String(response.status)); return body; };

export async function dpopProof(dpop, url, accessToken) {
  const claims = { htm: 'POST', htu: url, jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000) };
  if (accessToken) claims.ath = b64u(await sha256(accessToken));
  return signJwt({ alg: 'ES256', typ: 'dpop+jwt', jwk: await publicJwk(dpop.publicKey) }, claims, dpop.privateKey);
}

/** Why the wallet would not keep a credential, in the resident's words (an error whose message is all the status line says). */
export class RefusedCredential extends Error {}

const ISSUER_REFUSALS = { issuer_name_mismatch: 'issuerNameMismatch', issuer_untrusted: 'issuerUntrusted', certificate_chain_invalid: 'issuerUntrusted', certificate_expired: 'issuerUntrusted' };

/**
 * An SD-JWT VC's issuer checked as a verifier checks it (x5c up to a trusted IACA root, naming
 * `iss`), before the wallet keeps it. Only the issuer-signed JWT is sent: the disclosures stay here.
 */
async function checkIssuer(credential) {
  const response = await fetch('/wallet/issuer-check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential: `${credential.split('~')[0]}~` }) });
  if (response.ok) return;
  const { code, iss } = await response.json().catch(() => ({}));
  throw new RefusedCredential(say(ISSUER_REFUSALS[code] ?? 'issuerUnconfirmed', { issuer: iss ?? '' }));
}

/** Each configuration's credential, bound to a key of its own, its issuer checked, then all saved in the wallet; answers the saved records. */
export async function fetchCredentials({ issuer, metadata, accessToken, dpop, configurationIds }) {
  const received = [];
  for (const configurationId of configurationIds) {
    const configuration = metadata.credential_configurations_supported[configurationId];
    if (!configuration) continue;
    // One key per credential, so two credentials cannot be linked by their key.
    const holder = await newKeyPair();
    const { c_nonce: nonce } = await fetch(metadata.nonce_endpoint, { method: 'POST' }).then(json);
    const proof = await signJwt({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: await publicJwk(holder.publicKey) }, { aud: issuer, iat: Math.floor(Date.now() / 1000), nonce }, holder.privateKey);
    const answer = await fetch(metadata.credential_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `DPoP ${accessToken}`, dpop: await dpopProof(dpop, metadata.credential_endpoint, accessToken) },
      body: JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [proof] } }),
    }).then(json);
    const record = {
      id: crypto.randomUUID(), issuer, configurationId, format: configuration.format, credential: answer.credentials[0].credential,
      vct: configuration.vct ?? null, doctype: configuration.doctype ?? null, privateKey: holder.privateKey,
      display: configuration.credential_metadata?.display ?? [], claimDisplay: configuration.credential_metadata?.claims ?? [],
      receivedAt: new Date().toISOString(),
    };
    if (record.format === 'dc+sd-jwt') await checkIssuer(record.credential);
    received.push(record);
  }
  // Kept only once every one has passed: a refused credential leaves nothing of its offer behind.
  for (const record of received) await saveCredential(record);
  return received;
}
