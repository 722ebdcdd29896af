import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { apiActorOf, resolveApiCaller, bearerTokenOf, type ApiCaller, type BearerVerifier } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import { informationMediatorCheck } from '../../platform/http/information-mediator.ts';
import { findRecord, listRecords, readRecord, readValue, recordExists } from './read-records.ts';
import { openRegistry, type Access } from './registry-access.ts';
import { recordQueryOf } from './record-query.ts';
import type { ReadContext } from './record-personal-data-reads.ts';
import { createRecord, deleteRecord, updateEntries, updateOrCreateRecord, updateRecord } from './write-records.ts';
import { recordKeyOf } from './records.ts';
import type { RecordContent } from './store.ts';

export const API_PREFIX = '/govstack/registries';
// Bearer-authenticated, so no CSRF; cross-agency refusals are proven in api.test.ts. Every endpoint of
// both Digital Registries specs requires the Information-Mediator-Client header.
export const API_CONFIG = { csrf: false, mediatorRequired: true } as const;
export const mediatorCheck = informationMediatorCheck('registries.error.mediatorHeader');

const content = { type: 'object', maxProperties: 100 } as const;
const wrapped = { type: 'object', required: ['content'], properties: { content } } as const;
const bodies = {
  write: { type: 'object', required: ['write'], properties: { write: wrapped } },
  query: { type: 'object', required: ['query'], properties: { query: wrapped } },
  queryAndWrite: { type: 'object', required: ['write'], properties: { query: wrapped, write: wrapped } },
  queryAndWriteBoth: { type: 'object', required: ['query', 'write'], properties: { query: wrapped, write: wrapped } },
};
const registryParams = {
  type: 'object', required: ['registryName', 'versionNumber'],
  properties: { registryName: { type: 'string', maxLength: 64 }, versionNumber: { type: 'string', maxLength: 20 }, ID: { type: 'string', minLength: 1, maxLength: 200 }, file: { type: 'string', maxLength: 200 } },
};
const listQuery = {
  type: 'object',
  properties: {
    search: { type: 'string', maxLength: 200 }, filter: { type: 'string', maxLength: 64 }, ordering: { type: 'string', enum: ['ascending', 'descending', 'asc', 'desc'] },
    page: { type: 'integer', minimum: 1, maximum: 100_000 }, pageSize: { type: 'integer', minimum: 1, maximum: 100 },
  },
};

type Params = { registryName: string; versionNumber: string; ID?: string; file?: string };
type Body = { query?: { content: RecordContent }; write?: { content: RecordContent } };

/** The caller, or 401 with a Bearer challenge. */
export async function callerOf(request: FastifyRequest, reply: FastifyReply, verifiers: readonly BearerVerifier[]): Promise<ApiCaller> {
  const caller = await resolveApiCaller(request, verifiers);
  if (caller) return caller;
  reply.header('www-authenticate', `Bearer realm="hanaro"${bearerTokenOf(request) ? ', error="invalid_token"' : ''}`);
  throw new AppError(401, 'unauthorized', 'error.apiUnauthorized');
}

const header = (request: FastifyRequest, name: string) => {
  const v = request.headers[name];
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : null;
};

/** Why the caller reads: optional Hanaro headers, logged with each read. */
function readContext(request: FastifyRequest, caller: ApiCaller): ReadContext {
  return {
    reader: { kind: caller.kind, id: caller.clientId, agencyId: caller.agencyId },
    purpose: header(request, 'hanaro-purpose') ?? 'registry-api',
    legalBasis: header(request, 'hanaro-legal-basis'),
    serviceId: header(request, 'hanaro-service'),
    applicationId: header(request, 'hanaro-application'),
    channel: 'registry-api', mediator: header(request, 'information-mediator-client'), requestId: request.id,
  };
}

