import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { documentBytesOf } from '../documents/index.ts';
import { fileBytesOf } from '../applications/index.ts';
import { stagedDocumentBytesOf } from '../govstack-registration/index.ts';
import { findQuotas } from './store.ts';

export interface StorageUse { usedBytes: number; quotaBytes: number | null }

/** The bytes the agency keeps (residents' files, issued documents, API uploads not yet filed) against its storage quota. */
export async function storageUse(conn: AnyDb, agencyId: string): Promise<StorageUse> {
  const [files, documents, staged, quotas] = await Promise.all([fileBytesOf(conn, agencyId), documentBytesOf(conn, agencyId), stagedDocumentBytesOf(conn, agencyId), findQuotas(conn, agencyId)]);
  return { usedBytes: files + documents + staged, quotaBytes: quotas?.storageBytes ?? null };
}

/** Whether `bytes` more would still fit the agency's storage quota (always, without a quota). */
export async function storageAllows(conn: AnyDb, agencyId: string, bytes: number): Promise<boolean> {
  const use = await storageUse(conn, agencyId);
  return use.quotaBytes === null || use.usedBytes + bytes <= use.quotaBytes;
}

/**
 * Called inside the transaction that has just written a document: over the agency's storage quota,
 * the whole decision rolls back and the officer is told why (the PDF's size is known only once made).
 */
export async function refuseOverStorage(trx: AnyDb, agencyId: string): Promise<void> {
  if (!(await storageAllows(trx, agencyId, 0))) throw new AppError(507, 'storage_quota_exceeded', 'onboarding.quota.documentsFull');
}
