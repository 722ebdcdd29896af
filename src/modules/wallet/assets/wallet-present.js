/* global URLSearchParams, document, fetch, history, location, navigator */
// OpenID4VP 1.0 with DCQL: fetch the signed request, show who asks for what, and answer with only that
// (SD-JWT with a KB-JWT, or an mdoc DeviceResponse), encrypted to the verifier (direct_post.jwt); or decline.
import { b64u, decodeJsonB64u, encryptJwe, fromB64, fromB64u, isSignedBy, jwkThumbprint, readCertificate, sha256, signJwt, signRaw, verifyJwsWithCertificate } from './wallet-crypto.js';
import { decode, encode, Tagged } from './wallet-cbor.js';
import { disclosuresOf, labelOf, mdocItems } from './wallet-claims.js';
import { listCredentials } from './wallet-store.js';
import { el, say, status, titleOf } from './wallet-cards.js';

/** client_id and request_uri from our own address, or from a pasted/scanned `openid4vp://` link. */
function requestReference() {
  const params = new URLSearchParams(location.search);
  const link = params.get('link');
  const source = link ? new URLSearchParams(link.trim().replace(/^[a-z0-9+.-]+:\/\/[^?]*\?/i, '')) : params;
  const clientId = source.get('client_id');
  const requestUri = source.get('request_uri');
  return clientId && requestUri ? { clientId, requestUri } : null;
}

/** The request object, checked: signed by the certificate in x5c, whose hash is the client id, issued under the access CA. */
async function openRequest({ clientId, requestUri }) {
  if (new URL(requestUri).protocol !== 'https:' && new URL(requestUri).origin !== location.origin) throw new Error(say('untrusted'));
  const response = await fetch(requestUri, { headers: { accept: 'application/oauth-authz-req+jwt' } });
  if (!response.ok) throw new Error(say('badRequest'));
  const jwt = await response.text();
  const header = decodeJsonB64u(jwt.split('.')[0]);
  const certificate = fromB64(header.x5c?.[0] ?? '');
  const { verifierAccessCa } = await fetch('/wallet/trust').then((r) => r.json());
  if (!verifierAccessCa || !(await isSignedBy(certificate, fromB64(verifierAccessCa)))) throw new Error(say('untrusted'));
  const request = await verifyJwsWithCertificate(jwt, certificate);
  if (request.client_id !== clientId || clientId !== `x509_hash:${b64u(await sha256(certificate))}`) throw new Error(say('untrusted'));
  if (typeof request.exp === 'number' && request.exp * 1000 < Date.now()) throw new Error(say('badRequest'));
  if (request.response_mode !== 'direct_post.jwt' || !request.response_uri || !request.dcql_query) throw new Error(say('badRequest'));
  const subject = readCertificate(certificate).subject;
  return { request, party: subject.O ?? subject.CN ?? clientId };
}

/** The first credential query (DCQL) this wallet holds a credential for. */
function match(request, records) {
  for (const query of request.dcql_query.credentials) {
    const record = records.find((r) => r.format === query.format && (query.format === 'mso_mdoc' ? r.doctype === query.meta?.doctype_value : (query.meta?.vct_values ?? []).includes(r.vct)));
    if (record) return { query, record };
  }
  return null;
}

async function sdJwtPresentation(record, query, request) {
  const issuerJwt = record.credential.split('~')[0];
  const all = await disclosuresOf(record.credential);
  const wanted = new Set(query.claims.map((c) => c.path[0]));
  const chosen = all.filter((d) => wanted.has(d.name));
  // Array elements and nested claims inside a chosen value have their own disclosures.
  for (let i = 0; i < chosen.length; i++) {
    const inside = JSON.stringify(chosen[i].value);
    for (const d of all) if (!chosen.includes(d) && inside.includes(`"${d.digest}"`)) chosen.push(d);
  }
  const presented = `${[issuerJwt, ...chosen.map((d) => d.text)].join('~')}~`;
  const kb = await signJwt({ alg: 'ES256', typ: 'kb+jwt' }, { iat: Math.floor(Date.now() / 1000), aud: request.client_id, nonce: request.nonce, sd_hash: b64u(await sha256(presented)) }, record.privateKey);
  return presented + kb;
}

