import { createHash } from 'node:crypto';
import { brotliCompressSync, constants } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

const BUDGET_BYTES = 16 * 1024 * 1024;
/** The encodings responses are compressed with, best first (the compression plugin's too, so a kept page is sent as any other would be). */
export const ENCODINGS = ['br', 'gzip'] as const;

/** Kept as bytes, and Brotli-compressed once: a page sent thousands of times is neither encoded nor compressed per send. */
interface Kept { body: Buffer; brotli: Buffer; etag: string }

/**
 * Pages that are the same for every visitor who is not signed in (the catalog): rendered once per
 * path, language, display preferences and the version of what they show, kept within a byte budget
 * (the oldest go first), and revalidated with a strong ETag. Nothing personal is kept: a signed-in
 * visitor's page is rendered for him and never stored, and neither is a page whose form needed a
 * CSRF token (the token is the visitor's).
 */
export class PublicPages {
  private kept = new Map<string, Kept>();
  private bytes = 0;

  keyOf(request: FastifyRequest, version: string): string | null {
    if (request.staff || request.resident || request.method !== 'GET') return null;
    return `${version}\n${request.tr.locale}\n${request.prefs.textSize}\n${request.prefs.contrast}\n${request.url}`;
  }

  find(key: string): Kept | undefined {
    return this.kept.get(key);
  }

  keep(key: string, html: string): Kept {
    const body = Buffer.from(html);
    const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    const kept = { body, brotli, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
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

/** Sends a kept page, or 304 when the visitor has it already. Caches may store it for anyone with the same cookies, language and encoding. */
export function sendPublicPage(request: FastifyRequest, reply: FastifyReply, page: Kept): FastifyReply {
  reply.header('etag', page.etag).header('cache-control', 'public, max-age=0, must-revalidate').header('vary', 'Cookie, Accept-Language, Accept-Encoding');
  if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(page.etag)) return reply.code(304).send();
  reply.type('text/html; charset=utf-8');
  if (negotiate(request.headers['accept-encoding'] ?? '', [...ENCODINGS]) !== 'br') return reply.send(page.body);
  return reply.header('content-encoding', 'br').send(page.brotli);
}
