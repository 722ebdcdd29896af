import { sql } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { Text } from '../../platform/i18n/i18n.ts';

export interface Statement { label: Text; value: string }

export interface SigningKeyRow {
  id: string; agency_id: string | null; certificate: Uint8Array; encrypted_private_key: Uint8Array; created_at: Date; retired_at?: Date | null;
}

export interface DocumentRow {
  id: string; agency_id: string; service_id: string; application_id: string; resident_id: string;
  holder_name: string; holder_name_latin: string | null; holder_id_masked: string;
  title: Text; statements: Statement[]; languages: string[];
  issued_at: Date; valid_until: Date | null; pdf: Uint8Array; pdf_sha256: string;
  revoked_at: Date | null; revoked_reason: string | null; revoked_by: string | null; created_at: Date;
}

/** A document without its PDF bytes: what lists and pages need. */
export type DocumentSummary = Omit<DocumentRow, 'pdf'>;

interface Tables { document_signing_keys: SigningKeyRow; documents: DocumentRow }
const db = tablesOf<Tables>;

const SUMMARY = ['id', 'agency_id', 'service_id', 'application_id', 'resident_id', 'holder_name', 'holder_name_latin',
  'holder_id_masked', 'title', 'statements', 'languages', 'issued_at', 'valid_until', 'pdf_sha256',
  'revoked_at', 'revoked_reason', 'revoked_by', 'created_at'] as const;

/** Serialises key creation for one owner, so two first issuances do not make two keys. */
export async function lockSigningKey(trx: AnyDb, owner: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'document-signing-key:' + owner}))`.execute(trx);
}

export async function findSigningKey(conn: AnyDb, agencyId: string | null): Promise<SigningKeyRow | undefined> {
  const q = db(conn).selectFrom('document_signing_keys').selectAll().where('retired_at', 'is', null);
  return (agencyId ? q.where('agency_id', '=', agencyId) : q.where('agency_id', 'is', null)).executeTakeFirst();
}

/** Every signing key the agency has had, the live one first. */
export async function listSigningKeys(conn: AnyDb, agencyId: string): Promise<SigningKeyRow[]> {
  return db(conn).selectFrom('document_signing_keys').selectAll().where('agency_id', '=', agencyId)
    .orderBy(sql`retired_at is not null`).orderBy('created_at', 'desc').execute();
}

export async function retireSigningKey(trx: AnyDb, id: string): Promise<void> {
  await db(trx).updateTable('document_signing_keys').set({ retired_at: new Date() }).where('id', '=', id).execute();
}

/** Bytes of the PDFs the agency has issued: its share of the platform's storage. */
export async function documentBytesOf(conn: AnyDb, agencyId: string): Promise<number> {
  const row = await sql<{ bytes: string | null }>`select sum(octet_length(pdf))::bigint as bytes from documents where agency_id = ${agencyId}`.execute(conn);
  return Number(row.rows[0]?.bytes ?? 0);
}

export async function insertSigningKey(trx: AnyDb, row: Omit<SigningKeyRow, 'created_at'>): Promise<void> {
  await db(trx).insertInto('document_signing_keys').values(row as never).execute();
}

export async function insertDocument(trx: AnyDb, row: Omit<DocumentRow, 'created_at' | 'revoked_at' | 'revoked_reason' | 'revoked_by'>): Promise<void> {
  await db(trx).insertInto('documents').values({
    ...row, title: JSON.stringify(row.title), statements: JSON.stringify(row.statements),
  } as never).execute();
}

/** Public lookup by the unguessable id a QR code or an uploaded PDF carries. */
export async function findDocument(conn: AnyDb, id: string): Promise<DocumentSummary | undefined> {
  return db(conn).selectFrom('documents').select(SUMMARY).where('id', '=', id).executeTakeFirst();
}

export async function listAgencyDocuments(conn: AnyDb, scope: AgencyScope, limit = 200): Promise<DocumentSummary[]> {
  return db(conn).selectFrom('documents').select(SUMMARY).where('agency_id', '=', scope.agencyId)
    .orderBy('issued_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function revokeAgencyDocument(trx: AnyDb, scope: AgencyScope, id: string, revocation: { reason: string; by: string; at: Date }): Promise<'revoked' | 'already' | 'missing'> {
  const doc = await db(trx).selectFrom('documents').select(['revoked_at']).where('agency_id', '=', scope.agencyId)
    .where('id', '=', id).forUpdate().executeTakeFirst();
  if (!doc) return 'missing';
  if (doc.revoked_at) return 'already';
  await db(trx).updateTable('documents').set({ revoked_at: revocation.at, revoked_reason: revocation.reason, revoked_by: revocation.by })
    .where('agency_id', '=', scope.agencyId).where('id', '=', id).execute();
  return 'revoked';
}

export async function listResidentDocuments(conn: AnyDb, residentId: string): Promise<DocumentSummary[]> {
  return db(conn).selectFrom('documents').select(SUMMARY).where('resident_id', '=', residentId)
    .orderBy('issued_at', 'desc').orderBy('id').execute();
}

export async function findResidentDocumentPdf(conn: AnyDb, residentId: string, id: string): Promise<Uint8Array | undefined> {
  const row = await db(conn).selectFrom('documents').select(['pdf']).where('resident_id', '=', residentId)
    .where('id', '=', id).executeTakeFirst();
  return row?.pdf;
}

/** The bytes of issued documents (their signed PDFs) per agency; for one agency, or all for the platform's operators. */
export async function documentBytes(conn: AnyDb, scope: AgencyScope | 'platform'): Promise<{ agency_id: string; bytes: number }[]> {
  const agency = scope === 'platform' ? sql<boolean>`true` : sql<boolean>`agency_id = ${scope.agencyId}`;
  const { rows } = await sql<{ agency_id: string; bytes: number }>`select agency_id, coalesce(sum(octet_length(pdf)), 0)::float8 as bytes
    from documents where ${agency} group by agency_id order by 1`.execute(conn);
  return rows;
}
