import type { FastifyInstance } from 'fastify';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A local trial opened at another loopback name than PUBLIC_URL's, on its port (http://127.0.0.1:8080
 * while PUBLIC_URL is http://localhost:8080), is sent to PUBLIC_URL. Secure cookies work on either (browsers
 * treat both as potentially trustworthy), but sign-in, passkeys and OpenID4VC are bound to PUBLIC_URL's
 * origin, and a cookie set on one name is not sent to the other. Only page reads are redirected;
 * nothing changes for a public host.
 */
export function redirectLoopbackAliases(app: FastifyInstance, publicUrl: string): void {
  const isAlias = loopbackAliasOf(publicUrl);
  if (!isAlias) return;
  const { origin } = new URL(publicUrl);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (isAlias(request.headers.host)) return reply.redirect(`${origin}${request.url}`, 307);
  });
}

/** Whether a Host header names PUBLIC_URL's port on another loopback name; null when PUBLIC_URL is not a loopback address. */
export function loopbackAliasOf(publicUrl: string): ((host: string | undefined) => boolean) | null {
  const home = new URL(publicUrl);
  if (!LOOPBACK.has(home.hostname)) return null;
  const homePort = home.port || (home.protocol === 'https:' ? '443' : '80');
  return (host) => {
    const asked = addressOf(host);
    return Boolean(asked && asked.hostname !== home.hostname && LOOPBACK.has(asked.hostname) && (asked.port || '80') === homePort);
  };
}

function addressOf(host: string | undefined): URL | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`);
  } catch {
    return undefined;
  }
}
