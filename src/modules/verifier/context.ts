import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import type { StatusChecker } from '../mobile-id/index.ts';
import type { CredentialFormats } from './checks.ts';
import type { VerifierTrust } from './trust.ts';

/** What app.ts hands the verifier. */
export interface VerifierContext {
  countryName: string;
  publicUrl: string;
  /** Seals the relying parties' request-signing keys at rest. */
  keySecret: string;
  secureCookies: boolean;
  /** The pack's credential types and their formats (vct, doctype). */
  credentialTypes: () => readonly CredentialFormats[];
  trust: VerifierTrust;
  /** Other bearer verifiers (agency API keys, OAuth clients) whose callers may hold `verifier:request`. */
  verifiers: readonly BearerVerifier[];
}

/** The context with what lives as long as the module: the status checker and its cache. */
export interface VerifierRuntime extends VerifierContext { checkStatus: StatusChecker }

export const VERIFIER_SCOPE = 'verifier:request';
