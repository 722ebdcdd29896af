import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from 'helmet';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Config } from '../config.ts';
import { loopbackAliasOf, redirectLoopbackAliases } from './loopback-alias.ts';
import { frontDoor } from './front-door.ts';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs.ts';
import type { MigrationSource } from '../db/migrations.ts';
import { translator, uiLocales, negotiateLocale } from '../i18n/i18n.ts';
import type { Shell, ShellSettings, Preferences } from '../web/shell.ts';
import { ASSETS_DIR, isCurrentAsset } from '../web/asset-urls.ts';
import { cookieName, cookieOptions } from './cookies.ts';
import { registerErrorHandling } from './error-handling.tsx';
import { formLabelSeal } from './form-labels.ts';
import { fieldLimits } from './field-limits.ts';
import { isDatabaseUnreachable } from '../db/unreachable.ts';
import { AppError } from './errors.ts';
import { registerOperations } from './operations.ts';
import { preferencesIn, registerPreferences, readPreferences } from './preferences.ts';
import { ENCODINGS, PublicPages, sendPublicPage } from './public-pages.ts';
import { trafficKeyOf } from './traffic.ts';
import type { ResidentViewer, RouteSummary, StaffViewer } from './types.ts';
import { registerAccessibilityStatement } from '../web/accessibility.tsx';
import { isInProcess } from './in-process.ts';
import { registerTracing } from '../tracing/http.ts';
import { activeTracing } from '../tracing/tracing.ts';
import { lazyValidators } from './lazy-validators.ts';
import './types.ts';

export interface ServerDeps {
  config: Readonly<Config>;
  database: Database;
  jobs: JobQueue | null;
  shell: ShellSettings;
  themeCss: string;
  migrations: readonly MigrationSource[];
  resolveStaff: (request: FastifyRequest) => Promise<StaffViewer | null>;
  resolveResident: (request: FastifyRequest) => Promise<ResidentViewer | null>;
  modules: FastifyPluginAsync[];
}

const krdsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('krds-uiux/package.json')), 'resources');

