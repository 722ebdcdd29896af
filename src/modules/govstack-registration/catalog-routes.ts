import multipart from '@fastify/multipart';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { agencyStatistics, sniffType, PLATFORM_MAX_FILE_MB, type ApplicationsContext } from '../applications/index.ts';
import { API_CONFIG, MEDIATED_API_CONFIG, authorizer } from './api-setup.ts';
import { API_PREFIX } from './openapi.ts';
import { presentEForm, presentEFormItem, presentService, presentStatistics } from './present.ts';
import { findServiceByEForm, findVisibleService, visibleServices } from './service-directory.ts';
import type { ServiceRow } from '../catalog/index.ts';
import { SCOPES } from './scopes.ts';
import * as store from './store.ts';
import { uploadedDocumentOf } from './uploaded-document.ts';

/**
 * `GET /services?name=`: the services whose id, title or search keywords (in any language) hold the
 * name; the keywords are the words residents search with, so the spec's example `Register Mother
 * and Child` finds a service titled "Mother and Child Registration" that lists it.
 */
const nameMatches = (query: string, s: ServiceRow) => {
  const wanted = query.trim().toLocaleLowerCase();
  return !wanted || [s.id, ...Object.values(s.definition.title), ...Object.values(s.definition.keywords ?? {}).flat()]
    .some((n) => n.toLocaleLowerCase().includes(wanted));
};

export const idParam = (name: string) => ({ type: 'object', required: [name], properties: { [name]: { type: 'string', minLength: 1, maxLength: 100 } } });
const DAY_MS = 86_400_000;
const TIMEFRAME_DAYS = { day: 1, week: 7, month: 31, year: 366 } as const;
const statisticsQuery = {
  type: 'object',
  properties: {
    startDate: { type: 'string', format: 'date' }, endDate: { type: 'string', format: 'date' },
    registrationName: { type: 'string', maxLength: 200 }, operator: { type: 'string', maxLength: 200 }, role: { type: 'string', maxLength: 200 },
    timeframe: { type: 'string', enum: ['day', 'week', 'month', 'year'] },
  },
};

