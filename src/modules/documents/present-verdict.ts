import type { Text } from '../../platform/i18n/i18n.ts';
import type { Verdict } from './verify-document.ts';

export interface VerdictJson {
  outcome: Verdict['outcome'];
  document?: {
    id: string; agencyId: string; title: Text; holderName: string; holderIdMasked: string;
    statements: { label: Text; value: string }[]; issuedAt: string; validUntil: string | null; expired: boolean;
    revokedAt: string | null; revocationReason: string | null;
  };
}

/** The verification API's answer: an allowlist, so a new column never leaks by accident. */
export function presentVerdict(verdict: Verdict): VerdictJson {
  if (!('document' in verdict)) return { outcome: verdict.outcome };
  const d = verdict.document;
  return {
    outcome: verdict.outcome,
    document: {
      id: d.id, agencyId: d.agency_id, title: d.title, holderName: d.holder_name, holderIdMasked: d.holder_id_masked,
      statements: d.statements.map((s) => ({ label: s.label, value: s.value })),
      issuedAt: d.issued_at.toISOString(), validUntil: d.valid_until?.toISOString() ?? null, expired: verdict.expired,
      revokedAt: d.revoked_at?.toISOString() ?? null, revocationReason: d.revoked_reason,
    },
  };
}
