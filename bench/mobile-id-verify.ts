/**
 * Mobile ID verification benchmark: `npm run bench:mobile-id [-- --seconds N]`.
 * On one core (this process, one verification at a time), for N seconds each (default 3) after a
 * warm-up, in the same run: raw node:crypto P-256 ECDSA verify, then complete presentations as the
 * verifier checks them (`verifyVpToken`, the code behind /verifier/requests/:id/response, for the
 * "identity for account opening" check, 5 claims):
 * - an SD-JWT VC: DCQL match, x5c chained to the IACA root, issuer ES256, 5 disclosures among
 *   decoys, KB-JWT ES256 with nonce, aud, iat and sd_hash, status from the JWT status list;
 * - an mdoc DeviceResponse: x5chain to the IACA root, issuerAuth ES256, 5 value digests, validity,
 *   device signature (ES256) over the session transcript the verifier computes itself, status from
 *   the CWT status list;
 * each with the status list from the cache (read and verified once, reused for its ttl) and
 * re-read and re-verified on every check (as the verifier module runs, so a lost phone shows at
 * once). Plus the ISO 18013-5 Annex D DeviceResponse (device MAC) through the library alone.
 * The document signer's certificate is parsed and its signature under the root checked once, then
 * kept (by its bytes' SHA-256); its validity and the trust anchors are checked on every presentation,
 * as is every signature of the presentation itself and of a re-read status list.
 * The rows take turns (200 ms each) so that on a shared machine each sees the same load; each
 * is given per wall second and per second of this process's CPU time (what one core can do).
 * Prints the machine, its load average before and after, and a markdown table.
 */
import { createPrivateKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { presentMdoc, presentSdJwt, SessionTranscript, verifyDeviceResponse, type StatusChecker } from '../src/modules/mobile-id/index.ts';
import { checksOf } from '../src/modules/verifier/checks.ts';
import { statusCheckerFor } from '../src/modules/verifier/trust.ts';
import { verifyVpToken, type VerifyContext } from '../src/modules/verifier/verify-vp-token.ts';
import { CARD_DOCTYPE, CARD_VCT, testIssuer, trustIn } from '../test/support/test-issuer.ts';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(process.argv[secondsArg + 1]) : 3;

interface Row { name: string; fn: () => unknown; n: number; wall: number; cpu: number }

const row = (name: string, fn: () => unknown): Row => ({ name, fn, n: 0, wall: 0, cpu: 0 });

/**
 * Runs the rows in turn, 200 ms each, until each has had SECONDS (after a warm-up): on a shared
 * machine every row then sees the same load. Calls are one at a time; `cpu` is the process's CPU time.
 */
async function measure(rows: Row[]): Promise<Row[]> {
  for (const r of rows) for (const end = performance.now() + 300; performance.now() < end;) await r.fn();
  while (rows.some((r) => r.wall < SECONDS * 1000)) {
    for (const r of rows) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      for (const end = start + 200; performance.now() < end; r.n++) await r.fn();
      const cpu = process.cpuUsage(cpuStart);
      r.wall += performance.now() - start;
      r.cpu += (cpu.user + cpu.system) / 1000;
    }
  }
  return rows;
}

const loadBefore = os.loadavg();

// Raw: one P-256 ECDSA verify of a 256-byte message.
const raw = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const data = Buffer.alloc(256, 7);
const signature = sign('sha256', data, raw.privateKey);

// An issuing authority (IACA root → document signer), its JWT and CWT status lists, and a holder.
const issuer = await testIssuer('Bench Interior');
const holder = await generateKeyPair('ES256', { extractable: true });
const holderJwk = await exportJWK(holder.publicKey);
const CARD = { family_name: '윤', given_name: '미래', birth_date: '2001-08-08', resident_number: '010808-4221745', resident_address: '한결시 중앙로 1', nationality: 'HG', age_over_19: true };
const CLAIMS = ['family_name', 'given_name', 'birth_date', 'resident_number', 'resident_address'];

// One presentation request, as the verifier stores it.
const { privateKey: responsePrivate } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
const request = { clientId: 'x509_hash:bench-verifier', nonce: 'bench-nonce-0123456789', responseUri: 'https://hanaro.example/verifier/requests/bench/response', responseKey: await exportJWK(responsePrivate) as JWK };

