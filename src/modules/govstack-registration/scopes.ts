import { isRegistryScope } from '../registries/index.ts';

/** What an agency system may do through the Registration API; an API key holds some of these. */
export const SCOPES = {
  read: 'registration:read',
  apply: 'registration:apply',
  process: 'registration:process',
} as const;

export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);

/** A scope an agency API key may hold: the Registration API's, or the Digital Registries API's (`registries:*`). */
export const isGrantableScope = (scope: string) => ALL_SCOPES.includes(scope) || isRegistryScope(scope);
