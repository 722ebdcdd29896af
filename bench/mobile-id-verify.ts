/**
 * Mobile ID verification benchmark: `npm run bench:mobile-id [-- --seconds N]`.
 * On one core (this process, no workers), for N seconds each (default 3) after a warm-up:
 * raw node:crypto P-256 ECDSA verify, an SD-JWT VC presentation (issuer signature + KB-JWT +
 * 3 disclosures, no status list), and the ISO 18013-5 Annex D DeviceResponse (x5chain, issuer
 * signature, 6 value digests, ECDH + HKDF + HMAC device MAC). Prints a markdown table.
 */
import { createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { exportJWK, generateKeyPair } from 'jose';
import { issueSdJwt, presentSdJwt, sd, SessionTranscript, verifyDeviceResponse, verifySdJwtPresentation } from '../src/modules/mobile-id/index.ts';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(process.argv[secondsArg + 1]) : 3;

async function rate(name: string, fn: () => unknown): Promise<{ name: string; perSecond: number }> {
  const until = (ms: number) => performance.now() + ms;
  for (const end = until(300); performance.now() < end; ) await fn();
  let n = 0;
  const start = performance.now();
  for (const end = until(SECONDS * 1000); performance.now() < end; n++) await fn();
  return { name, perSecond: n / ((performance.now() - start) / 1000) };
}

const raw = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const data = Buffer.alloc(256, 7);
const signature = sign('sha256', data, raw.privateKey);

const NOW = Math.floor(Date.now() / 1000);
const issuer = await generateKeyPair('ES256');
const holder = await generateKeyPair('ES256');
const issuerJwk = await exportJWK(issuer.publicKey);
const issued = await issueSdJwt({
  claims: { iss: 'https://interior.hanaro.example', vct: 'urn:hanaro:mobile-resident-card:1', iat: NOW, exp: NOW + 86_400, given_name: sd('미래'), family_name: sd('윤'), birthdate: sd('2001-08-08'), age_over_19: sd(true) },
  signers: [{ key: issuer.privateKey, alg: 'ES256', header: { typ: 'dc+sd-jwt' } }],
  holderKey: await exportJWK(holder.publicKey),
  decoys: true,
});
const presentation = await presentSdJwt(issued.sdJwt, { given_name: true, family_name: true, age_over_19: true }, { holderKey: holder.privateKey, alg: 'ES256', nonce: 'n', audience: 'bench', iat: NOW });
const sdJwtOptions = { typ: 'dc+sd-jwt', resolveIssuerKeys: async () => [issuerJwk], keyBinding: { nonce: 'n', audience: 'bench' } };

const annexD = JSON.parse(readFileSync(new URL('../test/vectors/mdoc/annex-d.json', import.meta.url), 'utf8'));
const b64 = (s: string) => Buffer.from(s, 'hex').toString('base64url');
const mdocOptions = {
  trustAnchors: [annexD.derived_here.dsCertificatePem as string],
  sessionTranscript: SessionTranscript.fromTaggedBytes(Buffer.from(annexD.sessionTranscriptBytes, 'hex')),
  readerEphemeralKey: createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: b64(annexD.eReaderKey.x), y: b64(annexD.eReaderKey.y), d: b64(annexD.eReaderKey.d) }, format: 'jwk' }),
  now: new Date('2021-06-01T00:00:00Z'),
};
const deviceResponse = Buffer.from(annexD.deviceResponse, 'hex');

const results = [
  await rate('node:crypto P-256 ECDSA verify (raw)', () => verify('sha256', data, raw.publicKey, signature)),
  await rate('SD-JWT VC presentation (2 ES256 verifies: issuer + KB-JWT)', () => verifySdJwtPresentation(presentation, sdJwtOptions)),
  await rate('mdoc DeviceResponse, Annex D (1 ES256 verify: issuerAuth, DS pinned; ECDH + HKDF + HMAC device MAC)', () => verifyDeviceResponse(deviceResponse, mdocOptions)),
];
const rawRate = results[0]!.perSecond;
console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} CPUs, Node ${process.version}; ${SECONDS} s per row, one core.\n`);
console.log('| What | Verified per second | Raw P-256 verifies per second, same run | Ratio |');
console.log('|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${Math.round(r.perSecond)} | ${Math.round(rawRate)} | ${(r.perSecond / rawRate).toFixed(2)} |`);