const sdJwt = await issuer.credential(CARD, holderJwk);
const sdJwtToken = { q0: [await presentSdJwt(sdJwt, Object.fromEntries(CLAIMS.map((c) => [c, true])), { holderKey: holder.privateKey, alg: 'ES256', nonce: request.nonce, audience: request.clientId, iat: Math.floor(Date.now() / 1000) }) as string] };
const transcript = SessionTranscript.forOpenId4Vp({ ...request, jwkThumbprint: Buffer.from(await calculateJwkThumbprint(request.responseKey, 'sha256'), 'base64url') });
const deviceResponse = presentMdoc(Buffer.from(issuer.mdoc(CARD, holderJwk), 'base64url'), { docType: CARD_DOCTYPE, elements: { [CARD_DOCTYPE]: CLAIMS }, sessionTranscript: transcript, deviceKey: KeyObject.from(holder.privateKey) });
const mdocToken = { q1: [deviceResponse.toString('base64url')] };

// The lists as the issuer publishes them, signed once (fetching is in-process: no network in the figures).
const [listJwt, listCwt] = [await issuer.statusListJwt(), issuer.statusListCwt()];
const trust = { ...trustIn([issuer]), fetchStatusList: async (uri: string) => (uri === issuer.cwtStatusUri ? listCwt : listJwt) };
const credentialTypes = [{ id: 'mobile-resident-card', formats: { 'dc+sd-jwt': { vct: CARD_VCT }, mso_mdoc: { doctype: CARD_DOCTYPE, namespace: CARD_DOCTYPE } } }];
const check = checksOf({ credentialTypes, country: {} }).get('identity-account-opening')!;
const context = (checkStatus: StatusChecker): VerifyContext => ({ ...request, check, checkStatus, now: new Date(), roots: [issuer.root], credentialTypes });
const cached = context(statusCheckerFor(trust, 'when-stale'));
const reread = context(statusCheckerFor(trust, 'always'));
for (const [token, ctx] of [[sdJwtToken, cached], [mdocToken, cached]] as const) {
  const verified = await verifyVpToken(token, ctx);
  if (Object.keys(verified.claims).length !== CLAIMS.length) throw new Error(`the ${verified.format} presentation did not verify in full`);
}

const annexD = JSON.parse(readFileSync(new URL('../test/vectors/mdoc/annex-d.json', import.meta.url), 'utf8'));
const b64 = (s: string) => Buffer.from(s, 'hex').toString('base64url');
const annexDOptions = {
  trustAnchors: [annexD.derived_here.dsCertificatePem as string],
  sessionTranscript: SessionTranscript.fromTaggedBytes(Buffer.from(annexD.sessionTranscriptBytes, 'hex')),
  readerEphemeralKey: createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: b64(annexD.eReaderKey.x), y: b64(annexD.eReaderKey.y), d: b64(annexD.eReaderKey.d) }, format: 'jwk' }),
  now: new Date('2021-06-01T00:00:00Z'),
};
const annexDResponse = Buffer.from(annexD.deviceResponse, 'hex');

const results = await measure([
  row('node:crypto P-256 ECDSA verify (raw)', () => verify('sha256', data, raw.publicKey, signature)),
  row('SD-JWT VC presentation, status list from cache (2 P-256 verifies: issuer, KB-JWT; DS certificate chain kept)', () => verifyVpToken(sdJwtToken, cached)),
  row('mdoc DeviceResponse, status list from cache (2 P-256 verifies: issuerAuth, device signature; DS certificate chain kept)', () => verifyVpToken(mdocToken, cached)),
  row('SD-JWT VC presentation, status list re-read every check (3 verifies: + list JWT)', () => verifyVpToken(sdJwtToken, reread)),
  row('mdoc DeviceResponse, status list re-read every check (3 verifies: + list CWT)', () => verifyVpToken(mdocToken, reread)),
  row('mdoc DeviceResponse, ISO 18013-5 Annex D, library only (1 verify: issuerAuth, DS pinned; ECDH + HKDF + HMAC device MAC; no status)', () => verifyDeviceResponse(annexDResponse, annexDOptions)),
]);
const loadAfter = os.loadavg();
const perWall = (r: Row) => r.n / (r.wall / 1000);
const perCpu = (r: Row) => r.n / (r.cpu / 1000);
const raw0 = results[0]!;
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} CPUs, Node ${process.version}; ${SECONDS} s per row in 200 ms turns, one verification at a time.`);
console.log(`Load average (1, 5, 15 min) before: ${load(loadBefore)}; after: ${load(loadAfter)}.\n`);
console.log('| What | Verified per second | per CPU second | Raw P-256 verifies per second (per CPU second), same run | Ratio to raw (per CPU second) |');
console.log('|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${Math.round(perWall(r))} | ${Math.round(perCpu(r))} | ${Math.round(perWall(raw0))} (${Math.round(perCpu(raw0))}) | ${(perCpu(r) / perCpu(raw0)).toFixed(3)} |`);
}
