import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import type { Checks, CheckSource, CredentialFormats } from './checks.ts';
import type { KeptTrust } from './kept-trust.ts';
import type { VerifierRecords } from './records.ts';
import type { VerifierTrust } from './trust.ts';

/** What app.ts hands the verifier. */
export interface VerifierContext {
  countryName: string;
  publicUrl: string;
  /** Seals the relying parties' request-signing keys at rest. */
  keySecret: string;
  secureCookies: boolean;
  /** The pack's credential types (formats: vct, doctype; age predicates) and the country's legal ages, read when first needed. */
  pack: () => CheckSource;
  trust: VerifierTrust;
  /** Where the trust list, status lists and active relying parties are kept for an outage of the database. */
  keptDir: string;
  /** Other bearer verifiers (agency API keys, OAuth clients) whose callers may hold `verifier:request`. */
  verifiers: readonly BearerVerifier[];
}

/** The context with what lives as long as the module: the pack's credential types and checks, the kept trust and the records. */
export interface VerifierRuntime extends Omit<VerifierContext, 'pack' | 'trust'> {
  credentialTypes: () => readonly CredentialFormats[];
  checks: () => Checks;
  trust: KeptTrust;
  records: VerifierRecords;
}

export const VERIFIER_SCOPE = 'verifier:request';
