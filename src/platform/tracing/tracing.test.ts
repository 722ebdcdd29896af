import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { databaseTargets } from '../../../test/support/databases.ts';
import { childBornThreeYearsAgo, DEMO_CHILDREN, DEMO_RESIDENTS, startTestPlatform, Visitor } from '../../../test/support/platform.ts';
import { registerTracing } from './http.ts';
import { inSpan, startTracing, stopTracing, traceHeaders, type Otel } from './tracing.ts';

/** A span as the OTLP/HTTP JSON encoding sends it (ids in hex). */
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** A real OTLP/HTTP receiver on a loopback port: it keeps every span the exporter posts to /v1/traces. */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; resources: Record<string, unknown>[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const resources: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { resource: Record<string, unknown>; scopeSpans: { spans: OtlpSpan[] }[] }[] };
      for (const rs of body.resourceSpans) {
        resources.push(rs.resource);
        for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, resources, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const attr = (span: OtlpSpan, key: string): unknown => {
  const v = span.attributes.find((a) => a.key === key)?.value;
  return v && Object.values(v)[0];
};
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const { dohyun } = DEMO_RESIDENTS;
const { minjae } = DEMO_CHILDREN;

describe('traces follow one request from the portal through the information mediator to the registry', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let otel: Otel;
  before(async () => {
    receiver = await startReceiver();
    otel = (await startTracing({ endpoint: receiver.url, serviceName: 'hanaro-test', sampleRatio: 1 }))!;
  });
  after(async () => {
    await stopTracing();
    await receiver.close();
  });

  // One database is enough: the trace is the same on both (PostgreSQL when CI names one).
  const target = databaseTargets().at(-1)!;
  it(`one trace links the portal request, the exchange hops and the registry reads, with no personal data [${target.name}]`, async () => {
    const platform = await startTestPlatform(target);
    try {
      await childBornThreeYearsAgo(platform.database.db, minjae.idNumber);
      const resident = new Visitor(platform.app, { 'accept-language': 'en' });
      await resident.signUp(dohyun);
      await resident.post('/services/child-allowance/apply', {}, '/services/child-allowance/apply');
      // The caller's trace (a gateway in front of Hanaro, say) is continued, not replaced.
      const callerTrace = hex(16);
      const callerSpan = hex(8);
      resident.headers.traceparent = `00-${callerTrace}-${callerSpan}-01`;
      const agreed = await resident.post('/services/child-allowance/apply/consent', { decision: 'agree' }, '/services/child-allowance/apply/consent');
      assert.match(String(agreed.headers.location), /\/me\/applications\/[0-9a-f-]{36}/, `the draft opens: ${agreed.statusCode}`);
      delete resident.headers.traceparent;
      await otel.flush();
    } finally {
      await platform.close();
    }

    assert.ok(receiver.resources.every((r) => JSON.stringify(r).includes('"hanaro-test"')), 'service.name is the configured one');
    const server = receiver.spans.find((s) => s.name === 'POST /services/:id/apply/consent' && s.parentSpanId)!;
    assert.ok(server, `a server span named by the route template: ${[...new Set(receiver.spans.map((s) => s.name))].join(', ')}`);
    const trace = receiver.spans.filter((s) => s.traceId === server.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const parentOf = (s: OtlpSpan) => s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    const ancestors = (s: OtlpSpan) => {
      const names: string[] = [];
      for (let p = parentOf(s); p; p = parentOf(p)) names.push(p.name);
      return names;
    };
    assert.equal(attr(server, 'http.route'), '/services/:id/apply/consent');
    assert.equal(attr(server, 'http.response.status_code'), 303);
    assert.equal(typeof attr(server, 'hanaro.agency'), 'string', 'the agency the traffic figures count it under');
    assert.equal(server.kind, 2, 'SPAN_KIND_SERVER');

    const posts = receiver.spans.filter((s) => s.name === 'POST /services/:id/apply/consent');
    assert.equal(posts.length, 1);
    assert.ok(receiver.spans.some((s) => s.name === 'GET /services/:id/apply/consent' && s.traceId === server.traceId), 'the page before it, under the same caller');

    const reads = trace.filter((s) => s.name === 'registries.read');
    assert.deepEqual(reads.map((s) => attr(s, 'hanaro.registry')).sort(), ['family-relations', 'residents'], 'proof of residence and family relations, both in this trace');
    for (const read of reads) {
      assert.equal(attr(read, 'hanaro.registry.record_count') !== undefined, true);
      assert.deepEqual(ancestors(read).slice(0, 5), ['exchange.provide', 'exchange.mediate', 'exchange.request', 'applications.fetch_agency_data', 'applications.agree_and_fetch']);
      assert.equal(ancestors(read).at(-1), 'POST /services/:id/apply/consent', 'up to the portal request');
    }
    const mediated = trace.filter((s) => s.name === 'exchange.mediate');
    assert.equal(mediated.length, 2);
    for (const m of mediated) {
      assert.equal(attr(m, 'hanaro.exchange.client_agency'), 'welfare');
      assert.equal(attr(m, 'hanaro.exchange.provider_agency'), 'interior');
      assert.equal(attr(m, 'hanaro.exchange.verified'), true);
    }
    const requested = trace.filter((s) => s.name === 'exchange.request');
    assert.ok(requested.every((s) => s.kind === 3 && attr(s, 'hanaro.exchange.message_id')), 'the consumer\'s request is a client span naming the exchange message');
    const transactions = trace.filter((s) => s.name === 'db transaction');
    assert.ok(transactions.some((s) => Number(attr(s, 'hanaro.db.statements')) > 5 && attr(s, 'hanaro.db.outcome') === 'commit'), 'the draft, consent and fetch commit in one transaction, its statements counted');

    const sent = JSON.stringify(receiver.spans);
    for (const secret of [dohyun.idNumber, dohyun.idNumber.replace('-', ''), dohyun.name, minjae.idNumber, minjae.name, '16 Deungdae-gil']) {
      assert.ok(!sent.includes(secret), `no span carries ${secret}`);
    }
    assert.ok(!receiver.spans.some((s) => s.attributes.some((a) => /^db\.(statement|query\.text)$/.test(a.key))), 'no SQL text');
  });

  it('a request\'s log lines carry its trace id; an unsampled caller\'s trace is not recorded; inner requests carry traceparent', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>); done(); } });
    const app = Fastify({ logger: { level: 'info', stream } });
    registerTracing(app);
    app.get('/work/:id', async (request) => {
      request.log.info('working');
      return inSpan('work.step', {}, async () => traceHeaders());
    });
    await app.ready();
    try {
      const trace = hex(16);
      const sampled = await app.inject({ url: '/work/1', headers: { traceparent: `00-${trace}-${hex(8)}-01` } });
      const inner = (sampled.json() as { traceparent: string }).traceparent;
      assert.match(inner, new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`), 'what Hanaro sends on continues the same trace');
      const working = lines.find((l) => l.msg === 'working')!;
      assert.equal(working.trace_id, trace);
      assert.equal(lines.find((l) => l.msg === 'request completed')?.trace_id, trace);

      lines.length = 0;
      const unsampledTrace = hex(16);
      await app.inject({ url: '/work/2', headers: { traceparent: `00-${unsampledTrace}-${hex(8)}-00` } });
      assert.equal(lines.find((l) => l.msg === 'working')?.trace_id, undefined, 'no trace id that leads nowhere');
      await otel.flush();
      assert.ok(receiver.spans.some((s) => s.traceId === trace && s.name === 'GET /work/:id'));
      assert.ok(receiver.spans.some((s) => s.traceId === trace && s.name === 'work.step' && inner.includes(s.spanId)), 'the inner request\'s parent is the span that sent it');
      assert.ok(!receiver.spans.some((s) => s.traceId === unsampledTrace), 'a caller that did not sample is followed');
    } finally {
      await app.close();
    }
  });
});
