/** What an agency system may do through the Registration API; an API key holds some of these. */
export const SCOPES = {
  read: 'registration:read',
  apply: 'registration:apply',
  process: 'registration:process',
} as const;

export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);
