import { refuse } from '../refusal.ts';
import { ARRAY_ELEMENT, SD_DIGESTS, digestOf, parseDisclosure, type Disclosure, type SdAlg } from './disclosure.ts';

/**
 * RFC 9901 §7.1 steps 3–5: replaces every digest that has a disclosure by the disclosed claim,
 * recursively, drops the digests without one (decoys and undisclosed claims), and refuses
 * duplicated digests, disclosures sent twice and disclosures that no digest references.
 */
export function unpackClaims(payload: Record<string, unknown>, encodedDisclosures: string[], alg: SdAlg): Record<string, unknown> {
  const byDigest = new Map<string, Disclosure>();
  for (const encoded of encodedDisclosures) {
    const digest = digestOf(encoded, alg);
    if (byDigest.has(digest)) refuse('disclosure_duplicated', 'the same disclosure was sent twice');
    byDigest.set(digest, parseDisclosure(encoded));
  }
  const walk = new Walk(byDigest);
  const claims = walk.object(payload);
  if (walk.used.size !== byDigest.size) refuse('disclosure_unreferenced', 'a disclosure is not referenced by any digest');
  return claims;
}

class Walk {
  readonly seen = new Set<string>();
  readonly used = new Set<string>();
  constructor(private readonly byDigest: Map<string, Disclosure>) {}

  value(value: unknown): unknown {
    if (Array.isArray(value)) return this.array(value);
    if (value !== null && typeof value === 'object') return this.object(value as Record<string, unknown>);
    return value;
  }

  object(input: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(input)) {
      if (name !== SD_DIGESTS) put(out, name, this.value(value));
    }
    const digests = input[SD_DIGESTS];
    if (digests === undefined) return out;
    if (!Array.isArray(digests)) return refuse('malformed', '_sd is not an array');
    for (const digest of digests) {
      const disclosure = this.take(digest);
      if (!disclosure) continue;
      if (disclosure.name === undefined) refuse('disclosure_malformed', 'an array-element disclosure is referenced from _sd');
      if (Object.hasOwn(out, disclosure.name!)) refuse('claim_name_conflict', `the claim ${disclosure.name} is both plain and disclosed`);
      put(out, disclosure.name!, this.value(disclosure.value));
    }
    return out;
  }

  array(input: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const element of input) {
      const digest = arrayElementDigest(element);
      if (digest === undefined) {
        out.push(this.value(element));
        continue;
      }
      const disclosure = this.take(digest);
      if (!disclosure) continue;
      if (disclosure.name !== undefined) refuse('disclosure_malformed', 'an object-property disclosure is referenced from an array');
      out.push(this.value(disclosure.value));
    }
    return out;
  }

  private take(digest: unknown): Disclosure | undefined {
    if (typeof digest !== 'string') return refuse('malformed', 'a digest is not a string');
    if (this.seen.has(digest)) refuse('digest_duplicated', 'a digest appears more than once');
    this.seen.add(digest);
    const disclosure = this.byDigest.get(digest);
    if (disclosure) this.used.add(digest);
    return disclosure;
  }
}

export function arrayElementDigest(element: unknown): unknown {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) return undefined;
  const keys = Object.keys(element);
  return keys.length === 1 && keys[0] === ARRAY_ELEMENT ? (element as Record<string, unknown>)[ARRAY_ELEMENT] : undefined;
}

/** Defines rather than assigns, so a claim named `__proto__` stays a claim. */
function put(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
