import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { brotliCompressSync, constants } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Preferences } from '../web/shell.ts';

const BUDGET_BYTES = 16 * 1024 * 1024;
/** The encodings responses are compressed with, best first (the compression plugin's too, so a kept page is sent as any other would be). */
export const ENCODINGS = ['br', 'gzip'] as const;

/** Whom an answer from a kept page counts for on the operations console: the route and the service its render was tagged with. */
export interface AnsweredFor { route: string; agencyId: string; serviceId: string }

/** Kept as bytes, and Brotli-compressed once: a page sent thousands of times is neither encoded nor compressed per send. */
export interface Kept {
  body: Buffer;
  brotli: Buffer;
  etag: string;
  /** The version of what the page shows, as the route gave it. */
  version: string;
  /** Whether that version is still the one the route would give, known without asking anyone; absent when only the route can tell. */
  stillCurrent?: () => boolean;
  answeredFor: AnsweredFor;
}

/** The page a visitor not signed in sees at `url`: it differs only by language and display preferences. */
export function publicPageKey(locale: string, prefs: Preferences, url: string): string {
  return `${locale}\n${prefs.textSize}\n${prefs.contrast}\n${url}`;
}

/**
 * Pages that are the same for every visitor who is not signed in (the catalog): rendered once per
 * path, language and display preferences, with the version of what they show, kept within a byte
 * budget (the oldest go first), and revalidated with a strong ETag. Nothing personal is kept: a
 * signed-in visitor's page is rendered for him and never stored, and neither is a page whose form
 * needed a CSRF token (the token is the visitor's).
 */
export class PublicPages {
  private kept = new Map<string, Kept>();
  private bytes = 0;

  keyOf(request: FastifyRequest): string | null {
    if (request.staff || request.resident || request.method !== 'GET') return null;
    return publicPageKey(request.tr.locale, request.prefs, request.url);
  }

  /** The page kept under `key` for `version`. */
  find(key: string, version: string): Kept | undefined {
    const page = this.kept.get(key);
    return page?.version === version ? page : undefined;
  }

  /** The page kept under `key` if it is known to be current without the route: what the front door may send. */
  current(key: string): Kept | undefined {
    const page = this.kept.get(key);
    return page?.stillCurrent?.() ? page : undefined;
  }

  keep(key: string, html: string, about: Pick<Kept, 'version' | 'stillCurrent' | 'answeredFor'>): Kept {
    const body = Buffer.from(html);
    const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    const kept = { ...about, body, brotli, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    const before = this.kept.get(key);
    if (before) this.bytes -= sizeOf(before);
    this.kept.delete(key);
    this.kept.set(key, kept);
    this.bytes += sizeOf(kept);
    for (const [oldest, page] of this.kept) {
      if (this.bytes <= BUDGET_BYTES) break;
      this.kept.delete(oldest);
      this.bytes -= sizeOf(page);
    }
    return kept;
  }
}

const sizeOf = (page: Kept) => page.body.length + page.brotli.length;

/**
 * What a kept page is answered with for a request with these headers: 304 when the visitor has it
 * already, else the page, Brotli-compressed when asked for. Caches may store it for anyone with the
 * same cookies, language and encoding.
 */
export function keptAnswer(page: Kept, ifNoneMatch: string | undefined, acceptEncoding: string | undefined): { status: 200 | 304; headers: OutgoingHttpHeaders; body?: Buffer } {
  const headers: OutgoingHttpHeaders = { etag: page.etag, 'cache-control': 'public, max-age=0, must-revalidate', vary: 'Cookie, Accept-Language, Accept-Encoding' };
  if (ifNoneMatch?.split(/\s*,\s*/).includes(page.etag)) return { status: 304, headers };
  headers['content-type'] = 'text/html; charset=utf-8';
  if (negotiate(acceptEncoding ?? '', [...ENCODINGS]) !== 'br') return { status: 200, headers, body: page.body };
  headers['content-encoding'] = 'br';
  return { status: 200, headers, body: page.brotli };
}

export function sendPublicPage(request: FastifyRequest, reply: FastifyReply, page: Kept): FastifyReply {
  const answer = keptAnswer(page, request.headers['if-none-match'], request.headers['accept-encoding']);
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}
