import type { FastifyInstance } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { apiActorOf, type BearerVerifier } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findAgency } from '../agencies/index.ts';
import { API_CONFIG, API_PREFIX, callerOf, mediatorCheck } from './api-routes.ts';
import { archiveRegistry, modifyRegistrySchema, ownedRegistry } from './manage-registry.ts';
import { presentDatabase } from './present.ts';
import * as store from './store.ts';

// Any integer is a well-formed id (the spec's `integer`); one no registry has is 404, not 400.
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^-?[0-9]{1,30}$' } } };
const modifyBody = {
  type: 'object', required: ['code', 'schema'],
  properties: {
    code: { type: 'string', maxLength: 64 }, groupName: { type: 'string', maxLength: 200 }, catalogName: { type: 'string', maxLength: 200 },
    version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$' }, status: { type: 'string', enum: ['draft', 'published', 'archived'] },
    schema: { type: 'object', required: ['type', 'properties'], properties: { type: { const: 'object' }, properties: { type: 'object', maxProperties: 200 } } },
  },
};

type SchemaFileFields = { creationDate?: unknown; filename?: unknown };

/** The GovStack Database API: what registries there are, their schemas and versions, for their owners to change. */
export function databaseApiRoutes(conn: AnyDb, verifiers: readonly BearerVerifier[]) {
  return async function routes(app: FastifyInstance) {
    app.addHook('onRequest', mediatorCheck);
    const info = async (registry: store.RegistryRow, locale: string) => {
      const agency = await findAgency(conn, registry.agency_id);
      return presentDatabase(registry, await store.listVersions(conn, [registry.id]), agency?.name ?? {}, locale);
    };

    app.get(`${API_PREFIX}/databases`, { config: API_CONFIG }, async (request, reply) => {
      await callerOf(request, reply, verifiers);
      const registries = await store.listRegistries(conn);
      return { id: 1, name: 'Hanaro registries', code: 'HANARO', groupId: 1, order: 1, dataIndexIncrement: 0, databases: await Promise.all(registries.map((r) => info(r, request.tr.locale))) };
    });

    app.get(`${API_PREFIX}/database/:id`, { config: API_CONFIG, schema: { params: idParams } }, async (request, reply) => {
      await callerOf(request, reply, verifiers);
      const { id } = request.params as { id: string };
      const registry = await store.findRegistryByNumber(conn, Number(id));
      if (!registry) throw new AppError(404, 'unknown_registry', 'registries.error.unknownRegistry', { field: 'id', vars: { registry: id } });
      return info(registry, request.tr.locale);
    });

    app.delete(`${API_PREFIX}/database/:id`, { config: API_CONFIG, schema: { params: idParams } }, async (request, reply) => {
      const caller = await callerOf(request, reply, verifiers);
      const registry = await ownedRegistry(conn, caller, await store.findRegistryByNumber(conn, Number((request.params as { id: string }).id)));
      await archiveRegistry(conn, registry, apiActorOf(caller, request.id));
      return 'Success';
    });

    app.post(`${API_PREFIX}/database/modify`, { config: API_CONFIG, schema: { body: modifyBody } }, async (request, reply) => {
      const caller = await callerOf(request, reply, verifiers);
      const body = request.body as { code: string; version?: string; status?: 'draft' | 'published' | 'archived'; schema: store.RecordSchema & SchemaFileFields };
      const registry = await ownedRegistry(conn, caller, await store.findRegistry(conn, body.code));
      const versions = await store.listVersions(conn, [registry.id]);
      const next = `${Math.max(0, ...versions.map((v) => Number(v.version.split('.')[0]))) + 1}.0`;
      // The spec requires `creationDate` and `filename` beside the schema: they describe the upload, not the records.
      const schema: store.RecordSchema & SchemaFileFields = { ...body.schema };
      delete schema.creationDate;
      delete schema.filename;
      await modifyRegistrySchema(conn, registry, { version: body.version ?? next, status: body.status ?? 'draft', schema }, apiActorOf(caller, request.id));
      return body.schema;
    });
  };
}
