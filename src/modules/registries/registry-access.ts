import type { AnyDb } from '../../platform/db/database.ts';
import type { ApiCaller } from '../../platform/http/api-callers.ts';
import type { ApiScope } from '../../platform/http/api-scopes.ts';
import { AppError } from '../../platform/http/errors.ts';
import * as store from './store.ts';

/** What an agency system may do with registries; an API key or OAuth client holds some of these. */
export const REGISTRY_SCOPES = {
  /** Read the caller's own agency's registries. */
  read: 'registries:read',
  /** Write the caller's own agency's registries. */
  write: 'registries:write',
  /** Change the schemas and versions of the caller's own agency's registries. */
  admin: 'registries:admin',
  /** Answer GovStack myPersonalDataUsage for a resident the calling portal has signed in. */
  usage: 'registries:usage',
} as const;

export const registryApiScopes: readonly ApiScope[] = (['read', 'write', 'admin', 'usage'] as const)
  .map((s) => ({ name: REGISTRY_SCOPES[s], label: `registries.apiScope.${s}`, hint: `registries.apiScope.${s}.hint` }));

/** The scope that lets another agency's system read one registry. */
export const readScopeFor = (registryId: string) => `registries:read:${registryId}`;

export const isRegistryScope = (scope: string) => Object.values<string>(REGISTRY_SCOPES).includes(scope) || /^registries:read:[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(scope);

export interface Opened { registry: store.RegistryRow; version: store.VersionRow; owner: boolean }

export type Access = 'read' | 'write';

/**
 * The registry and version a caller names, if the caller may `access` them: reading needs the own
 * agency's read scope or the registry's own read scope; writing only ever the owner's write scope.
 * An unknown registry or version is 404; a draft version is the owner's alone; an archived one is read-only.
 */
export async function openRegistry(conn: AnyDb, caller: ApiCaller, registryId: string, versionNumber: string, access: Access): Promise<Opened> {
  const registry = await store.findRegistry(conn, registryId);
  if (!registry) throw new AppError(404, 'unknown_registry', 'registries.error.unknownRegistry', { field: 'registryName', vars: { registry: registryId } });
  const owner = registry.agency_id === caller.agencyId;
  const allowed = access === 'write'
    ? owner && caller.scopes.includes(REGISTRY_SCOPES.write)
    : (owner && (caller.scopes.includes(REGISTRY_SCOPES.read) || caller.scopes.includes(REGISTRY_SCOPES.write))) || caller.scopes.includes(readScopeFor(registry.id));
  if (!allowed) {
    throw new AppError(403, owner || access === 'read' ? 'insufficient_scope' : 'not_owner', access === 'write' && !owner ? 'registries.error.notOwner' : 'registries.error.scope',
      { vars: { registry: registry.id }, detail: `${caller.agencyId} may not ${access} ${registry.id}` });
  }
  const version = await store.findVersion(conn, registry.id, versionNumber);
  if (!version || (version.status === 'draft' && !owner)) {
    throw new AppError(404, 'unknown_version', 'registries.error.unknownVersion', { field: 'versionNumber', vars: { registry: registry.id, version: versionNumber } });
  }
  if (access === 'write' && version.status === 'archived') {
    throw new AppError(409, 'version_archived', 'registries.error.archived', { field: 'versionNumber', vars: { version: version.version } });
  }
  return { registry, version, owner };
}
