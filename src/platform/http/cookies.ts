import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * `__Host-` cookies are bound to this exact origin and sent only over HTTPS (or to localhost);
 * where secure cookies are turned off (plain HTTP on a LAN) the prefix is dropped with them.
 */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

export function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieSerializeOptions {
  return { path: '/', secure, httpOnly: true, sameSite: 'lax', ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}
