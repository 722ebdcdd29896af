import { noFigures, addFigures, type Figures } from './figures.ts';
import type { TrafficPoint } from './store.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A window cut into `count` equal buckets ending with the one that holds `now`. */
export interface Axis { start: number; unitMs: number; count: number }

export function lastHourByMinute(now: number): Axis {
  return { start: Math.floor(now / MINUTE) * MINUTE - 59 * MINUTE, unitMs: MINUTE, count: 60 };
}

export function lastDayByHour(now: number): Axis {
  return { start: Math.floor(now / HOUR) * HOUR - 23 * HOUR, unitMs: HOUR, count: 24 };
}

/** The points laid on the axis, summed per bucket; a bucket without requests has empty figures. */
export function seriesOn(axis: Axis, points: readonly TrafficPoint[]): Figures[] {
  const out = Array.from({ length: axis.count }, noFigures);
  for (const p of points) {
    const i = Math.floor((p.at.getTime() - axis.start) / axis.unitMs);
    if (i >= 0 && i < axis.count) addFigures(out[i]!, p);
  }
  return out;
}

export const bucketTimes = (axis: Axis): Date[] => Array.from({ length: axis.count }, (_, i) => new Date(axis.start + i * axis.unitMs));
