import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { ApiCaller } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import type { RegistryVersionStatus } from '../packs/index.ts';
import { REGISTRY_SCOPES } from './registry-access.ts';
import { validatorOf } from './records.ts';
import * as store from './store.ts';

/** The registry, if the caller's agency owns it and the caller may administer it. */
export async function ownedRegistry(conn: AnyDb, caller: ApiCaller, registry: store.RegistryRow | undefined): Promise<store.RegistryRow> {
  if (!registry) throw new AppError(404, 'unknown_registry', 'registries.error.unknownRegistry', { field: 'id', vars: { registry: '' } });
  if (registry.agency_id !== caller.agencyId) throw new AppError(403, 'not_owner', 'registries.error.notOwner', { vars: { registry: registry.id } });
  if (!caller.scopes.includes(REGISTRY_SCOPES.admin)) throw new AppError(403, 'insufficient_scope', 'error.apiScope', { vars: { scope: REGISTRY_SCOPES.admin } });
  return registry;
}

export interface SchemaChange { version: string; status: RegistryVersionStatus; schema: store.RecordSchema }

/**
 * Adds a version or changes one: a draft's schema may change; a published version's schema is fixed
 * (clients rely on it) and it may only be archived; an archived one stays archived.
 */
export async function modifyRegistrySchema(conn: AnyDb, registry: store.RegistryRow, change: SchemaChange, who: Actor): Promise<void> {
  try {
    validatorOf(change.schema);
  } catch (err) {
    throw new AppError(400, 'invalid_schema', 'registries.error.schema', { field: 'schema', vars: { problem: (err as Error).message } });
  }
  const missing = [...registry.key_fields, ...registry.subject_fields].find((f) => !(f in (change.schema.properties ?? {})));
  if (missing) throw new AppError(400, 'invalid_schema', 'registries.error.schemaField', { field: `schema.properties.${missing}`, vars: { name: missing } });
  await conn.transaction().execute(async (trx) => {
    const existing = await store.findVersion(trx, registry.id, change.version);
    const sameSchema = existing && JSON.stringify(existing.schema) === JSON.stringify(change.schema);
    if (existing && existing.status !== 'draft' && (!sameSchema || (existing.status === 'archived' && change.status !== 'archived'))) {
      throw new AppError(409, 'version_fixed', 'registries.error.versionFixed', { field: 'schema', vars: { version: change.version } });
    }
    await store.upsertVersion(trx, { registry_id: registry.id, version: change.version, status: change.status, schema: change.schema });
    await recordAudit(trx, who, { agencyId: registry.agency_id, action: 'registry.version_changed', target: `registry:${registry.id}/${change.version}`, details: { status: change.status } });
  });
}

/** Archives every version: nothing new is written, what is there stays readable. */
export async function archiveRegistry(conn: AnyDb, registry: store.RegistryRow, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    const archived = await store.archiveRegistry(trx, agencyScope(registry.agency_id), registry.id);
    await recordAudit(trx, who, { agencyId: registry.agency_id, action: 'registry.archived', target: `registry:${registry.id}`, details: { versions: archived } });
  });
}
