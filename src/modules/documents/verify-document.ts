import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import { findDocument, type DocumentSummary } from './store.ts';
import { pdfTools } from './pdf-tools.ts';
import { platformRoot } from './signing-keys.ts';

export type Verdict =
  | { outcome: 'authentic' | 'revoked'; document: DocumentSummary; expired: boolean }
  | { outcome: 'altered' }
  | { outcome: 'not_ours' };

const DOCUMENT_ID = /^[A-Za-z0-9_-]{22}$/;

/** What the QR code's page says: looked up by the unguessable id alone. */
export async function verifyDocumentId(conn: AnyDb, documentId: string, now = new Date()): Promise<Verdict> {
  const document = DOCUMENT_ID.test(documentId) ? await findDocument(conn, documentId) : undefined;
  return document ? statusOf(document, now) : { outcome: 'not_ours' };
}

export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/**
 * An uploaded file: its embedded signature must chain to our root and hold over the signed
 * range, the range must cover the whole file, and the file must be the one we stored.
 */
export async function verifyDocumentFile(conn: AnyDb, pdf: Uint8Array, now = new Date()): Promise<Verdict> {
  const { readPdfSignature, checkDetached } = await pdfTools();
  const signature = readPdfSignature(pdf);
  if (!signature) return { outcome: 'not_ours' };
  const check = await checkDetached(signature.cms, signature.signedContent, await platformRoot(conn));
  if (check.kind === 'unreadable' || check.kind === 'foreign') return { outcome: 'not_ours' };
  if (check.kind === 'invalid' || !signature.coversWholeFile) return { outcome: 'altered' };
  const id = /\/HanaroDocumentId\s*\(([A-Za-z0-9_-]{22})\)/.exec(Buffer.from(signature.signedContent).toString('latin1'))?.[1];
  const document = id ? await findDocument(conn, id) : undefined;
  if (!document) return { outcome: 'not_ours' };
  if (createHash('sha256').update(pdf).digest('hex') !== document.pdf_sha256) return { outcome: 'altered' };
  return statusOf(document, now);
}

function statusOf(document: DocumentSummary, now: Date): Verdict {
  const expired = document.valid_until !== null && document.valid_until.getTime() < now.getTime();
  return { outcome: document.revoked_at ? 'revoked' : 'authentic', document, expired };
}
