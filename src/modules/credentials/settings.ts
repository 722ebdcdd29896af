import type { Country } from '../packs/index.ts';

/** What issuance needs from the platform: where it is published, the key secret, and the country's rules. */
export interface CredentialSettings {
  /** The credential issuer identifier (and the origin of every endpoint). */
  publicUrl: string;
  keySecret: string;
  country: Country;
  /** Pre-authorized codes live this long. */
  offerTtlSeconds: number;
  accessTokenTtlSeconds: number;
  nonceTtlSeconds: number;
}

