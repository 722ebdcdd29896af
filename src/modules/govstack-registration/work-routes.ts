import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { ApiCaller, BearerVerifier } from '../../platform/http/api-callers.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import {
  ApplicationRefused, agencyDataOutcomes, amendApplication, completeStep, findAgencyApplication, listAgencyQueue, rejectApplication, requestInformation,
  type Application, type ApplicationsContext, type Officer,
} from '../applications/index.ts';
import type { Service } from '../packs/index.ts';
import { API_CONFIG, MEDIATED_API_CONFIG, authorizer } from './api-setup.ts';
import { idParam } from './catalog-routes.ts';
import { findApplicant } from './applicant.ts';
import { fileRegistration, type ApplicationFileSubmit } from './file-registration.ts';
import { API_PREFIX } from './openapi.ts';
import { currentStep, presentApplication, presentListItem, presentTask, presentTaskData, statusOf } from './present.ts';
import { invalidForm, refusalToApiError } from './refusals.ts';
import { findVisibleService, serviceUuid } from './service-directory.ts';
import { SCOPES } from './scopes.ts';

const text = (max: number) => ({ type: 'string', maxLength: max });
export const applicationFileSubmit = {
  type: 'object', required: ['applicantId'], additionalProperties: false,
  properties: {
    applicationName: text(200), applicantId: { type: 'string', minLength: 1, maxLength: 64 }, created: { type: 'string', format: 'date-time' },
    consentId: { type: 'string', minLength: 1, maxLength: 64 },
    formData: { type: 'object', additionalProperties: false, properties: { eFormId: text(100), data: { type: 'object', maxProperties: 300 } } },
    documentUrls: { type: 'array', maxItems: 50, items: text(200) },
  },
};
const page = {
  firstResult: { type: 'integer', minimum: 0, maximum: 100_000 }, maxResult: { type: 'integer', minimum: 1, maximum: 500 },
  sortBy: { type: 'string', enum: ['created', 'registered', 'dueDate', 'id'] }, sortOrder: { type: 'string', enum: ['asc', 'desc'] },
};
// The spec's `additionalData`: `data` may carry any variables; Hanaro reads `decision` and `message`.
const completeBody = {
  type: 'object', additionalProperties: false,
  properties: {
    data: {
      type: 'object', maxProperties: 100,
      properties: { decision: { type: 'string', enum: ['complete', 'approve', 'sendBack', 'reject'] }, message: text(4000) },
    },
  },
};
const BODY_LIMIT = 256 * 1024;

type Paging = { firstResult?: number; maxResult?: number; sortBy?: string; sortOrder?: 'asc' | 'desc' };

