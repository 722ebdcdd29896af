import { hash, randomBytes } from 'node:crypto';
import { refuse } from '../refusal.ts';

/** Hash algorithms from the IANA "Named Information Hash Algorithm" registry that we accept in `_sd_alg`. */
const SD_ALGS: Record<string, string> = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };

export type SdAlg = 'sha-256' | 'sha-384' | 'sha-512';

export const SD_DIGESTS = '_sd';
export const ARRAY_ELEMENT = '...';

export interface Disclosure {
  encoded: string;
  salt: string;
  /** Absent for an array element. */
  name?: string;
  value: unknown;
}

export function isSdAlg(alg: unknown): alg is SdAlg {
  return typeof alg === 'string' && Object.hasOwn(SD_ALGS, alg);
}

export function digestOf(encoded: string, alg: SdAlg): string {
  return hash(SD_ALGS[alg]!, encoded, 'base64url');
}

export function makeDisclosure(value: unknown, name?: string): Disclosure {
  const salt = randomBytes(16).toString('base64url');
  const array = name === undefined ? [salt, value] : [salt, name, value];
  return { encoded: Buffer.from(JSON.stringify(array), 'utf8').toString('base64url'), salt, value, ...(name === undefined ? {} : { name }) };
}

export function makeDecoyDigest(alg: SdAlg): string {
  return digestOf(randomBytes(16).toString('base64url'), alg);
}

export function parseDisclosure(encoded: string): Disclosure {
  let array: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new Error('not base64url');
    array = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return refuse('disclosure_malformed', 'a disclosure is not base64url-encoded JSON');
  }
  if (!Array.isArray(array) || typeof array[0] !== 'string') return refuse('disclosure_malformed', 'a disclosure is not an array with a salt');
  if (array.length === 2) return { encoded, salt: array[0], value: array[1] };
  if (array.length !== 3 || typeof array[1] !== 'string') return refuse('disclosure_malformed', 'a disclosure has neither 2 nor 3 elements');
  if (array[1] === SD_DIGESTS || array[1] === ARRAY_ELEMENT) return refuse('disclosure_malformed', `a disclosure names the reserved claim ${array[1]}`);
  return { encoded, salt: array[0], name: array[1], value: array[2] };
}
