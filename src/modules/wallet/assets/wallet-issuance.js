/* global crypto, fetch */
// OpenID4VCI from the wallet's side once it holds an access token: DPoP proofs, then nonce → proof → credential for each configuration.
import { b64u, newKeyPair, publicJwk, sha256, signJwt } from './wallet-crypto.js';
import { saveCredential } from './wallet-store.js';

export const json = async (response) => { const body = await response.json().catch(() => ({})); if (!response.ok) throw new Error(body.error_description ?? body.message ?? String(response.status)); return body; };

export async function dpopProof(dpop, url, accessToken) {
  const claims = { htm: 'POST', htu: url, jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000) };
  if (accessToken) claims.ath = b64u(await sha256(accessToken));
  return signJwt({ alg: 'ES256', typ: 'dpop+jwt', jwk: await publicJwk(dpop.publicKey) }, claims, dpop.privateKey);
}

/** Each configuration's credential, bound to a key of its own, saved in the wallet; answers the saved records. */
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
    await saveCredential(record);
    received.push(record);
  }
  return received;
}
