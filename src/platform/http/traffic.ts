import type { FastifyRequest } from 'fastify';

/** Upper bounds of the latency buckets, in milliseconds; one more bucket holds everything slower. */
export const LATENCY_BOUNDS_MS: readonly number[] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
/** Requests that no route tagged with an agency: the platform's own pages and unmatched URLs. */
export const PLATFORM_AGENCY = 'platform';
export const UNMATCHED_SERVICE = 'unmatched';
/** Minutes kept in memory: enough for a flush to be retried after the database was away a while. */
const MINUTES_KEPT = 60;

export interface ServiceTag { agencyId: string; serviceId: string | null }

/** What one node saw of one agency's service in one minute. */
export interface MinuteFigures {
  requests: number; errors5xx: number; errors4xx: number; throttled: number; durationMs: number;
  /** Counts per latency bucket, LATENCY_BOUNDS_MS.length + 1 of them. */
  latency: number[];
}

export interface MinuteRow extends MinuteFigures { minute: Date; agencyId: string; serviceId: string }

interface Slot { minute: number; figures: Map<string, MinuteFigures>; dirty: boolean }

/**
 * The requests this node answered, per minute and per agency and service, in a fixed ring of
 * minute slots: recording is a map lookup and a few additions, so it can run on every request.
 */
export class TrafficRecorder {
  private readonly slots: Slot[] = Array.from({ length: MINUTES_KEPT }, () => ({ minute: -1, figures: new Map(), dirty: false }));

  record(agencyId: string, serviceId: string, status: number, ms: number, now = Date.now()): void {
    const minute = Math.floor(now / 60_000);
    const slot = this.slots[minute % MINUTES_KEPT]!;
    if (slot.minute !== minute) {
      slot.minute = minute;
      slot.figures = new Map();
    }
    slot.dirty = true;
    const key = `${agencyId}\n${serviceId}`;
    let f = slot.figures.get(key);
    if (!f) slot.figures.set(key, f = { requests: 0, errors5xx: 0, errors4xx: 0, throttled: 0, durationMs: 0, latency: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0) });
    f.requests++;
    if (status >= 500) f.errors5xx++;
    else if (status >= 400) f.errors4xx++;
    if (status === 429) f.throttled++;
    f.durationMs += ms;
    let b = 0;
    while (b < LATENCY_BOUNDS_MS.length && ms > LATENCY_BOUNDS_MS[b]!) b++;
    f.latency[b]!++;
  }

  /** The whole figures of every minute that changed since the last call (a row replaces what was written before). */
  takeChanged(): MinuteRow[] {
    const rows: MinuteRow[] = [];
    for (const slot of this.slots) {
      if (!slot.dirty) continue;
      slot.dirty = false;
      for (const [key, f] of slot.figures) {
        const [agencyId, serviceId] = key.split('\n') as [string, string];
        rows.push({ minute: new Date(slot.minute * 60_000), agencyId, serviceId, ...f, latency: [...f.latency] });
      }
    }
    return rows;
  }

  /** After a failed write: those minutes are written again next time. */
  markChanged(minutes: readonly Date[]): void {
    for (const m of minutes) {
      const minute = Math.floor(m.getTime() / 60_000);
      const slot = this.slots[minute % MINUTES_KEPT]!;
      if (slot.minute === minute) slot.dirty = true;
    }
  }
}

/** Says which agency's service a request served, once the route has found it: the console counts it there. */
export function tagService(request: FastifyRequest, agencyId: string, serviceId: string | null = null): void {
  request.serviceTag = { agencyId, serviceId };
}

/** Whom a finished request counts for: its tag, else the agency a staff member acted in on an agency's page, else the platform. */
export function trafficKeyOf(request: FastifyRequest): { agencyId: string; serviceId: string } {
  const tag = request.serviceTag;
  if (tag) return { agencyId: tag.agencyId, serviceId: tag.serviceId ?? UNMATCHED_SERVICE };
  const agencyId = request.routeOptions.config?.agencyScoped ? request.staff?.agencyId : null;
  return { agencyId: agencyId ?? PLATFORM_AGENCY, serviceId: UNMATCHED_SERVICE };
}
