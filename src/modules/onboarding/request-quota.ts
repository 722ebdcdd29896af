import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { resolveApiCaller, type BearerVerifier } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import type { AgencyQuotas } from '../packs/index.ts';
import { listQuotas, quotasVersion } from './store.ts';

/** How often a node asks whether another node changed a quota: one row read per interval. */
const VERSION_CHECK_MS = 5_000;
/** How long a bearer token's agency is remembered, so counting costs no database read per call. */
const TOKEN_MEMORY_MS = 60_000;

/**
 * Each agency's requests per minute, counted on this node (a fixed one-minute window per agency:
 * a map lookup and an addition). The limits are the agency_quotas rows, reloaded when their version
 * moves, so a quota set on one node reaches the others within VERSION_CHECK_MS.
 */
export class RequestQuotas {
  private limits = new Map<string, AgencyQuotas>();
  private version = '';
  private checkedAt = 0;
  private readonly windows = new Map<string, { minute: number; count: number; refused: number }>();

  constructor(private readonly conn: AnyDb) {}

  /** Reloads now (this node changed a quota) instead of waiting for the next version check. */
  async reload(): Promise<void> {
    this.version = await quotasVersion(this.conn);
    this.limits = await listQuotas(this.conn);
    this.checkedAt = Date.now();
  }

  private async fresh(now: number): Promise<void> {
    if (now - this.checkedAt < VERSION_CHECK_MS) return;
    this.checkedAt = now;
    const version = await quotasVersion(this.conn);
    if (version !== this.version) await this.reload();
  }

  /** Counts one request of the agency; the seconds to wait when it is over its quota, else null. */
  async hit(agencyId: string, now = Date.now()): Promise<number | null> {
    await this.fresh(now);
    const limit = this.limits.get(agencyId)?.requestsPerMinute;
    if (!limit) return null;
    const minute = Math.floor(now / 60_000);
    let w = this.windows.get(agencyId);
    if (!w || w.minute !== minute) this.windows.set(agencyId, w = { minute, count: 0, refused: 0 });
    w.count++;
    if (w.count <= limit) return null;
    w.refused++;
    return Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
  }

  /** This minute's requests and refusals of the agency on this node. */
  use(agencyId: string, now = Date.now()): { requests: number; refused: number } {
    const w = this.windows.get(agencyId);
    return w && w.minute === Math.floor(now / 60_000) ? { requests: w.count, refused: w.refused } : { requests: 0, refused: 0 };
  }
}

/**
 * Counts each request against its agency's quota before its handler runs: agency API calls under
 * /govstack/ by the caller's agency, office pages by the agency the staff member acts for. Over the
 * quota the answer is 429 with Retry-After. Registered at the root, ahead of the modules' routes.
 */
export function requestQuotaHook(quotas: RequestQuotas, verifiers: readonly BearerVerifier[]) {
  const tokens = new Map<string, { agencyId: string | null; until: number }>();
  const apiAgency = async (request: FastifyRequest): Promise<string | null> => {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return null;
    const now = Date.now();
    // Remembered by a digest, so no bearer secret outlives its request in this map.
    const key = createHash('sha256').update(header).digest('base64url');
    const known = tokens.get(key);
    if (known && known.until > now) return known.agencyId;
    const agencyId = (await resolveApiCaller(request, verifiers))?.agencyId ?? null;
    if (tokens.size > 10_000) tokens.clear();
    tokens.set(key, { agencyId, until: now + TOKEN_MEMORY_MS });
    return agencyId;
  };
  const plugin = async function requestQuota(app: FastifyInstance) {
    app.addHook('preHandler', async (request, reply) => {
      const url = request.url;
      const agencyId = url.startsWith('/govstack/') ? await apiAgency(request)
        : url.startsWith('/office') ? request.staff?.agencyId ?? null : null;
      if (!agencyId) return;
      const retryAfter = await quotas.hit(agencyId);
      if (retryAfter === null) return;
      // Counted for the agency in the console's traffic (its throttled requests), whatever route it asked for.
      if (!request.serviceTag) tagService(request, agencyId);
      reply.header('retry-after', String(retryAfter));
      // The one error handler answers: JSON {code, message} to API callers, the error page to a person.
      throw new AppError(429, 'quota_exceeded', 'onboarding.quota.exceeded', { vars: { seconds: retryAfter }, detail: `agency ${agencyId} is over its requests per minute` });
    });
  };
  // Its hook must reach every route, so the plugin opts out of encapsulation (what fastify-plugin does).
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
