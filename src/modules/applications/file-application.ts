import { createHash } from 'node:crypto';
import { recordAudits, type Actor, type AuditEvent } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { dropHiddenAnswers, validateForm, type Answers, type EForm, type FormError } from './eform/index.ts';
import { checkFiles, sniffType, PLATFORM_MAX_FILE_MB, DEFAULT_MAX_FILE_MB, type IncomingFile } from './fill-application.ts';
import { fetchAgencyData, needsConsent, takesAgencyData } from './fetch-agency-data.ts';
import { markSubmitted } from './submit-application.ts';
import type { Reader } from '../registries/index.ts';
import type { Service } from '../packs/index.ts';
import * as store from './store.ts';
import { inSpan } from '../../platform/tracing/tracing.ts';

export interface FilingInput {
  serviceId: string;
  residentId: string;
  /** The eForm's answers, without file fields: those come from `files`. */
  answers: Answers;
  files: Record<string, IncomingFile[]>;
  auditDetails?: Record<string, unknown>;
  /** Runs inside the filing transaction after the application exists: a failure there undoes the filing. */
  within?: (trx: Tx, application: store.Application) => Promise<void>;
  /**
   * Where the service takes data from other agencies: the resident's consent record the caller
   * holds (without one nothing is fetched and the resident brings the papers), who reads, and the
   * language the purpose of each read is recorded in.
   */
  agencyData?: { consentId: string | null; reader: Reader; language: string };
  /** The service as the caller already read it for this request (the catalog's row), saving a read. */
  service?: { definition: Service; open: boolean };
}

export type FilingResult = { ok: true; application: store.Application } | { ok: false; errors: FormError[] };

/**
 * An agency's system files a complete application for a resident in one step: the draft, its
 * files and the submission commit together or not at all, validated by the same eForm rules a
 * resident's own application meets. Only the agency's own services can be filed this way.
 */
export async function fileApplication(conn: AnyDb, ctx: ApplicationsContext, scope: AgencyScope, input: FilingInput, who: Actor, tr: Translator): Promise<FilingResult> {
  return inSpan('applications.file', { 'hanaro.agency': scope.agencyId }, async () => {
    const found = input.service?.definition.id === input.serviceId ? input.service : await ctx.findService(conn, input.serviceId);
    if (!found) throw new ApplicationRefused('not_found', 'no such service');
    if (found.definition.agency !== scope.agencyId) throw new ApplicationRefused('not_allowed', 'a service of another agency');
    if (!found.open) throw new ApplicationRefused('service_closed');
    const service = found.definition;
    const fileErrors = checkAllFiles(service.form, input.files, tr);
    if (fileErrors.length) return { ok: false, errors: fileErrors };
    const placeholders = Object.fromEntries(Object.entries(input.files).map(([field, files]) => [field, files.map((_, i) => `file-${i}`)]));
    const fileFields = new Set(fieldsOf(service.form).filter((f) => f.widget === 'file').map((f) => f.name));
    const typed = Object.fromEntries(Object.entries(input.answers).filter(([name]) => !fileFields.has(name)));
    const errors = validateForm(service.form, dropHiddenAnswers(service.form, { ...typed, ...placeholders }), { tr, idNumber: ctx.country.idNumber });
    if (errors.length) return { ok: false, errors };
    const consentId = takesAgencyData(service) ? input.agencyData?.consentId ?? null : null;
    if (consentId) {
      const check = await ctx.agencyData.checkConsent(conn, { consentId, residentId: input.residentId, dataAgreementId: service.id });
      if (!check.ok) throw new ApplicationRefused('consent_invalid', check.reason);
    }
    // Without a consent record only data services that answer without one are asked.
    const fetches = takesAgencyData(service) && input.agencyData && (consentId || !await needsConsent(conn, ctx, service));
    const application = await conn.transaction().execute(async (trx) => {
      if (await store.findDraft(trx, input.residentId, service.id)) throw new ApplicationRefused('wrong_state', 'the resident has a draft of this service open');
      const draft = await store.insertApplication(trx, {
        service_id: service.id, agency_id: scope.agencyId, resident_id: input.residentId, filed_by: who.actor, bundle_id: null,
      });
      // The filing's audit entries are written with the submission's, in one round trip, unless
      // the fetch from other agencies writes entries of its own in between.
      const audit: AuditEvent[] = [{ agencyId: scope.agencyId, action: 'application.draft_started', target: `application:${draft.id}`, details: { ...input.auditDetails, service: service.id } }];
      if (fetches) {
        await recordAudits(trx, who, audit.splice(0));
        await fetchAgencyData(trx, ctx, draft, service, { ...input.agencyData!, consentId }, who);
      }
      const fileIds = await storeFiles(trx, draft, input.files, audit);
      const answers = { ...dropHiddenAnswers(service.form, typed), ...fileIds };
      const submitted = await markSubmitted(trx, ctx, draft, service, answers, who, input.auditDetails, audit);
      if (!submitted) throw new ApplicationRefused('wrong_state');
      await input.within?.(trx, submitted);
      // Checked on what this transaction sees once the files are written and the uploads they came
      // from are gone (`within`): over quota, nothing is filed.
      if (Object.keys(fileIds).length && !(await ctx.storage.allows(trx, scope.agencyId, 0))) throw new ApplicationRefused('storage_full', `agency ${scope.agencyId} is over its storage quota`);
      return submitted;
    });
    return { ok: true, application };
  });
}

const fieldsOf = (form: EForm) => form.layout.pages.flatMap((p) => p.sections.flatMap((s) => s.fields));

function checkAllFiles(form: EForm, files: Record<string, IncomingFile[]>, tr: Translator): FormError[] {
  const errors: FormError[] = [];
  for (const [name, list] of Object.entries(files)) {
    const field = fieldsOf(form).find((f) => f.name === name && f.widget === 'file');
    const pageId = form.layout.pages.find((p) => p.sections.some((s) => s.fields.some((f) => f.name === name)))?.id ?? '';
    if (!field) {
      errors.push({ field: name, pageId, message: tr.t('eform.error.invalid', { form: 'other', label: name }) });
      continue;
    }
    const problem = checkFiles(field, 0, list);
    if (problem) {
      const max = problem.code === 'count' ? field.maxFiles ?? 1 : Math.min(field.maxSizeMb ?? DEFAULT_MAX_FILE_MB, PLATFORM_MAX_FILE_MB);
      errors.push({ field: name, pageId, message: tr.t(`applications.file.${problem.code}`, { file: problem.filename, label: tr.text(field.label), max, types: (field.accept ?? []).join(', ') }) });
    }
  }
  return errors;
}

/** Stores the files, adding an audit entry for each to `audit`. */
async function storeFiles(trx: Tx, app: store.Application, files: Record<string, IncomingFile[]>, audit: AuditEvent[]): Promise<Record<string, string[]>> {
  const ids: Record<string, string[]> = {};
  for (const [field, list] of Object.entries(files)) {
    for (const f of list) {
      const id = await store.insertFile(trx, {
        application_id: app.id, field, filename: f.filename.slice(0, 200), media_type: sniffType(f.content, f.mediaType),
        size: f.content.length, sha256: createHash('sha256').update(f.content).digest('hex'), content: f.content,
      });
      (ids[field] ??= []).push(id);
      audit.push({ agencyId: app.agency_id, action: 'application.file_attached', target: `application:${app.id}`, details: { field, file: id, size: f.content.length } });
    }
  }
  return ids;
}
