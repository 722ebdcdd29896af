import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import type { StatusChecker } from '../mobile-id/index.ts';
import type { Checks, CheckSource, CredentialFormats } from './checks.ts';
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
  /** Other bearer verifiers (agency API keys, OAuth clients) whose callers may hold `verifier:request`. */
  verifiers: readonly BearerVerifier[];
}

/** The context with what lives as long as the module: the pack's credential types and checks, the status checker and its cache. */
export interface VerifierRuntime extends Omit<VerifierContext, 'pack'> {
  credentialTypes: () => readonly CredentialFormats[];
  checks: () => Checks;
  checkStatus: StatusChecker;
}

export const VERIFIER_SCOPE = 'verifier:request';
