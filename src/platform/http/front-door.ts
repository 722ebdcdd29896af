import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { keptAnswer, publicPageKey, type AnsweredFor, type PublicPages } from './public-pages.ts';
import type { Preferences } from '../web/shell.ts';

export interface FrontDoorSettings {
  pages: PublicPages;
  /** Names of the cookies that only choose how a page looks; any other cookie (a session) sends the request through the app. */
  displayCookies: ReadonlySet<string>;
  parseCookies: (header: string) => Record<string, string | undefined>;
  localeOf: (cookies: Record<string, string | undefined>, acceptLanguage: string | undefined) => string;
  preferencesOf: (cookies: Record<string, string | undefined>) => Preferences;
  /** A Host the app redirects (another loopback name for PUBLIC_URL). */
  redirected: (host: string | undefined) => boolean;
  /** The headers every answer carries (security headers), computed once. */
  headers: OutgoingHttpHeaders;
  requestId: (req: IncomingMessage) => string;
  remoteAddress: (req: IncomingMessage) => string | undefined;
  log: FastifyBaseLogger;
  /** The console's and Prometheus's count of the answer, as the app's own hook counts it. */
  counted: (answer: AnsweredFor & { method: string; status: number; milliseconds: number }) => void;
}

/**
 * Answers a request for a kept catalog page before the app sees it: a visitor who is not signed in
 * asking for a page kept in his language and display preferences, whose version is known to be
 * current. The answer is the one the app would give (the same bytes, ETag, security headers,
 * request id, log line and traffic count), without the app's hooks around it; whatever else is asked
 * (a session cookie, a form, an API, a page not kept, a version only the route can check) returns
 * false and goes to the app. The app's per-address rate limit is not applied here: a kept page
 * costs less to send than the limiter costs to check.
 */
export function frontDoor(s: FrontDoorSettings): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'GET' || req.headers.authorization || s.redirected(req.headers.host)) return false;
    const cookies = req.headers.cookie ? s.parseCookies(req.headers.cookie) : {};
    for (const name in cookies) if (!s.displayCookies.has(name)) return false;
    const url = req.url ?? '/';
    const page = s.pages.current(publicPageKey(s.localeOf(cookies, req.headers['accept-language']), s.preferencesOf(cookies), url));
    if (!page) return false;
    const started = performance.now();
    const answer = keptAnswer(page, req.headers['if-none-match'], req.headers['accept-encoding']);
    const id = s.requestId(req);
    res.writeHead(answer.status, { ...s.headers, ...answer.headers, 'x-request-id': id, ...(answer.body ? { 'content-length': answer.body.length } : {}) });
    res.end(answer.body);
    const milliseconds = performance.now() - started;
    s.counted({ ...page.answeredFor, method: 'GET', status: answer.status, milliseconds });
    s.log.info({ reqId: id, req: { method: 'GET', url, remoteAddress: s.remoteAddress(req) }, res: { statusCode: answer.status }, responseTime: milliseconds }, 'request completed');
    return true;
  };
}
