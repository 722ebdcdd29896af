import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import { residentIdsByIdNumber } from '../residents/index.ts';
import * as store from './store.ts';

/** Who read: an agency's system (API key or OAuth client), a staff member (by role), or Hanaro itself. */
export interface Reader { kind: 'api_key' | 'oauth' | 'staff' | 'system'; id: string; role?: string | null; agencyId: string }

/** Why and how the data was read: what the resident is shown next to each read. */
export interface ReadContext {
  reader: Reader;
  purpose: string;
  /**
   * The law the read relies on: a pack's text in every language (a data service's), or the caller's own
   * words for it; the registry's own legal basis when the caller names none.
   */
  legalBasis?: Text | string | null;
  serviceId?: string | null;
  applicationId?: string | null;
  channel: 'registry-api' | 'office' | 'exchange' | 'issuance' | 'representation';
  mediator?: string | null;
  consentId?: string | null;
  requestId?: string | null;
}

/** One record read: which residents it is about and which of its personal or secret fields left the registry. */
export interface RecordRead { recordKey: string | null; subjects: readonly string[]; fields: readonly string[] }

export const subjectHashOf = (idNumber: string) => createHash('sha256').update(idNumber).digest('hex');

const textIn = (text: Text, locale: string) => text[locale] ?? Object.values(text)[0] ?? '';

/**
 * Logs every read of a resident's personal data (append-only), one row per record and resident.
 * Callers write it in the same transaction as (or before answering with) the data, so no data
 * leaves without its log row. Reads without personal fields are not logged. The legal basis is
 * logged in `locale` (the pack's first language) and, when it is a pack's, in every language.
 */
export async function recordPersonalDataReads(conn: AnyDb, ctx: ReadContext, registry: { id: string; version: string; legalBasis: Text }, reads: readonly RecordRead[], locale: string): Promise<number> {
  const relevant = reads.filter((r) => r.fields.length && r.subjects.length);
  if (!relevant.length) return 0;
  const law = ctx.legalBasis || registry.legalBasis;
  const residents = await residentIdsByIdNumber(conn, relevant.flatMap((r) => r.subjects));
  const rows: store.NewRead[] = relevant.flatMap((r) => r.subjects.map((idNumber) => ({
    resident_id: residents.get(idNumber) ?? null, subject_id_hash: subjectHashOf(idNumber),
    reader_kind: ctx.reader.kind, reader_id: ctx.reader.id, reader_role: ctx.reader.role ?? null, reader_agency_id: ctx.reader.agencyId,
    service_id: ctx.serviceId ?? null, application_id: ctx.applicationId ?? null, purpose: ctx.purpose,
    legal_basis: typeof law === 'string' ? law : textIn(law, locale), legal_basis_text: typeof law === 'string' ? null : law,
    registry_id: registry.id, registry_version: registry.version, record_key: r.recordKey, fields: [...r.fields],
    channel: ctx.channel, mediator: ctx.mediator ?? null, consent_id: ctx.consentId ?? null, request_id: ctx.requestId ?? null,
  })));
  for (let i = 0; i < rows.length; i += 500) await store.insertReads(conn, rows.slice(i, i + 500));
  return rows.length;
}