/** The GovStack Digital Registries data API: one set of endpoints per registry and version. */
export function registryApiRoutes(conn: AnyDb, verifiers: readonly BearerVerifier[]) {
  return async function routes(app: FastifyInstance) {
    app.addHook('onRequest', mediatorCheck);
    const open = async (request: FastifyRequest, reply: FastifyReply, access: Access) => {
      const caller = await callerOf(request, reply, verifiers);
      const p = request.params as Params;
      return { caller, opened: await openRegistry(conn, caller, p.registryName, p.versionNumber, access), who: apiActorOf(caller, request.id) };
    };
    const base = `${API_PREFIX}/data/:registryName/:versionNumber`;
    const route = (schema: object) => ({ config: API_CONFIG, schema: { params: registryParams, ...schema } });

    app.get(base, route({ querystring: listQuery }), async (request, reply) => {
      const { caller, opened } = await open(request, reply, 'read');
      const q = request.query as Record<string, string | number | undefined>;
      const fields = Object.fromEntries(Object.entries(q).filter(([k]) => k.startsWith('query.')).map(([k, v]) => [k.slice(6), String(v)]));
      const query = recordQueryOf(opened, fields, 'query');
      // Query-string values are text: a number or boolean field matches its text form too.
      for (const [name, value] of Object.entries(fields)) {
        const type = opened.version.schema.properties[name]?.type;
        if (type === 'integer' || type === 'number') query.contains![name] = Number(value);
        if (type === 'boolean') query.contains![name] = value === 'true';
      }
      if (q.filter && !(q.filter in opened.version.schema.properties)) throw new AppError(400, 'unknown_field', 'registries.error.unknownField', { field: 'filter', vars: { name: String(q.filter) } });
      if (q.search) query.search = { pattern: String(q.search), ...(q.filter ? { field: String(q.filter) } : {}) };
      const page = Number(q.page ?? 1);
      const pageSize = Number(q.pageSize ?? 10);
      const { count, rows } = await listRecords(conn, opened, query, { page, pageSize, descending: String(q.ordering ?? '').startsWith('desc') }, readContext(request, caller), request.tr.locale);
      const link = (n: number) => {
        const url = new URL(request.url, `${request.protocol}://${request.host}`);
        url.searchParams.set('page', String(n));
        return url.toString();
      };
      return { count, ...(page * pageSize < count ? { next: link(page + 1) } : {}), ...(page > 1 ? { previous: link(page - 1) } : {}), results: rows.map((r) => r.content) };
    });

    app.post(`${base}/create`, route({ body: bodies.write }), async (request, reply) => {
      const { opened, who } = await open(request, reply, 'write');
      return { content: await createRecord(conn, opened, (request.body as Body).write!.content, who) };
    });

    app.post(`${base}/exists`, route({ body: bodies.query }), async (request, reply) => {
      const { caller, opened } = await open(request, reply, 'read');
      const found = await recordExists(conn, opened, recordQueryOf(opened, (request.body as Body).query!.content, 'query.content'), readContext(request, caller), request.tr.locale);
      return { answer: { status: found, message: request.tr.t(found ? 'registries.api.found' : 'registries.api.notFound') } };
    });

    app.post(`${base}/read`, route({ body: bodies.query }), async (request, reply) => {
      const { caller, opened } = await open(request, reply, 'read');
      const row = await readRecord(conn, opened, recordQueryOf(opened, (request.body as Body).query!.content, 'query.content'), readContext(request, caller), request.tr.locale);
      if (!row) return reply.code(404).send({ code: 'not_found', message: request.tr.t('registries.error.noRecord'), detail: 'no record found' });
      return { content: row.content };
    });

    /** The query a write names: its own, or the key fields of what it writes. */
    const queryOfWrite = (opened: Awaited<ReturnType<typeof open>>['opened'], body: Body) => {
      if (body.query) return recordQueryOf(opened, body.query.content, 'query.content');
      const key = recordKeyOf(opened.registry.key_fields, body.write!.content);
      if (key === null) throw new AppError(400, 'query_missing', 'registries.error.queryMissing', { field: 'query' });
      return recordQueryOf(opened, Object.fromEntries(opened.registry.key_fields.map((f) => [f, body.write!.content[f]])), 'write.content');
    };

    app.put(`${base}/update`, route({ body: bodies.queryAndWrite }), async (request, reply) => {
      const { opened, who } = await open(request, reply, 'write');
      const body = request.body as Body;
      return { content: await updateRecord(conn, opened, queryOfWrite(opened, body), body.write!.content, who) };
    });

    for (const path of ['updateEntries', 'update-entries']) {
      app.put(`${base}/${path}`, route({ body: bodies.queryAndWriteBoth }), async (request, reply) => {
        const { opened, who } = await open(request, reply, 'write');
        const body = request.body as Body;
        return { count: await updateEntries(conn, opened, recordQueryOf(opened, body.query!.content, 'query.content'), body.write!.content, who) };
      });
    }

    for (const path of ['updateOrCreate', 'update-or-create']) {
      app.post(`${base}/${path}`, route({ body: bodies.queryAndWrite }), async (request, reply) => {
        const { opened, who } = await open(request, reply, 'write');
        const body = request.body as Body;
        const result = await updateOrCreateRecord(conn, opened, queryOfWrite(opened, body), body.write!.content, who);
        return { content: result.content };
      });
    }

    app.delete(`${base}/:ID/delete`, route({}), async (request, reply) => {
      const { opened, who } = await open(request, reply, 'write');
      const row = await findRecord(conn, opened, (request.params as Params).ID!);
      if (!row) throw new AppError(404, 'not_found', 'registries.error.noRecord', { field: 'ID' });
      await deleteRecord(conn, opened, row, who);
      return reply.code(204).send();
    });

    for (const path of ['readValue', 'read-value']) {
      app.get(`${base}/:ID/${path}/:file`, route({}), async (request, reply) => {
        const { caller, opened } = await open(request, reply, 'read');
        const p = request.params as Params;
        const dot = p.file!.lastIndexOf('.');
        const [field, ext] = dot > 0 ? [p.file!.slice(0, dot), p.file!.slice(dot + 1)] : [p.file!, ''];
        if (ext !== 'json') throw new AppError(400, 'unsupported_format', 'registries.error.format', { field: 'ext' });
        return { value: await readValue(conn, opened, p.ID!, field, readContext(request, caller), request.tr.locale) };
      });
    }
  };
}
