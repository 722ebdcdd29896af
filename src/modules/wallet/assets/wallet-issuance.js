/* global crypto, fetch */
// OpenID4VCI from the wallet's side once it holds an access token: DPoP proofs, then nonce → proof → credential for each configuration.
import { b64u, fromB64u, newKeyPair, publicJwk, sha256, signJwt } from './wallet-crypto.js';
import { decode, encode } from './wallet-cbor.js';
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
 * A credential's issuer checked as a verifier checks it before the wallet keeps it: an SD-JWT VC's
 * x5c up to a trusted IACA root, naming `iss`; an mdoc's IssuerAuth, its document signer's x5chain
 * up to a trusted IACA root and its signature. Only what the issuer signed is sent: the disclosures stay here.
 */
async function checkIssuer(record) {
  const body = record.format === 'mso_mdoc'
    // An mdoc's IssuerAuth alone: the MSO holds the elements' digests, the elements stay here.
    ? { format: 'mso_mdoc', doctype: record.doctype, credential: b64u(encode(decode(fromB64u(record.credential)).get('issuerAuth'))) }
    : { credential: `${record.credential.split('~')[0]}~` };
  const response = await fetch('/wallet/issuer-check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
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
    await checkIssuer(record);
    received.push(record);
  }
  // Kept only once every one has passed: a refused credential leaves nothing of its offer behind.
  for (const record of received) await saveCredential(record);
  return received;
}