/** Services, eForms, statistics and uploads: the parts of the API that are not one application. */
export function catalogApiRoutes(conn: AnyDb, verifiers: readonly BearerVerifier[], storage: ApplicationsContext['storage']) {
  const authorize = authorizer(verifiers);
  return async function routes(app: FastifyInstance) {
    const maxBytes = PLATFORM_MAX_FILE_MB * 1024 * 1024;
    // A file field may carry the bytes in base64 (a third larger); more than one file is refused by name.
    await app.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: maxBytes, files: 2, fields: 5, fieldSize: Math.ceil(maxBytes / 3) * 4 } });
    // Only /documents takes a body here: one of another type is the spec's 400 (a multipart body is needed), not 415.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, undefined));

    app.get(`${API_PREFIX}/services`, {
      config: API_CONFIG, schema: { querystring: { type: 'object', properties: { name: { type: 'string', maxLength: 200 } } } },
    }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const name = (request.query as { name?: string }).name ?? '';
      const rows = (await visibleServices(conn, caller)).filter((s) => nameMatches(name, s));
      return rows.map((row) => presentService(request.tr, row));
    });

    app.get(`${API_PREFIX}/services/:serviceId`, { config: API_CONFIG, schema: { params: idParam('serviceId') } }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const row = await findVisibleService(conn, caller, (request.params as { serviceId: string }).serviceId);
      if (!row) throw notFound('no such service');
      tagService(request, row.agency_id, row.id);
      return presentService(request.tr, row);
    });

    app.get(`${API_PREFIX}/services/:serviceId/eForms`, { config: API_CONFIG, schema: { params: idParam('serviceId') } }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const row = await findVisibleService(conn, caller, (request.params as { serviceId: string }).serviceId);
      if (!row) throw notFound('no such service');
      tagService(request, row.agency_id, row.id);
      return [presentEFormItem(request.tr, row)];
    });

    app.get(`${API_PREFIX}/eForms/:eFormId`, { config: API_CONFIG, schema: { params: idParam('eFormId') } }, async (request, reply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const row = await findServiceByEForm(conn, caller, (request.params as { eFormId: string }).eFormId);
      if (!row) throw notFound('no such eForm');
      tagService(request, row.agency_id, row.id);
      return presentEForm(request.tr, row);
    });

    const statistics = async (request: FastifyRequest, reply: FastifyReply) => {
      const { caller } = await authorize(request, reply, SCOPES.read);
      const q = request.query as { startDate?: string; endDate?: string; registrationName?: string; operator?: string; role?: string; timeframe?: keyof typeof TIMEFRAME_DAYS };
      if (q.operator || q.role) throw new AppError(400, 'unsupported_filter', 'govstack.error.unsupportedFilter', { field: q.operator ? 'operator' : 'role' });
      const until = q.endDate ? new Date(Date.parse(`${q.endDate}T00:00:00Z`) + DAY_MS) : undefined;
      const since = q.startDate ? new Date(`${q.startDate}T00:00:00Z`)
        : new Date((until?.getTime() ?? Date.now()) - TIMEFRAME_DAYS[q.timeframe ?? 'year'] * DAY_MS);
      if (until && until <= since) throw new AppError(400, 'invalid_period', 'govstack.error.period', { field: 'endDate' });
      const services = new Map((await visibleServices(conn, caller)).map((s) => [s.id, s.definition]));
      const wanted = (q.registrationName ?? '').trim().toLowerCase();
      const rows = (await agencyStatistics(conn, agencyScope(caller.agencyId), since, until)).filter((r) => !wanted || r.service_id === wanted
        || Object.values(services.get(r.service_id)?.title ?? {}).some((t) => t.toLowerCase().includes(wanted)));
      return rows.map((row) => presentStatistics(row, {
        startDate: since.toISOString().slice(0, 10), ...(until ? { endDate: new Date(until.getTime() - DAY_MS).toISOString().slice(0, 10) } : {}),
        registrationName: request.tr.text(services.get(row.service_id)?.title) || row.service_id,
        timeframeDay: q.timeframe === 'day', timeframeWeek: q.timeframe === 'week', timeframeMonth: q.timeframe === 'month', timeframeYear: q.timeframe === 'year',
      }));
    };
    // The statistics spec moved from `/data/statistics/1.0` to `/data/statistics`; clients send both.
    for (const at of ['/data/statistics', '/data/statistics/1.0']) app.get(`${API_PREFIX}${at}`, { config: MEDIATED_API_CONFIG, schema: { querystring: statisticsQuery } }, statistics);

    app.post(`${API_PREFIX}/documents`, {
      config: API_CONFIG, schema: { querystring: { type: 'object', properties: { additionalMetadata: { type: 'string', maxLength: 1000 } } } },
    }, async (request, reply) => {
      const { caller, who } = await authorize(request, reply, SCOPES.apply);
      const { content, filename: given, claimedType } = await uploadedDocumentOf(request);
      const scope = agencyScope(caller.agencyId);
      const mediaType = sniffType(content, claimedType);
      const filename = (given || 'document').slice(0, 200);
      const id = await conn.transaction().execute(async (trx) => {
        const docId = await store.insertDocument(trx, scope, {
          client_id: caller.clientId, filename, media_type: mediaType, size: content.length,
          sha256: createHash('sha256').update(content).digest('hex'), content, metadata: (request.query as { additionalMetadata?: string }).additionalMetadata ?? null,
        });
        // Checked with the upload written, so it counts: over quota, nothing is kept.
        if (!(await storage.allows(trx, scope.agencyId, 0))) throw new AppError(413, 'storage_quota_exceeded', 'govstack.error.uploadStorageFull', { field: 'file' });
        await recordAudit(trx, who, { agencyId: scope.agencyId, action: 'govstack.document_uploaded', target: `govstack_document:${docId}`, details: { size: content.length, mediaType } });
        return docId;
      });
      return { code: 200, type: mediaType, message: request.tr.t('govstack.document.uploaded', { file: filename }), url: `urn:uuid:${id}`, documentId: id };
    });
  };
}
