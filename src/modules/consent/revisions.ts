import { createHash } from 'node:crypto';
import type { ConsentRevisionRow, ConsentRow, ConsentState } from './store.ts';

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The fields of a consent record that its hash covers: all of it but the hash itself. */
export function consentData(r: Omit<ConsentRow, 'hash'>) {
  return {
    id: r.id, dataAgreementId: r.data_agreement_id, dataAgreementVersion: r.data_agreement_version, dataAgreementRevisionHash: r.data_agreement_hash,
    controllerAgencyId: r.controller_agency_id, individualId: r.resident_id, state: r.state, optIn: r.state === 'given',
    givenAt: r.given_at.toISOString(), expiresAt: r.expires_at.toISOString(), withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
    language: r.language, channel: r.channel, applicationId: r.application_id, actor: r.actor, actingFor: r.acting_for,
  };
}

export interface RevisionInput { record: Omit<ConsentRow, 'hash'>; seq: number; at: Date; actor: string; actingFor: string | null; predecessorHash: string | null }

/**
 * One revision of a consent record, GovStack-style: the serialised record with who changed it and
 * the hash of the revision before, hashed with SHA-256. Changing any stored field or revision breaks the chain.
 */
export function consentRevision(input: RevisionInput): Omit<ConsentRevisionRow, 'id'> {
  const { record, seq, at, actor, actingFor, predecessorHash } = input;
  const byIndividual = actor === `resident:${record.resident_id}`;
  const snapshot = canonicalJson({
    schemaName: 'ConsentRecord', objectId: record.id, objectData: consentData(record), timestamp: at.toISOString(),
    authorizedByIndividual: byIndividual ? record.resident_id : null, authorizedByOther: byIndividual ? null : actor, predecessorHash,
  });
  return { consent_id: record.id, seq, state: record.state as ConsentState, at, actor, acting_for: actingFor, snapshot, hash: sha256(snapshot), predecessor_hash: predecessorHash };
}

export type IntegrityProblem = 'revision_hash' | 'revision_chain' | 'record_changed' | 'no_revisions';

/** Whether a consent record and its history are exactly as written: every hash, every link, and the record matching its newest revision. */
export function checkIntegrity(record: ConsentRow, revisions: readonly ConsentRevisionRow[]): { ok: true } | { ok: false; problem: IntegrityProblem; seq?: number } {
  if (!revisions.length) return { ok: false, problem: 'no_revisions' };
  let before: string | null = null;
  for (const [i, r] of revisions.entries()) {
    if (r.seq !== i + 1 || r.predecessor_hash !== before || JSON.parse(r.snapshot).predecessorHash !== before) return { ok: false, problem: 'revision_chain', seq: r.seq };
    if (sha256(r.snapshot) !== r.hash) return { ok: false, problem: 'revision_hash', seq: r.seq };
    before = r.hash;
  }
  const newest = revisions.at(-1)!;
  const { hash, ...fields } = record;
  if (hash !== newest.hash || canonicalJson(JSON.parse(newest.snapshot).objectData) !== canonicalJson(consentData(fields))) return { ok: false, problem: 'record_changed' };
  return { ok: true };
}
