import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cookieName, cookieOptions } from './cookies.ts';
import type { Contrast, Preferences, TextSize } from '../web/shell.ts';

const YEAR = 365 * 24 * 3600;
const TEXT_SIZES: readonly TextSize[] = ['normal', 'large', 'x-large'];
const CONTRASTS: readonly Contrast[] = ['normal', 'high'];

export function readPreferences(request: FastifyRequest, secure: boolean): Preferences {
  return preferencesIn(request.cookies, secure);
}

/** The display preferences the visitor's cookies hold (a value we do not offer counts as not chosen). */
export function preferencesIn(cookies: Record<string, string | undefined>, secure: boolean): Preferences {
  const textSize = cookies[cookieName('hanaro-text', secure)] as TextSize | undefined;
  const contrast = cookies[cookieName('hanaro-contrast', secure)] as Contrast | undefined;
  return {
    textSize: textSize && TEXT_SIZES.includes(textSize) ? textSize : 'normal',
    contrast: contrast && CONTRASTS.includes(contrast) ? contrast : 'normal',
  };
}

/** Only a local path may be returned to, never another site. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

/**
 * Language, text size and contrast: a form in the header, remembered in cookies, no script needed.
 * It is sent with GET, as a language link would be: a choice of display is no one's data to forge,
 * and a form without a per-visitor token leaves the page the same for every visitor, so it can be
 * kept and revalidated (public-pages.ts).
 */
export function registerPreferences(app: FastifyInstance, opts: { secure: boolean; offered: string[] }): void {
  app.get('/preferences', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          lang: { type: 'string', enum: opts.offered },
          textSize: { type: 'string', enum: [...TEXT_SIZES] },
          contrast: { type: 'string', enum: [...CONTRASTS] },
          return: { type: 'string', maxLength: 2000 },
        },
      },
    },
  }, async (request, reply) => {
    const body = request.query as { lang?: string; textSize?: TextSize; contrast?: Contrast; return?: string };
    reply.header('cache-control', 'no-store');
    const set = (name: string, value: string) => reply.setCookie(cookieName(name, opts.secure), value, cookieOptions(opts.secure, YEAR));
    if (body.lang) set('hanaro-lang', body.lang);
    if (body.textSize) set('hanaro-text', body.textSize);
    if (body.contrast) set('hanaro-contrast', body.contrast);
    return reply.redirect(safeReturnPath(body.return), 303);
  });
}
