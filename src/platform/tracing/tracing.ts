import type * as Api from '@opentelemetry/api';
import type { Config } from '../config.ts';
import type { Otel } from './sdk.ts';

export type { Otel };

/** An attribute value: never personal data, SQL text or parameters, only ids of agencies, services and such. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

let otel: Otel | null = null;

/** Tracing when it is on, null when OTEL_EXPORTER_OTLP_ENDPOINT is empty. */
export const activeTracing = (): Otel | null => otel;

/**
 * Starts exporting spans to the OTLP/HTTP endpoint, before the database is opened (its driver is
 * traced from then on). Without an endpoint nothing of OpenTelemetry is loaded at all: the SDK is
 * imported here, on demand, so a node that does not trace neither starts slower nor holds more memory.
 */
export async function startTracing(settings: Config['tracing']): Promise<Otel | null> {
  if (!settings.endpoint || otel) return otel;
  const { startSdk } = await import('./sdk.ts');
  otel = await startSdk(settings);
  return otel;
}

/** Sends what is buffered and stops; tracing is off afterwards. */
export async function stopTracing(): Promise<void> {
  const o = otel;
  otel = null;
  await o?.shutdown();
}

/**
 * Runs `work` in a span that is the child of the active one and the parent of those `work` starts.
 * A failure marks the span with the error's code only: messages may name the data they refused.
 */
export function inSpan<T>(name: string, attributes: SpanAttributes, work: (span: Api.Span | null) => Promise<T>, kind?: 'client' | 'server'): Promise<T> {
  if (!otel) return work(null);
  const { api, tracer } = otel;
  const spanKind = kind === 'client' ? api.SpanKind.CLIENT : kind === 'server' ? api.SpanKind.SERVER : api.SpanKind.INTERNAL;
  return tracer.startActiveSpan(name, { kind: spanKind, attributes: defined(attributes) }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      markFailed(api, span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The W3C trace context of the active span, for a request Hanaro makes (over HTTP or `app.inject`). */
export function traceHeaders(): Record<string, string> {
  if (!otel) return {};
  const headers: Record<string, string> = {};
  otel.api.propagation.inject(otel.api.context.active(), headers);
  return headers;
}

export function markFailed(api: typeof Api, span: Api.Span, err: unknown): void {
  const e = err as { reason?: unknown; code?: unknown; name?: unknown } | null;
  const type = [e?.reason, e?.code, e?.name].find((v) => typeof v === 'string' && v) as string | undefined;
  span.setAttribute('error.type', type ?? 'Error');
  span.setStatus({ code: api.SpanStatusCode.ERROR });
}

export function defined(attributes: SpanAttributes): Api.Attributes {
  const out: Api.Attributes = {};
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out[k] = v;
  return out;
}
