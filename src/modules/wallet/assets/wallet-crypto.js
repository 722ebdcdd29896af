/* global TextDecoder, TextEncoder, atob, btoa, crypto */
// The wallet's cryptography, all in the browser with WebCrypto: holder keys that never leave it,
// ES256 JWS (proofs, DPoP, KB-JWT), ECDH-ES JWE for direct_post.jwt, and X.509 reading for request objects.
const encoder = new TextEncoder();
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const SHA256 = { name: 'ECDSA', hash: 'SHA-256' };

export function b64u(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64u(text) {
  const plain = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(plain + '='.repeat((4 - (plain.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const fromB64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
export const jsonB64u = (value) => b64u(encoder.encode(JSON.stringify(value)));
export const decodeJsonB64u = (text) => JSON.parse(new TextDecoder().decode(fromB64u(text)));
export const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', typeof bytes === 'string' ? encoder.encode(bytes) : bytes));

/** A P-256 key pair whose private half cannot be exported: it stays in this browser's key store. */
export const newKeyPair = () => crypto.subtle.generateKey(ECDSA, false, ['sign', 'verify']);

export async function publicJwk(publicKey) {
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', publicKey);
  return { kty, crv, x, y };
}

export async function signJwt(header, payload, privateKey) {
  const input = `${jsonB64u(header)}.${jsonB64u(payload)}`;
  const signature = await crypto.subtle.sign(SHA256, privateKey, encoder.encode(input));
  return `${input}.${b64u(signature)}`;
}

export const signRaw = async (privateKey, bytes) => new Uint8Array(await crypto.subtle.sign(SHA256, privateKey, bytes));

/** RFC 7638 thumbprint of an EC public key, as bytes. */
export const jwkThumbprint = (jwk) => sha256(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }));

/** Compact JWE, ECDH-ES key agreement (Concat KDF, RFC 7518 §4.6) with A128GCM or A256GCM. */
export async function encryptJwe(payload, recipientJwk, enc) {
  const bits = enc === 'A256GCM' ? 256 : 128;
  const recipient = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: recipientJwk.x, y: recipientJwk.y }, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const ephemeral = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const shared = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256));
  const cek = (await sha256(concat(uint32(1), shared, lengthPrefixed(encoder.encode(enc)), uint32(0), uint32(0), uint32(bits)))).slice(0, bits / 8);
  const header = { alg: 'ECDH-ES', enc, epk: await publicJwk(ephemeral.publicKey), ...(recipientJwk.kid ? { kid: recipientJwk.kid } : {}) };
  const protectedHeader = jsonB64u(header);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await crypto.subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt']);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(protectedHeader), tagLength: 128 }, key, encoder.encode(JSON.stringify(payload))));
  return [protectedHeader, '', b64u(iv), b64u(sealed.slice(0, -16)), b64u(sealed.slice(-16))].join('.');
}

const uint32 = (n) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const lengthPrefixed = (bytes) => concat(uint32(bytes.length), bytes);

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// X.509, only as much DER as a wallet needs: the key, the subject's name and the issuer's signature.
function derNode(bytes, at) {
  let length = bytes[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[start + i];
    start += n;
  }
  return { tag: bytes[at], at, start, end: start + length };
}

function derChildren(bytes, node) {
  const out = [];
  for (let at = node.start; at < node.end;) { const child = derNode(bytes, at); out.push(child); at = child.end; }
  return out;
}

const OIDS = { '550403': 'CN', '55040a': 'O' };
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The parts of a certificate (DER) the wallet reads. */
export function readCertificate(der) {
  const [tbs, , signature] = derChildren(der, derNode(der, 0));
  const fields = derChildren(der, tbs);
  const first = fields[0].tag === 0xa0 ? 1 : 0;
  const subject = {};
  for (const set of derChildren(der, fields[first + 4])) {
    for (const pair of derChildren(der, set)) {
      const [oid, value] = derChildren(der, pair);
      const name = OIDS[hex(der.slice(oid.start, oid.end))];
      if (name) subject[name] = new TextDecoder().decode(der.slice(value.start, value.end));
    }
  }
  const spki = fields[first + 5];
  return { tbs: der.slice(tbs.at, tbs.end), spki: der.slice(spki.at, spki.end), subject, signature: rawEcdsa(der, der.slice(signature.start + 1, signature.end)) };
}

/** DER ECDSA-Sig-Value → r||s, as WebCrypto verifies. */
function rawEcdsa(_der, sig) {
  const [r, s] = derChildren(sig, derNode(sig, 0)).map((n) => {
    let v = sig.slice(n.start, n.end);
    while (v.length > 32 && v[0] === 0) v = v.slice(1);
    return concat(new Uint8Array(32 - v.length), v);
  });
  return concat(r, s);
}

export const importSpki = (spki) => crypto.subtle.importKey('spki', spki, ECDSA, false, ['verify']);

/** Verifies a certificate was signed by this issuer certificate (both DER). */
export async function isSignedBy(certificateDer, issuerDer) {
  const cert = readCertificate(certificateDer);
  return crypto.subtle.verify(SHA256, await importSpki(readCertificate(issuerDer).spki), cert.signature, cert.tbs);
}

/** Verifies an ES256 JWS with the key of a certificate (DER); answers the payload, or throws. */
export async function verifyJwsWithCertificate(jws, certificateDer) {
  const [h, p, s] = jws.split('.');
  const key = await importSpki(readCertificate(certificateDer).spki);
  if (!(await crypto.subtle.verify(SHA256, key, fromB64u(s), encoder.encode(`${h}.${p}`)))) throw new Error('signature');
  return decodeJsonB64u(p);
}
