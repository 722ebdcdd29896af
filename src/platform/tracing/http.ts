import type * as Api from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { trafficKeyOf } from '../http/traffic.ts';
import { activeTracing } from './tracing.ts';

/**
 * A server span for every request, named by its route template, continuing the caller's W3C
 * trace context; the steps of the request run inside it, and its log lines carry the trace id.
 * Nothing is registered when tracing is off. Register before every other hook, so the span spans them.
 */
export function registerTracing(app: FastifyInstance): void {
  const otel = activeTracing();
  if (!otel) return;
  const { api, tracer } = otel;
  const spans = new WeakMap<FastifyRequest, { span: Api.Span; ctx: Api.Context }>();

  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    const parent = api.propagation.extract(api.ROOT_CONTEXT, request.headers);
    // The route template, never the path: a path may hold a resident's number.
    const span = tracer.startSpan(route ? `${request.method} ${route}` : request.method, {
      kind: api.SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, ...(route ? { 'http.route': route } : {}), 'hanaro.request_id': request.id },
    }, parent);
    const ctx = api.trace.setSpan(parent, span);
    spans.set(request, { span, ctx });
    const { traceId, spanId, traceFlags } = span.spanContext();
    // Both loggers: Fastify's "request completed" line is the reply's.
    if (traceFlags & api.TraceFlags.SAMPLED) request.log = reply.log = request.log.child({ trace_id: traceId, span_id: spanId });
    api.context.with(ctx, done);
  });
  // Reading a body runs in the socket's async context: the steps after it go back into the span's.
  app.addHook('preValidation', (request, _reply, done) => {
    const held = spans.get(request);
    if (held) api.context.with(held.ctx, done);
    else done();
  });
  const end = (request: FastifyRequest, status: number | null) => {
    const held = spans.get(request);
    if (!held) return;
    spans.delete(request);
    const { agencyId, serviceId } = trafficKeyOf(request);
    held.span.setAttributes({ 'hanaro.agency': agencyId, 'hanaro.service': serviceId });
    if (status === null) {
      held.span.setAttribute('error.type', 'aborted');
    } else {
      held.span.setAttribute('http.response.status_code', status);
      if (status >= 500) {
        held.span.setAttribute('error.type', String(status));
        held.span.setStatus({ code: api.SpanStatusCode.ERROR });
      }
    }
    held.span.end();
  };
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request, null);
    done();
  });
}
