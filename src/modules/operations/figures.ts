import { LATENCY_BOUNDS_MS } from '../../platform/http/traffic.ts';

/** Requests of some window, summed over nodes: the console's arithmetic works on these. */
export interface Figures {
  requests: number; errors5xx: number; errors4xx: number; throttled: number; durationMs: number;
  /** Counts per latency bucket (LATENCY_BOUNDS_MS, then slower). */
  latency: number[];
}

export interface Slo { availability: number; latencyP95Ms: number }
export type Health = 'up' | 'degraded' | 'down' | 'idle';

/** The SRE workbook's thresholds: 14.4 for an hour spends 2 % of a 30-day budget (page), 6 for six hours spends 5 % (ticket). */
export const FAST_BURN = 14.4;
export const SLOW_BURN = 6;
/** Half the requests failing is an outage, not a degradation. */
const DOWN_ERROR_RATE = 0.5;

export function noFigures(): Figures {
  return { requests: 0, errors5xx: 0, errors4xx: 0, throttled: 0, durationMs: 0, latency: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0) };
}

export function addFigures(into: Figures, f: Figures): Figures {
  into.requests += f.requests;
  into.errors5xx += f.errors5xx;
  into.errors4xx += f.errors4xx;
  into.throttled += f.throttled;
  into.durationMs += f.durationMs;
  f.latency.forEach((n, i) => { into.latency[i] = (into.latency[i] ?? 0) + n; });
  return into;
}

export const sumFigures = (all: Iterable<Figures>): Figures => {
  const total = noFigures();
  for (const f of all) addFigures(total, f);
  return total;
};

/**
 * The q-quantile (0..1) in milliseconds, interpolated inside its bucket as Prometheus'
 * histogram_quantile does; in the slowest bucket it is that bucket's lower bound. Null without requests.
 */
export function percentile(latency: readonly number[], q: number): number | null {
  const total = latency.reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = q * total;
  let below = 0;
  for (let b = 0; b < latency.length; b++) {
    const n = latency[b]!;
    if (n > 0 && below + n >= rank) {
      const lower = b === 0 ? 0 : LATENCY_BOUNDS_MS[b - 1]!;
      const upper = LATENCY_BOUNDS_MS[b];
      return upper === undefined ? lower : lower + (upper - lower) * ((rank - below) / n);
    }
    below += n;
  }
  return LATENCY_BOUNDS_MS.at(-1)!;
}

/** Server errors per request; 4xx are the caller's mistakes and do not spend the budget. */
export const errorRate = (f: Figures): number => (f.requests ? f.errors5xx / f.requests : 0);

/** How many times faster than the SLO allows the error budget is being spent (1 = exactly on budget). */
export function burnRate(f: Figures, slo: Slo): number {
  return errorRate(f) / (1 - slo.availability / 100);
}

/** The share of the window's error budget still left (negative once overspent). */
export function budgetRemaining(f: Figures, slo: Slo): number {
  const allowed = f.requests * (1 - slo.availability / 100);
  if (!f.requests) return 1;
  return 1 - f.errors5xx / allowed;
}

/** Multiwindow alerting: the long window says it matters, the short one that it is still happening. */
export function burnAlert(w: { h1: number; m5: number; h6: number; m30: number }): 'page' | 'ticket' | 'none' {
  if (w.h1 >= FAST_BURN && w.m5 >= FAST_BURN) return 'page';
  if (w.h6 >= SLOW_BURN && w.m30 >= SLOW_BURN) return 'ticket';
  return 'none';
}

export function healthOf(f: Figures, slo: Slo): Health {
  if (!f.requests) return 'idle';
  if (errorRate(f) >= DOWN_ERROR_RATE) return 'down';
  const p95 = percentile(f.latency, 0.95) ?? 0;
  return errorRate(f) > 1 - slo.availability / 100 || p95 > slo.latencyP95Ms ? 'degraded' : 'up';
}
