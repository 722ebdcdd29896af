import type { ApiScope } from '../../platform/http/api-scopes.ts';
import { isRegistryScope, registryApiScopes } from '../registries/index.ts';
import { consentApiScopes } from '../consent/index.ts';
import { exchangeApiScopes } from '../exchange/index.ts';
import { clientManagementApiScopes } from '../sso/index.ts';

/** What an agency system may do through the Registration API; an API key holds some of these. */
export const SCOPES = {
  read: 'registration:read',
  apply: 'registration:apply',
  process: 'registration:process',
} as const;

export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);

const registrationApiScopes: readonly ApiScope[] = (['read', 'apply', 'process'] as const)
  .map((s) => ({ name: SCOPES[s], label: `govstack.apiScope.${s}`, hint: `govstack.scope.${s}` }));

/** Every scope an agency may give its systems, API key or OAuth client alike, in the order pages list them. */
export const AGENCY_API_SCOPES: readonly ApiScope[] = [
  ...registrationApiScopes, ...registryApiScopes, ...consentApiScopes, ...exchangeApiScopes, ...clientManagementApiScopes,
];

/** A scope an agency system may hold: one of those, or the read scope of one named registry (`registries:read:<id>`). */
export const isGrantableScope = (scope: string) => AGENCY_API_SCOPES.some((s) => s.name === scope) || isRegistryScope(scope);
