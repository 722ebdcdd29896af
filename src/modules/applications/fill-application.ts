import { createHash } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { FormField } from '../packs/index.ts';
import { ApplicationRefused } from './context.ts';
import { mergePageAnswers, type Answers, type EForm } from './eform/index.ts';
import * as store from './store.ts';

/** Keeps what the resident answered on one page of their draft. */
export async function saveDraftPage(conn: AnyDb, residentId: string, app: store.Application, form: EForm, pageId: string, pageAnswers: Answers): Promise<Answers> {
  const answers = mergePageAnswers(form, pageId, app.answers, pageAnswers);
  const saved = await store.updateResidentApplication(conn, residentId, app.id, ['draft'], { answers });
  if (!saved) throw new ApplicationRefused('wrong_state', 'only a draft can be edited');
  return answers;
}

export interface IncomingFile { filename: string; mediaType: string; content: Buffer }

export const DEFAULT_MAX_FILE_MB = 10;
/** However much a pack allows, no single file is larger than this. */
export const PLATFORM_MAX_FILE_MB = 20;

export type FileProblem = { code: 'type' | 'size' | 'count' | 'empty'; filename: string };

/** Checks files against what the form's field accepts, before anything is stored. */
export function checkFiles(field: FormField, already: number, files: IncomingFile[]): FileProblem | null {
  const maxMb = Math.min(field.maxSizeMb ?? DEFAULT_MAX_FILE_MB, PLATFORM_MAX_FILE_MB);
  for (const f of files) {
    if (!f.content.length) return { code: 'empty', filename: f.filename };
    if (f.content.length > maxMb * 1024 * 1024) return { code: 'size', filename: f.filename };
    if (field.accept?.length && !field.accept.includes(sniffType(f.content, f.mediaType))) return { code: 'type', filename: f.filename };
  }
  if (already + files.length > (field.maxFiles ?? 1)) return { code: 'count', filename: files.at(-1)?.filename ?? '' };
  return null;
}

/** The type the bytes show, not the one the browser claimed: a renamed .exe is not a PDF. */
export function sniffType(content: Buffer, claimed: string): string {
  const starts = (sig: number[]) => sig.every((b, i) => content[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  return claimed === 'application/pdf' || claimed.startsWith('image/') ? 'application/octet-stream' : claimed;
}

/** Stores files for a field of a draft, all or none. */
export async function attachFiles(conn: AnyDb, residentId: string, app: store.Application, field: FormField, files: IncomingFile[], who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    const fresh = await store.findResidentApplication(trx, residentId, app.id);
    if (fresh?.status !== 'draft') throw new ApplicationRefused('wrong_state', 'only a draft can take files');
    for (const f of files) {
      const id = await store.insertFile(trx, {
        application_id: app.id, field: field.name, filename: f.filename.slice(0, 200), media_type: sniffType(f.content, f.mediaType),
        size: f.content.length, sha256: createHash('sha256').update(f.content).digest('hex'), content: f.content,
      });
      await recordAudit(trx, who, { agencyId: app.agency_id, action: 'application.file_attached', target: `application:${app.id}`, details: { field: field.name, file: id, size: f.content.length } });
    }
  });
}

export async function removeFile(conn: AnyDb, residentId: string, app: store.Application, fileId: string, who: Actor): Promise<boolean> {
  if (app.status !== 'draft') throw new ApplicationRefused('wrong_state', 'only a draft can lose files');
  return conn.transaction().execute(async (trx) => {
    const removed = await store.deleteFile(trx, app.id, fileId);
    if (removed) await recordAudit(trx, who, { agencyId: app.agency_id, action: 'application.file_removed', target: `application:${app.id}`, details: { file: fileId } });
    return removed;
  });
}

/** Attachment ids per file field, as the eForm's answers carry them. */
export function filesByField(files: store.StoredFile[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of files) (out[f.field] ??= []).push(f.id);
  return out;
}
