import type { ApiScope } from '../../platform/http/api-scopes.ts';
/** What an agency system may do through the Consent API, always for its own agency's data agreements. */
export const CONSENT_SCOPES = {
  /** Read the agency's data agreements and verify consents given to them. */
  read: 'consent:read',
  /** Record an individual's consent, read it, and withdraw it (a counter or app acting for the resident). */
  record: 'consent:record',
  /** Audit the agency's consent records with their hash-chained history. */
  audit: 'consent:audit',
  /** Write the agency's data policies (GovStack `Policy`): create, change, delete. Reading them needs `read`. */
  config: 'consent:config',
} as const;

export const ALL_CONSENT_SCOPES: readonly string[] = Object.values(CONSENT_SCOPES);

export const consentApiScopes: readonly ApiScope[] = (['read', 'record', 'audit', 'config'] as const)
  .map((s) => ({ name: CONSENT_SCOPES[s], label: `consent.apiScope.${s}`, hint: `consent.apiScope.${s}.hint` }));

export const isConsentScope = (scope: string) => ALL_CONSENT_SCOPES.includes(scope);
