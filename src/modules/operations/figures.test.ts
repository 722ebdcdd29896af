import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrafficRecorder } from '../../platform/http/traffic.ts';
import { budgetRemaining, burnAlert, burnRate, healthOf, noFigures, percentile, sumFigures, type Figures } from './figures.ts';

/** Figures of requests that took these milliseconds, the first `failed` of them with a 503. */
function figuresOf(ms: number[], failed = 0): Figures {
  const recorder = new TrafficRecorder();
  ms.forEach((m, i) => recorder.record('interior', 'moving-in-report', i < failed ? 503 : 200, m, Date.UTC(2026, 0, 1, 9, 30)));
  return sumFigures(recorder.takeChanged());
}

describe('percentiles from latency buckets', () => {
  it('interpolates inside the bucket, as Prometheus does', () => {
    // 100 requests: 50 at 3 ms (bucket ≤5), 40 at 40 ms (≤50), 10 at 700 ms (≤1000).
    const f = figuresOf([...Array(50).fill(3), ...Array(40).fill(40), ...Array(10).fill(700)]);
    assert.equal(f.requests, 100);
    assert.equal(percentile(f.latency, 0.5), 5); // rank 50 is the last of the first bucket
    assert.equal(percentile(f.latency, 0.9), 50);
    assert.equal(percentile(f.latency, 0.95), 500 + 500 * 0.5);
    assert.equal(percentile(f.latency, 0.99), 500 + 500 * 0.9);
  });

  it('has no percentile without requests, and the lower bound in the slowest bucket', () => {
    assert.equal(percentile(noFigures().latency, 0.5), null);
    assert.equal(percentile(figuresOf([9000, 9000]).latency, 0.99), 5000);
  });

  it('adds nodes and minutes bucket by bucket', () => {
    const both = sumFigures([figuresOf([3, 3]), figuresOf([700], 1)]);
    assert.equal(both.requests, 3);
    assert.equal(both.errors5xx, 1);
    assert.equal(both.latency[0], 2);
  });
});

describe('error budgets and burn rates', () => {
  const slo = { availability: 99.9, latencyP95Ms: 500 };

  it('burns at 1 when errors are exactly what the SLO allows', () => {
    const f = { ...noFigures(), requests: 10_000, errors5xx: 10 };
    assert.ok(Math.abs(burnRate(f, slo) - 1) < 1e-9);
    assert.ok(Math.abs(budgetRemaining(f, slo)) < 1e-9);
    assert.ok(Math.abs(budgetRemaining({ ...f, errors5xx: 3 }, slo) - 0.7) < 1e-9);
    assert.ok(budgetRemaining({ ...f, errors5xx: 20 }, slo) < 0);
  });

  it('pages on a fast burn in both windows, opens a ticket on a slow one, and is quiet when the short window recovered', () => {
    assert.equal(burnAlert({ h1: 20, m5: 15, h6: 3, m30: 10 }), 'page');
    assert.equal(burnAlert({ h1: 20, m5: 0, h6: 3, m30: 1 }), 'none');
    assert.equal(burnAlert({ h1: 5, m5: 5, h6: 7, m30: 6 }), 'ticket');
  });

  it('says a service is up, degraded (errors or slowness over the SLO), down or idle', () => {
    assert.equal(healthOf(figuresOf(Array(100).fill(20)), slo), 'up');
    assert.equal(healthOf(figuresOf(Array(100).fill(20), 2), slo), 'degraded');
    assert.equal(healthOf(figuresOf(Array(100).fill(800)), slo), 'degraded');
    assert.equal(healthOf(figuresOf(Array(10).fill(20), 6), slo), 'down');
    assert.equal(healthOf(noFigures(), slo), 'idle');
  });
});
