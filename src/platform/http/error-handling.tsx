import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { ErrorPage } from '../web/layout.tsx';
import { translator } from '../i18n/i18n.ts';
import { databaseOutage, isDatabaseUnreachable } from '../db/unreachable.ts';
import { keptFields, TooLongPage, UnavailablePage, type TooLong } from './reduced-service.tsx';
import type { FormLabelSeal } from './form-labels.ts';

const ENGLISH = translator('en', 'en', 'UTC');

interface Refusal { status: number; code: string; messageKey: string; field?: string; vars?: Record<string, string | number> }

/** Turns any thrown error into a refusal a person or a client can act on; never a stack trace. */
function refusalOf(err: FastifyError | AppError): Refusal {
  if (err instanceof AppError) {
    return { status: err.status, code: err.code, messageKey: err.messageKey, ...err.options };
  }
  if (err.validation) {
    const first = err.validation[0];
    const field = first?.instancePath?.split('/').filter(Boolean).join('.') || (first?.params as { missingProperty?: string })?.missingProperty;
    return { status: 400, code: 'invalid_request', messageKey: 'error.invalidRequest', ...(field ? { field } : {}) };
  }
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 400, code: 'invalid_json', messageKey: 'error.invalidJson' };
  if (err.code === 'FST_ERR_BAD_URL') return { status: 400, code: 'invalid_path', messageKey: 'error.invalidPath' };
  const status = err.statusCode ?? 500;
  if (status === 403 && err.code?.startsWith('FST_CSRF')) return { status, code: 'csrf_token_invalid', messageKey: 'error.csrf' };
  if (status === 429) return { status, code: 'rate_limited', messageKey: 'error.rateLimited' };
  if (status === 413) return { status, code: 'body_too_large', messageKey: 'error.bodyTooLarge' };
  if (status === 415) return { status, code: 'unsupported_media_type', messageKey: 'error.unsupportedMediaType' };
  if (status >= 400 && status < 500) return { status, code: 'invalid_request', messageKey: 'error.invalidRequest' };
  return { status: 500, code: 'internal_error', messageKey: 'error.internal' };
}

const JSON_APIS = ['/govstack/', '/verifier/api/', '/exchange/'];
/** A machine API: its refusals are JSON in English, whatever the Accept and Accept-Language headers say. */
export function isJsonApi(request: FastifyRequest): boolean {
  return JSON_APIS.some((prefix) => request.url.startsWith(prefix));
}
// Messages worded for a person at a page ("go back and try again"), and what an API client reads instead.
const API_WORDING: Record<string, string> = {
  'error.invalidRequest': 'error.api.invalidRequest', 'error.notFound': 'error.api.notFound', 'error.invalidPath': 'error.api.invalidPath',
};

export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return isJsonApi(request) || (accept.includes('application/json') && !accept.includes('text/html'));
}

function messageOf(request: FastifyRequest, refusal: Refusal): string {
  if (isJsonApi(request) || !request.tr) return ENGLISH.t(API_WORDING[refusal.messageKey] ?? refusal.messageKey, refusal.vars);
  return request.tr.t(refusal.messageKey, refusal.vars);
}

export async function sendRefusal(request: FastifyRequest, reply: FastifyReply, refusal: Refusal) {
  const message = messageOf(request, refusal);
  if (refusal.code === 'sign_in_required' && !wantsJson(request)) {
    return reply.redirect(`/office/sign-in?return=${encodeURIComponent(request.url)}`, 303);
  }
  if (refusal.code === 'resident_sign_in_required' && !wantsJson(request)) {
    return reply.redirect(`/sign-in?return=${encodeURIComponent(request.url)}`, 303);
  }
  if ((refusal.code === 'reauthentication_required' || refusal.code === 'staff_reauthentication_required') && !wantsJson(request)) {
    const back = typeof refusal.vars?.return === 'string' ? refusal.vars.return : request.url;
    const page = refusal.code === 'staff_reauthentication_required' ? '/office/sign-in/again' : '/sign-in/again';
    return reply.redirect(`${page}?return=${encodeURIComponent(back)}`, 303);
  }
  if (wantsJson(request) || !request.tr) {
    return reply.code(refusal.status).send({ code: refusal.code, message, ...(refusal.field ? { field: refusal.field } : {}) });
  }
  return reply.page((shell) => <ErrorPage shell={shell} status={refusal.status} message={message} />, refusal.status);
}

/** Reduced service: the database cannot be reached, so say so plainly and give back what was typed. */
async function sendUnavailable(request: FastifyRequest, reply: FastifyReply, err: unknown, formLabels: FormLabelSeal) {
  request.log.warn({ err, reason: databaseOutage(err) }, 'database out of reach or busy: reduced service');
  reply.header('retry-after', '120');
  if (wantsJson(request) || !request.tr) {
    return reply.code(503).send({ code: 'service_unavailable', message: messageOf(request, { status: 503, code: 'service_unavailable', messageKey: 'error.unavailable' }) });
  }
  const action = request.url;
  const labels = formLabels.labelsOf(request);
  return reply.page((shell) => <UnavailablePage shell={shell} action={action} fields={keptFields(request)} labels={labels} />, 503);
}

/** A posted form's field over its schema's maxLength, when a person (not an API client) sent it. */
function tooLongField(request: FastifyRequest, err: FastifyError | AppError): TooLong | undefined {
  if (err instanceof AppError || err.validationContext !== 'body' || !request.tr || wantsJson(request)) return undefined;
  const first = err.validation?.find((v) => v.keyword === 'maxLength');
  const name = first?.instancePath.split('/').filter(Boolean)[0];
  return name ? { name, limit: Number((first!.params as { limit: number }).limit) } : undefined;
}

function sendTooLong(request: FastifyRequest, reply: FastifyReply, tooLong: TooLong, formLabels: FormLabelSeal) {
  const fields = keptFields(request);
  if (!fields) return undefined;
  request.log.info({ code: 'field_too_long', field: tooLong.name }, 'request refused');
  const labels = formLabels.labelsOf(request);
  return reply.page((shell) => <TooLongPage shell={shell} action={request.url} fields={fields} labels={labels} tooLong={tooLong} />, 400);
}

export type ErrorAnswer = (err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The one place any error becomes an answer; returned for the errors Fastify raises before routing (a bad URL). */
export function registerErrorHandling(app: FastifyInstance, formLabels: FormLabelSeal): ErrorAnswer {
  const answer: ErrorAnswer = async (err, request, reply) => {
    if (isDatabaseUnreachable(err)) return sendUnavailable(request, reply, err, formLabels);
    const tooLong = tooLongField(request, err);
    const formBack = tooLong && sendTooLong(request, reply, tooLong, formLabels);
    if (formBack) return formBack;
    const refusal = refusalOf(err);
    if (refusal.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: refusal.code, detail: err.message }, 'request refused');
    if (refusal.status === 429) reply.header('retry-after', '60');
    return sendRefusal(request, reply, refusal);
  };
  app.setErrorHandler(answer);
  app.setNotFoundHandler(async (request, reply) =>
    sendRefusal(request, reply, { status: 404, code: 'not_found', messageKey: 'error.notFound' }));
  return answer;
}