/** ISO 18013-5 DeviceResponse with only the asked elements, device-signed over the OpenID4VP session transcript. */
async function mdocPresentation(record, query, request) {
  const wanted = new Set(query.claims.map((c) => c.path.join('/')));
  const issuerSigned = decode(fromB64u(record.credential));
  const nameSpaces = new Map();
  for (const { namespace, tagged, item } of mdocItems(record)) {
    if (!wanted.has(`${namespace}/${item.get('elementIdentifier')}`)) continue;
    if (!nameSpaces.has(namespace)) nameSpaces.set(namespace, []);
    nameSpaces.get(namespace).push(tagged);
  }
  const encryptionKey = request.client_metadata.jwks.keys[0];
  const handover = await sha256(encode([request.client_id, request.nonce, await jwkThumbprint(encryptionKey), request.response_uri]));
  const transcript = [null, null, ['OpenID4VPHandover', handover]];
  const deviceNameSpaces = new Tagged(24, encode(new Map()));
  const authentication = encode(new Tagged(24, encode(['DeviceAuthentication', transcript, record.doctype, deviceNameSpaces])));
  const protectedHeader = encode(new Map([[1, -7]]));
  const signature = await signRaw(record.privateKey, encode(['Signature1', protectedHeader, new Uint8Array(0), authentication]));
  const document = new Map([
    ['docType', record.doctype],
    ['issuerSigned', new Map([['nameSpaces', nameSpaces], ['issuerAuth', issuerSigned.get('issuerAuth')]])],
    ['deviceSigned', new Map([['nameSpaces', deviceNameSpaces], ['deviceAuth', new Map([['deviceSignature', [protectedHeader, new Map(), null, signature]]])]])],
  ]);
  return b64u(encode(new Map([['version', '1.0'], ['documents', [document]], ['status', 0]])));
}

async function answer(request, payload) {
  const key = request.client_metadata.jwks.keys[0];
  const enc = (request.client_metadata.encrypted_response_enc_values_supported ?? ['A128GCM'])[0];
  const body = new URLSearchParams({ response: await encryptJwe({ ...payload, state: request.state }, key, enc) });
  const response = await fetch(request.response_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).message ?? String(response.status));
}

function showConsent(party, asked, record, decide) {
  document.getElementById('consent-party').textContent = party;
  document.getElementById('consent-claims').replaceChildren(...asked.map((label) => el('li', {}, label)));
  document.getElementById('consent-credential').textContent = say('from', { credential: titleOf(record) });
  const section = document.getElementById('wallet-consent');
  section.hidden = false;
  status('');
  document.getElementById('consent-heading').focus?.();
  const share = document.getElementById('consent-share');
  const decline = document.getElementById('consent-decline');
  const once = (choice) => () => { share.disabled = true; decline.disabled = true; section.hidden = true; decide(choice); };
  share.addEventListener('click', once(true), { once: true });
  decline.addEventListener('click', once(false), { once: true });
}

async function present() {
  const reference = requestReference();
  if (!reference) return status(say('badRequest'));
  history.replaceState(null, '', `/wallet/present?${new URLSearchParams({ client_id: reference.clientId, request_uri: reference.requestUri })}`);
  if (!navigator.onLine) return status(say('offline'));
  status(say('loading'));
  const { request, party } = await openRequest(reference);
  const found = match(request, await listCredentials());
  if (!found) {
    await answer(request, { error: 'access_denied', error_description: 'no matching credential' }).catch(() => {});
    return status(say('noMatch', { party }));
  }
  const asked = found.query.claims.map((c) => labelOf(found.record, c.path, document.documentElement.lang || 'en'));
  showConsent(party, asked, found.record, async (share) => {
    try {
      if (!share) {
        await answer(request, { error: 'access_denied' });
        return status(say('declined', { party }));
      }
      status(say('sending'));
      const presentation = found.query.format === 'mso_mdoc' ? await mdocPresentation(found.record, found.query, request) : await sdJwtPresentation(found.record, found.query, request);
      await answer(request, { vp_token: { [found.query.id]: [presentation] } });
      status(say('sent', { party }));
    } catch (error) {
      status(`${say('sendFailed')} (${error.message})`);
    }
  });
}

present().catch((error) => status(`${say('badRequest')} (${error.message})`));

