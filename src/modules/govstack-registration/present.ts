import type { Translator } from '../../platform/i18n/i18n.ts';
import type { ServiceRow } from '../catalog/index.ts';
import type { Service } from '../packs/index.ts';
import type { AgencyDataOutcome, Application, ApplicationStatus, ServiceStatistics } from '../applications/index.ts';
import { eFormUuid, serviceUuid } from './service-directory.ts';

// What leaves the server: allowlists in the shapes of the GovStack Registration BB schemas.

const STATUS: Record<ApplicationStatus, 'PENDING' | 'APPROVED' | 'SENDBACK' | 'REJECTED'> = {
  draft: 'PENDING', submitted: 'PENDING', info_requested: 'SENDBACK', approved: 'APPROVED', rejected: 'REJECTED',
  // The spec's four codes have no "withdrawn": it ends like a refusal; the title says which.
  withdrawn: 'REJECTED',
};

export const statusOf = (tr: Translator, status: ApplicationStatus) => ({ code: STATUS[status], title: tr.t(`applications.status.${status}`) });

export function presentService(tr: Translator, row: ServiceRow) {
  const s = row.definition;
  return {
    id: serviceUuid(s.id), name: tr.text(s.title), version: row.content_hash.slice(0, 12), type: 'Public' as const,
    isExecutable: row.open, isClosed: false, description: tr.text(s.summary),
    serviceBody: [
      { code: 'hanaroId', value: s.id }, { code: 'agency', value: s.agency }, { code: 'category', value: s.category },
      { code: 'processingDays', value: String(s.processingDays) }, { code: 'fee', value: String(s.fee.amount) },
      { code: 'eFormId', value: eFormUuid(s.id) }, { code: 'steps', value: s.workflow.steps.map((st) => st.id).join(',') },
    ],
  };
}

export function presentEFormItem(tr: Translator, row: ServiceRow) {
  return { eFormId: eFormUuid(row.id), name: tr.text(row.definition.title), description: tr.text(row.definition.summary), version: row.content_hash.slice(0, 12), latest: true };
}

/** The eForm: its JSON Schema, with the pack's page layout (labels, hints, widgets) beside it. */
export function presentEForm(tr: Translator, row: ServiceRow) {
  const form = row.definition.form;
  return { ...presentEFormItem(tr, row), schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...form.schema, 'x-hanaro-layout': form.layout } };
}

interface Seen { applicantId: string; service: Service | undefined }

/** Hanaro's addition: for each data service the service takes instead of a paper, whether it was fetched and, if not, why and which paper. */
function presentAgencyData(tr: Translator, outcomes: AgencyDataOutcome[]) {
  return outcomes.map((o) => ({
    dataServiceId: o.dataServiceId, providerId: o.providerAgencyId, status: o.status,
    ...(o.reason ? { reason: o.reason } : {}), ...(o.exchangeMessageId ? { exchangeMessageId: o.exchangeMessageId, fetchedAt: o.fetchedAt } : {}),
    ...(o.replacesDocument ? { replacesDocument: tr.text(o.replacesDocument) } : {}),
  }));
}

export function presentApplication(tr: Translator, a: Application, seen: Seen & { agencyData?: AgencyDataOutcome[] }) {
  return {
    ...(seen.agencyData?.length ? { agencyData: presentAgencyData(tr, seen.agencyData) } : {}),
    fileId: a.id, applicantId: seen.applicantId, reference: a.reference ?? undefined, registered: a.submitted_at?.toISOString(),
    serviceId: serviceUuid(a.service_id), serviceName: tr.text(seen.service?.title),
    status: statusOf(tr, a.status), ended: ['approved', 'rejected', 'withdrawn'].includes(a.status),
    applicationData: {
      applicationName: a.reference ?? undefined, applicantId: seen.applicantId, created: a.created_at.toISOString(),
      formData: { eFormId: eFormUuid(a.service_id), data: a.answers },
    },
  };
}

export function currentStep(a: Application, service: Service | undefined) {
  if (!service || !['submitted', 'info_requested'].includes(a.status)) return undefined;
  return service.workflow.steps[a.step_index];
}

export const taskIdOf = (a: Application, stepId: string) => `${a.id}:${stepId}`;

export function presentListItem(tr: Translator, a: Application, seen: Seen) {
  const step = currentStep(a, seen.service);
  return {
    fileId: a.id, ...(step ? { mainTaskId: taskIdOf(a, step.id), taskTitle: tr.text(step.title), roleId: step.role, roleName: tr.t(`role.${step.role}`) } : {}),
    ...(a.assignee_id ? { assigneeId: a.assignee_id } : {}),
    status: statusOf(tr, a.status), applicantId: seen.applicantId, created: a.created_at.toISOString(),
    ...(a.submitted_at ? { registered: a.submitted_at.toISOString() } : {}),
    description: a.reference ?? '', serviceName: tr.text(seen.service?.title), serviceId: serviceUuid(a.service_id), eformId: eFormUuid(a.service_id),
  };
}

export function presentTask(tr: Translator, a: Application, service: Service) {
  const step = currentStep(a, service)!;
  return {
    taskId: taskIdOf(a, step.id), mainTaskId: a.id, name: tr.text(step.title), ...(a.assignee_id ? { assigneeId: a.assignee_id } : {}),
    roleId: step.role, created: (a.submitted_at ?? a.created_at).toISOString(), description: a.reference ?? '',
    serviceId: serviceUuid(a.service_id), serviceName: tr.text(service.title), fileId: a.id, eFormId: eFormUuid(a.service_id),
    status: statusOf(tr, a.status),
  };
}

export function presentTaskData(tr: Translator, a: Application, service: Service) {
  const { name, ...task } = presentTask(tr, a, service);
  return { ...task, mainTaskId: undefined, taskName: name, formVariables: a.answers, data: { stepIndex: a.step_index, steps: service.workflow.steps.length, fourEyes: Boolean(currentStep(a, service)!.fourEyes) } };
}

export function presentStatistics(row: ServiceStatistics, references: Record<string, unknown>) {
  return { processed: row.decided, approved: row.approved, sentBack: row.sent_back, rejected: row.rejected, references };
}