/** A caller's request id when it is a sane one, else a new one. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const entrance: { door?: (req: IncomingMessage, res: http.ServerResponse) => boolean } = {};
  const app = Fastify({
    // Kept pages are answered before the app (front-door.ts); `listenerFor` does the same for the node's own listener.
    serverFactory: (handler) => http.createServer((req, res) => {
      if (!entrance.door?.(req, res)) handler(req, res);
    }),
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] },
    genReqId: requestIdOf,
    requestIdHeader: false,
    // One line per request, written when it is answered (below), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: config.production,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    // A URL that cannot be decoded never reaches a route or a hook: answer it as every other error is.
    frameworkErrors: (err, request, reply) => answerUnroutable(err, request, reply),
  });

  registerTracing(app);
  app.addHook('onResponse', async (request, reply) => {
    reply.log.info({ req: { method: request.method, url: request.url, remoteAddress: request.ip }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
  });

  const limits = fieldLimits(app);
  const routeTable: RouteSummary[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, agencyScoped: route.config?.agencyScoped === true });
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Built once: @fastify/helmet builds the middleware, parsing the policy again, on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(config.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  /** The headers helmet sets, the same on every answer: taken once for the front door. */
  const securityHeaderSet: OutgoingHttpHeaders = {};
  securityHeaders({} as IncomingMessage, { setHeader: (name: string, value: string) => { securityHeaderSet[name.toLowerCase()] = value; }, removeHeader: () => undefined } as never, () => undefined);
  redirectLoopbackAliases(app, config.publicUrl);
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(csrf, {
    cookieKey: cookieName('hanaro-csrf', config.secureCookies),
    cookieOpts: cookieOptions(config.secureCookies),
    getToken: (req) => csrfTokenOf(req.body),
  });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' || isInProcess(req),
  });
  // Pages, style sheets and scripts compressed for whoever asks (a cheap phone on a slow network):
  // Brotli at a quality that costs little per page (a kept page is compressed once, public-pages.ts), gzip for the rest; fonts (woff2) are compressed already.
  await app.register(compress, { encodings: [...ENCODINGS], threshold: 1024, brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', maxAge: '1d', index: false });
  // Pages link each asset with its content's version (asset-urls.ts): that address never changes.
  app.addHook('onSend', async (request, reply) => {
    if (isCurrentAsset(request.url) && reply.statusCode === 200) reply.header('cache-control', 'public, max-age=31536000, immutable');
  });
  await app.register(fastifyStatic, {
    root: krdsDir, prefix: '/assets/krds/', decorateReply: false, maxAge: '7d', index: false,
    allowedPath: (p) => p.startsWith('/css/token/'),
  });

  const offered = deps.shell.locales.filter((l) => uiLocales.includes(l));
  const fallbackLocale = offered.includes(deps.shell.defaultLocale) ? deps.shell.defaultLocale : offered[0] ?? 'en';
  const langCookie = cookieName('hanaro-lang', config.secureCookies);

  app.decorateRequest('tr', null as never);
  app.decorateRequest('prefs', null as never);
  app.decorateRequest('staff', null);
  app.decorateRequest('resident', null);
  const localeOf = (cookies: Record<string, string | undefined>, acceptLanguage: string | undefined) => {
    const chosen = cookies[langCookie];
    return chosen && offered.includes(chosen) ? chosen : negotiateLocale(acceptLanguage, offered) ?? fallbackLocale;
  };
  const localise = (request: FastifyRequest) => {
    request.tr = translator(localeOf(request.cookies, request.headers['accept-language']), fallbackLocale, deps.shell.timeZone);
    request.prefs = readPreferences(request, config.secureCookies);
  };
  app.addHook('onRequest', async (request) => localise(request));
  app.addHook('preHandler', async (request) => {
    if (isApiRequest(request)) return;
    try {
      request.staff = await deps.resolveStaff(request);
      request.resident = await deps.resolveResident(request);
    } catch (err) {
      // Elsewhere an unreachable database is a 503 (error handling), never a sign-out.
      if (!request.routeOptions.config.withoutDatabase || !isDatabaseUnreachable(err)) throw err;
    }
    // The session has just fallen back from a mandate that was revoked or ran out: refuse this click, clearly.
    const ended = request.resident?.mandateEnded;
    if (ended) throw new AppError(403, 'mandate_ended', 'error.mandateEnded', { vars: { name: ended.principalName } });
  });
  app.addHook('preHandler', (request, reply, done) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    // No route, nothing to protect: the answer is the 404 (in the API's format under an API's path).
    if (!unsafe || request.routeOptions.config.csrf === false || request.is404) return done();
    app.csrfProtection(request, reply, done);
  });

  // The CSRF token (and its secret's cookie) only for a page that has a form needing it.
  const tokenGiven = new WeakSet<Shell>();
  const shellOf = function shell(this: FastifyReply): Shell {
    const request = this.request;
    let token: string | undefined;
    const generateToken = () => this.generateCsrf();
    const shell: Shell = {
      tr: request.tr,
      countryName: deps.shell.countryName,
      emblem: deps.shell.emblem,
      locales: offered,
      prefs: request.prefs as Preferences,
      get csrfToken() {
        tokenGiven.add(shell);
        return token ??= generateToken();
      },
      here: request.url,
      staff: request.staff ? { name: request.tr.text(request.staff.names) } : null,
      resident: request.resident ? { name: request.resident.name, unread: request.resident.unreadNotices ?? 0, actingFor: Boolean(request.resident.representative) } : null,
    };
    return shell;
  };
  app.decorateReply('shell', shellOf);
  // What each form's fields are called travels with the form, so reduced service on any node gives it back under its own labels.
  const formLabels = formLabelSeal(config.documentKeySecret);
  app.addHook('preValidation', async (request) => formLabels.take(request));
  const rendered = async (reply: FastifyReply, render: (shell: Shell) => JSX.Element) => {
    const shell = reply.shell();
    const html = formLabels.carry(limits.apply(await render(shell), reply.request.url));
    return { html, personal: tokenGiven.has(shell) };
  };
  const pageOf: FastifyReply['page'] = async function page(this: FastifyReply, render, status = 200) {
    const { html } = await rendered(this, render);
    return this.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
  app.decorateReply('page', pageOf);
  const publicPages = new PublicPages();
  app.decorateReply('publicPage', async function publicPage(version, prepare, stillCurrent) {
    const request = this.request;
    const key = publicPages.keyOf(request);
    const kept = key ? publicPages.find(key, version) : undefined;
    if (kept) return sendPublicPage(request, this, kept);
    const { html, personal } = await rendered(this, await prepare());
    if (!key || personal) return this.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    const answeredFor = { route: request.routeOptions.url ?? 'unmatched', ...trafficKeyOf(request) };
    return sendPublicPage(request, this, publicPages.keep(key, html, { version, ...(stillCurrent ? { stillCurrent } : {}), answeredFor }));
  });

  app.get('/theme.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(deps.themeCss));

  const answerError = registerErrorHandling(app, formLabels);
  // Fastify calls this before any hook ran: read the cookies, language and security headers here.
  function answerUnroutable(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    request.cookies = app.parseCookie(request.headers.cookie ?? '');
    localise(request);
    // Fastify builds this reply without the app's decorations; no session is read, so no CSRF token is asked for.
    Object.assign(reply, { shell: shellOf, page: pageOf });
    securityHeaders(request.raw, reply.raw, () => void answerError(err, request, reply));
  }
  const counted = registerOperations(app, deps);
  const frontDoorAnswers = frontDoor({
    pages: publicPages,
    displayCookies: new Set(['hanaro-lang', 'hanaro-text', 'hanaro-contrast', 'hanaro-csrf'].map((name) => cookieName(name, config.secureCookies))),
    parseCookies: (header) => app.parseCookie(header),
    localeOf,
    preferencesOf: (cookies) => preferencesIn(cookies, config.secureCookies),
    redirected: loopbackAliasOf(config.publicUrl) ?? (() => false),
    headers: securityHeaderSet,
    requestId: requestIdOf,
    remoteAddress: (req) => (config.production ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim() || undefined : undefined) ?? req.socket.remoteAddress,
    log: app.log,
    counted,
  });
  // Traces follow every request through the app's hooks: with tracing on, the front door stays shut.
  if (!activeTracing()) entrance.door = frontDoorAnswers;
  app.decorate('frontDoor', (req: IncomingMessage, res: http.ServerResponse) => entrance.door?.(req, res) ?? false);
  registerPreferences(app, { secure: config.secureCookies, offered });
  registerAccessibilityStatement(app);
  for (const module of deps.modules) await app.register(module);
  return app;
}

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/govstack/') || request.url.startsWith('/assets/')
    || request.url === '/metrics' || request.url === '/healthz' || request.url === '/readyz';
}

/** The form's CSRF token: a plain field, or a multipart field object ({ value }) from a form with files. */
function csrfTokenOf(body: unknown): string | undefined {
  const field = (body as Record<string, unknown> | undefined)?._csrf;
  if (typeof field === 'string') return field;
  const value = (field as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}
