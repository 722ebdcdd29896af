import { createHash } from 'node:crypto';
import type { AnyDb } from '../../platform/db/database.ts';
import type { ApiCaller } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { fileApplication, findAgencyApplication, type Application, type ApplicationsContext, type IncomingFile } from '../applications/index.ts';
import type { ServiceRow } from '../catalog/index.ts';
import { findApplicant } from './applicant.ts';
import { invalidForm } from './refusals.ts';
import * as store from './store.ts';

export interface ApplicationFileSubmit {
  applicationName?: string; applicantId: string; created?: string;
  /** The applicant's consent record (GovStack Consent BB) for the service's data agreement: with it, data from other agencies is fetched. */
  consentId?: string;
  formData?: { eFormId?: string; data?: Record<string, unknown> };
  documentUrls?: string[];
}

const DOCUMENT_URN = /^urn:uuid:/i;
const documentIdOf = (ref: string) => ref.replace(DOCUMENT_URN, '').trim().toLowerCase();

/**
 * POST /services/{id}/applications: files a complete application for a registered resident.
 * With an Idempotency-Key, the same request again answers with the application it filed; the
 * key and the application commit together, so a race of two ends with one application.
 */
export async function fileRegistration(conn: AnyDb, ctx: ApplicationsContext, caller: ApiCaller, service: ServiceRow, body: ApplicationFileSubmit, options: { idempotencyKey?: string; who: Actor; tr: Translator; mediator?: string | null }):
Promise<{ application: Application; replayed: boolean }> {
  const requestHash = createHash('sha256').update(JSON.stringify([service.id, body])).digest('hex');
  const key = options.idempotencyKey;
  if (key) {
    const replay = await replayOf(conn, caller, key, requestHash);
    if (replay) return { application: replay, replayed: true };
  }
  const resident = await findApplicant(conn, body.applicantId);
  if (!resident) throw new AppError(400, 'unknown_applicant', 'govstack.error.unknownApplicant', { field: 'applicantId' });
  const scope = agencyScope(caller.agencyId);
  const { answers, files, used } = await splitDocuments(conn, caller, service, body);
  try {
    const result = await fileApplication(conn, ctx, scope, {
      serviceId: service.id, service: { definition: service.definition, open: service.open }, residentId: resident.id, answers, files,
      agencyData: { consentId: body.consentId?.trim() || null, reader: { kind: caller.kind, id: caller.clientId, agencyId: caller.agencyId }, language: options.tr.locale },
      auditDetails: { via: 'govstack-registration', client: caller.clientId, ...(options.mediator ? { mediator: options.mediator } : {}) },
      within: async (trx, application) => {
        await store.deleteDocuments(trx, scope, used);
        if (key) await store.insertIdempotentRequest(trx, { client_id: caller.clientId, key, request_hash: requestHash, application_id: application.id });
      },
    }, options.who, options.tr);
    if (!result.ok) throw invalidForm(result.errors[0]!);
    return { application: result.application, replayed: false };
  } catch (err) {
    // The same key sent twice at once: the other request filed it; answer with its application.
    if (key && (err as { code?: string }).code === '23505') {
      const replay = await replayOf(conn, caller, key, requestHash);
      if (replay) return { application: replay, replayed: true };
    }
    throw err;
  }
}

async function replayOf(conn: AnyDb, caller: ApiCaller, key: string, requestHash: string): Promise<Application | undefined> {
  const seen = await store.findIdempotentRequest(conn, caller.clientId, key);
  if (!seen) return undefined;
  if (seen.request_hash !== requestHash) throw new AppError(422, 'idempotency_key_reused', 'govstack.error.idempotencyKeyReused', { field: 'Idempotency-Key' });
  return findAgencyApplication(conn, agencyScope(caller.agencyId), seen.application_id);
}

/**
 * File fields of the eForm name documents uploaded with POST /documents (their id or
 * `urn:uuid:` url). They become the application's files; every documentUrl must be used by one.
 */
async function splitDocuments(conn: AnyDb, caller: ApiCaller, service: ServiceRow, body: ApplicationFileSubmit) {
  const data = body.formData?.data ?? {};
  const fileFields = service.definition.form.layout.pages.flatMap((p) => p.sections.flatMap((s) => s.fields)).filter((f) => f.widget === 'file').map((f) => f.name);
  const answers: Record<string, unknown> = {};
  const refs: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(data)) {
    if (!fileFields.includes(name)) answers[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) refs[name] = value.map(documentIdOf);
    else throw new AppError(400, 'invalid_document_list', 'govstack.error.documentList', { field: `formData.data.${name}` });
  }
  const wanted = [...new Set(Object.values(refs).flat())];
  const found = new Map((await store.findDocuments(conn, agencyScope(caller.agencyId), caller.clientId, wanted)).map((d) => [d.id, d]));
  const files: Record<string, IncomingFile[]> = {};
  for (const [field, ids] of Object.entries(refs)) {
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw new AppError(400, 'unknown_document', 'govstack.error.unknownDocument', { field: `formData.data.${field}` });
    files[field] = ids.map((id) => { const d = found.get(id)!; return { filename: d.filename, mediaType: d.media_type, content: d.content }; });
  }
  const stray = (body.documentUrls ?? []).find((url) => !wanted.includes(documentIdOf(url)));
  if (stray !== undefined) throw new AppError(400, 'document_not_placed', 'govstack.error.documentNotPlaced', { field: 'documentUrls' });
  return { answers: answers as Record<string, never>, files, used: wanted };
}
