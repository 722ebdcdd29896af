import { createHash, randomBytes } from 'node:crypto';

/** A new session: the token goes to the cookie, only its hash to the database. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');