/** Applications and tasks: one implementation with the back office, through the applications use cases. */
export function workApiRoutes(conn: AnyDb, ctx: ApplicationsContext, verifiers: readonly BearerVerifier[]) {
  const authorize = authorizer(verifiers);
  const serviceOf = async (a: Application): Promise<Service | undefined> => (await ctx.findService(conn, a.service_id))?.definition;
  const officerOf = (who: Officer['who'], caller: ApiCaller): Officer => ({ staffId: caller.clientId, who, isAgencyAdmin: false });
  /** An application of the caller's agency by id or reference; another agency's is not found. */
  const ownApplication = async (request: FastifyRequest, caller: ApiCaller, fileId: string): Promise<Application> => {
    const scope = agencyScope(caller.agencyId);
    const app = await findAgencyApplication(conn, scope, fileId)
      ?? (await listAgencyQueue(conn, scope, {})).find((a) => a.reference === fileId);
    if (!app) throw notFound('no such application in this agency');
    tagService(request, app.agency_id, app.service_id);
    return app;
  };
  /** `known`: the application's service where the route has read it already. */
  const present = async (request: FastifyRequest, a: Application, known?: Service) => {
    const service = known?.id === a.service_id ? known : await serviceOf(a);
    return presentApplication(request.tr, a, { applicantId: a.resident_id, service, agencyData: await agencyDataOutcomes(conn, ctx, a, service) });
  };

  return async function routes(app: FastifyInstance) {
    app.post(`${API_PREFIX}/services/:serviceId/applications`, {
      config: MEDIATED_API_CONFIG, bodyLimit: BODY_LIMIT, schema: { params: idParam('serviceId'), body: applicationFileSubmit },
    }, async (request, reply) => {
      const { caller, who, mediator } = await authorize(request, reply, SCOPES.apply);
      const service = await findVisibleService(conn, caller, (request.params as { serviceId: string }).serviceId);
      if (!service) throw notFound('no such service');
      tagService(request, service.agency_id, service.id);
      const key = idempotencyKeyOf(request);
      const { application, replayed } = await fileRegistration(conn, ctx, caller, service, request.body as ApplicationFileSubmit,
        { ...(key ? { idempotencyKey: key } : {}), who, tr: request.tr, mediator }).catch(refusalToApiError);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return present(request, application, service.definition);
    });

    app.get(`${API_PREFIX}/applications`, {
      config: MEDIATED_API_CONFIG,
      schema: { querystring: { type: 'object', properties: { serviceId: text(100), applicantId: text(64), ...page } } },
    }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const q = request.query as Paging & { serviceId?: string; applicantId?: string };
      const service = q.serviceId ? await findVisibleService(conn, caller, q.serviceId) : undefined;
      if (q.serviceId && !service) return [];
      const applicant = q.applicantId ? await findApplicant(conn, q.applicantId) : undefined;
      if (q.applicantId && !applicant) return [];
      const rows = (await listAgencyQueue(conn, agencyScope(caller.agencyId), service ? { serviceId: service.id } : {}))
        .filter((a) => !applicant || a.resident_id === applicant.id);
      const out = [];
      for (const a of pageOf(rows, q)) out.push(presentListItem(request.tr, a, { applicantId: a.resident_id, service: await serviceOf(a) }));
      return out;
    });

    app.get(`${API_PREFIX}/applications/:fileId`, { config: MEDIATED_API_CONFIG, schema: { params: idParam('fileId') } }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      return present(request, await ownApplication(request, caller, (request.params as { fileId: string }).fileId));
    });

    app.put(`${API_PREFIX}/applications/:fileId`, {
      config: MEDIATED_API_CONFIG, bodyLimit: BODY_LIMIT, schema: { params: idParam('fileId'), body: applicationFileSubmit },
    }, async (request, reply) => {
      const { caller, who } = await authorize(request, reply, SCOPES.process);
      const a = await ownApplication(request, caller, (request.params as { fileId: string }).fileId);
      const body = request.body as ApplicationFileSubmit;
      if ((await findApplicant(conn, body.applicantId))?.id !== a.resident_id) {
        throw new AppError(400, 'applicant_mismatch', 'govstack.error.applicantMismatch', { field: 'applicantId' });
      }
      const result = await amendApplication(conn, ctx, agencyScope(caller.agencyId), a.id, (body.formData?.data ?? {}) as Record<string, never>, who, request.tr)
        .catch(refusalToApiError);
      if (!result.ok) throw invalidForm(result.errors[0]!);
      return present(request, result.application);
    });

    app.get(`${API_PREFIX}/tasks`, {
      config: API_CONFIG,
      schema: { querystring: { type: 'object', properties: { mainTaskId: text(100), fileId: text(100), assigneeId: text(100), ...page } } },
    }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const q = request.query as Paging & { mainTaskId?: string; fileId?: string; assigneeId?: string };
      const file = q.fileId ?? q.mainTaskId;
      const open = (await listAgencyQueue(conn, agencyScope(caller.agencyId), {}))
        .filter((a) => ['submitted', 'info_requested'].includes(a.status) && (!file || a.id === file || a.reference === file)
          && (!q.assigneeId || a.assignee_id === q.assigneeId));
      const out = [];
      for (const a of pageOf(open, q)) {
        const service = await serviceOf(a);
        if (service && currentStep(a, service)) out.push(presentTask(request.tr, a, service));
      }
      return out;
    });

    const openTask = async (request: FastifyRequest, caller: ApiCaller, taskId: string) => {
      const [fileId = '', stepId = ''] = taskId.split(':');
      const a = await ownApplication(request, caller, fileId).catch(() => undefined);
      const service = a && await serviceOf(a);
      if (!a || !service || currentStep(a, service)?.id !== stepId) throw notFound('no such open task');
      return { a, service };
    };

    app.get(`${API_PREFIX}/tasks/:taskId`, { config: API_CONFIG, schema: { params: idParam('taskId') } }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const { a, service } = await openTask(request, caller, (request.params as { taskId: string }).taskId);
      return presentTaskData(request.tr, a, service);
    });

    app.post(`${API_PREFIX}/tasks/:taskId/complete`, {
      config: API_CONFIG, bodyLimit: BODY_LIMIT, schema: { params: idParam('taskId'), body: completeBody },
    }, async (request, reply) => {
      const { caller, who } = await authorize(request, reply, SCOPES.process);
      const taskId = (request.params as { taskId: string }).taskId;
      const { a, service } = await openTask(request, caller, taskId);
      const { decision = 'complete', message = '' } = (request.body as { data?: { decision?: string; message?: string } }).data ?? {};
      const scope = agencyScope(caller.agencyId);
      const officer = officerOf(who, caller);
      const decide = decision === 'reject' ? rejectApplication(conn, ctx, scope, a.id, message, officer)
        : decision === 'sendBack' ? requestInformation(conn, ctx, scope, a.id, message, officer)
          : completeStep(conn, ctx, scope, a.id, officer, message);
      await decide.catch((err: unknown) => {
        if (err instanceof ApplicationRefused && err.reason === 'invalid') throw new AppError(400, 'message_required', 'govstack.error.message', { field: 'data.message' });
        return refusalToApiError(err);
      });
      const after = (await findAgencyApplication(conn, scope, a.id))!;
      return { taskId, fileId: a.id, serviceId: serviceUuid(a.service_id), status: statusOf(request.tr, after.status), variables: { [taskId]: { data: { decision, stepsDone: after.step_index, steps: service.workflow.steps.length } } } };
    });
  };
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) throw new AppError(400, 'invalid_header', 'govstack.error.idempotencyKey', { field: 'Idempotency-Key' });
  return key;
}

function pageOf(rows: Application[], q: Paging): Application[] {
  const key = (a: Application) => q.sortBy === 'registered' ? a.submitted_at?.getTime() ?? 0 : q.sortBy === 'dueDate' ? a.due_at?.getTime() ?? 0
    : q.sortBy === 'id' ? a.id : a.created_at.getTime();
  const sign = q.sortOrder === 'asc' ? 1 : -1;
  const sorted = [...rows].sort((x, y) => (key(x) < key(y) ? -sign : key(x) > key(y) ? sign : 0));
  const first = q.firstResult ?? 0;
  return sorted.slice(first, first + (q.maxResult ?? 100));
}
