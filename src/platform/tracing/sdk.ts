import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config.ts';

/** What the kernel holds once tracing is on: the API, one tracer, and the provider to flush on exit. */
export interface Otel {
  api: typeof api;
  tracer: api.Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Loaded only when tracing is on (see startTracing). */
export async function startSdk(o: Config['tracing']): Promise<Otel> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: o.serviceName }),
    // A caller that sampled its trace gets ours too, whatever the ratio: one request stays one whole trace.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(o.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${o.endpoint.replace(/\/$/, '')}/v1/traces` }) })],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(provider);
  return {
    api,
    tracer: provider.getTracer('hanaro'),
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      api.trace.disable();
      api.propagation.disable();
      api.context.disable();
    },
  };
}
