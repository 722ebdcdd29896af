import { randomInt } from 'node:crypto';
import { CompactSign, FlattenedSign, GeneralSign, importJWK, type JWK } from 'jose';
import { ARRAY_ELEMENT, SD_DIGESTS, digestOf, makeDecoyDigest, makeDisclosure, type Disclosure, type SdAlg } from './disclosure.ts';
import { parseSdJwt, serializeSdJwt, type SdJwtJson } from './serialization.ts';

/** Marks a claim (object member or array element) as selectively disclosable. */
export class Disclosable {
  constructor(readonly value: unknown) {}
}
export const sd = (value: unknown): Disclosable => new Disclosable(value);

export type SigningKey = CryptoKey | JWK;

export interface IssuerSigner {
  key: SigningKey;
  alg: string;
  /** Protected header members besides `alg` (typ, kid, x5c …). */
  header?: Record<string, unknown>;
}

export interface IssueSdJwtInput {
  claims: Record<string, unknown>;
  signers: [IssuerSigner, ...IssuerSigner[]];
  sdAlg?: SdAlg;
  /** Adds 1–3 decoy digests to every object and array that holds disclosable claims. */
  decoys?: boolean;
  /** The holder's public key, bound as `cnf.jwk`. */
  holderKey?: JWK;
  format?: 'compact' | 'flattened' | 'general';
}

export interface IssuedSdJwt {
  sdJwt: string | SdJwtJson;
  disclosures: Disclosure[];
  payload: Record<string, unknown>;
}

export async function issueSdJwt(input: IssueSdJwtInput): Promise<IssuedSdJwt> {
  const sdAlg = input.sdAlg ?? 'sha-256';
  const disclosures: Disclosure[] = [];
  const packer = new Packer(sdAlg, input.decoys ?? false, disclosures);
  const packed = packer.object(input.claims);
  const payload = { ...packed, ...(input.holderKey ? { cnf: { jwk: input.holderKey } } : {}), _sd_alg: sdAlg };
  const format = input.format ?? 'compact';
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  const jws = await sign(bytes, input.signers, format);
  const parts = parseSdJwt(typeof jws === 'string' ? `${jws}~` : jws);
  return { sdJwt: serializeSdJwt({ ...parts, disclosures: disclosures.map((d) => d.encoded) }), disclosures, payload };
}

class Packer {
  constructor(
    private readonly alg: SdAlg,
    private readonly decoys: boolean,
    private readonly out: Disclosure[],
  ) {}

  value(value: unknown): unknown {
    if (value instanceof Disclosable) throw new Error('a disclosable value needs an object member or array element to live in');
    if (Array.isArray(value)) return this.array(value);
    if (value !== null && typeof value === 'object') return this.object(value as Record<string, unknown>);
    return value;
  }

  object(claims: Record<string, unknown>): Record<string, unknown> {
    const packed: Record<string, unknown> = {};
    const digests: string[] = [];
    for (const [name, value] of Object.entries(claims)) {
      if (value instanceof Disclosable) digests.push(this.disclose(this.value(value.value), name));
      else packed[name] = this.value(value);
    }
    if (digests.length === 0) return packed;
    digests.push(...this.decoyDigests());
    // Sorted, so the order of the digests says nothing about the order of the claims.
    return { [SD_DIGESTS]: digests.sort(), ...packed };
  }

  array(elements: unknown[]): unknown[] {
    const packed = elements.map((e) => (e instanceof Disclosable ? { [ARRAY_ELEMENT]: this.disclose(this.value(e.value)) } : this.value(e)));
    if (!elements.some((e) => e instanceof Disclosable)) return packed;
    return [...packed, ...this.decoyDigests().map((d) => ({ [ARRAY_ELEMENT]: d }))];
  }

  private disclose(value: unknown, name?: string): string {
    const disclosure = makeDisclosure(value, name);
    this.out.push(disclosure);
    return digestOf(disclosure.encoded, this.alg);
  }

  private decoyDigests(): string[] {
    return this.decoys ? Array.from({ length: randomInt(1, 4) }, () => makeDecoyDigest(this.alg)) : [];
  }
}

async function sign(bytes: Uint8Array, signers: IssuerSigner[], format: 'compact' | 'flattened' | 'general'): Promise<string | SdJwtJson> {
  const keyOf = async (s: IssuerSigner) => ('kty' in s.key ? importJWK(s.key, s.alg) : s.key);
  const headerOf = (s: IssuerSigner) => ({ ...s.header, alg: s.alg });
  const first = signers[0]!;
  if (format === 'compact') return new CompactSign(bytes).setProtectedHeader(headerOf(first)).sign(await keyOf(first));
  if (format === 'flattened') return (await new FlattenedSign(bytes).setProtectedHeader(headerOf(first)).sign(await keyOf(first))) as SdJwtJson;
  const general = new GeneralSign(bytes);
  for (const s of signers) general.addSignature(await keyOf(s)).setProtectedHeader(headerOf(s));
  return (await general.sign()) as SdJwtJson;
}
