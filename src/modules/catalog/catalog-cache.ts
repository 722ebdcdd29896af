import type { ChangeFeed } from '../../platform/db/change-feed.ts';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import { findCountry } from '../country/index.ts';
import { listAgencies, type AgencyRow } from '../agencies/index.ts';
import type { Country } from '../packs/index.ts';
import { listPublicServices, type ServiceRow } from './store.ts';

/** What every catalog page shows: the country, its agencies and their open services (in agency, then id, order). */
export interface Catalog { version: string; country: Country; agencies: AgencyRow[]; services: ServiceRow[] }

const db = tablesOf<{ catalog_version: { id: number; n: string } }>;

/**
 * The catalog held in memory and read again only when its version row (moved by triggers on every
 * change, migration 0003) has moved: a request costs one one-row read instead of the whole catalog,
 * and none while the node listens on the triggers' channel (migration 0004) and nothing was told.
 * Requests that arrive while a read is under way share it.
 */
export class CatalogCache {
  private held: Catalog | null = null;
  private heldAt: number | null = null;
  private reading: Promise<Catalog> | null = null;

  constructor(private readonly conn: AnyDb, private readonly changes?: ChangeFeed) {}

  current(): Promise<Catalog> {
    const mark = this.changes?.mark() ?? null;
    if (this.held && mark !== null && mark === this.heldAt) return Promise.resolve(this.held);
    this.reading ??= this.read(mark).finally(() => { this.reading = null; });
    return this.reading;
  }

  /** Whether `version` is the catalog's version now, known without a read: the copy held is current and is that version. */
  holds(version: string): boolean {
    const mark = this.changes?.mark() ?? null;
    return this.held !== null && mark !== null && mark === this.heldAt && this.held.version === version;
  }

  /** `mark` is taken before the read: a change told while it runs leaves the copy to be read again. */
  private async read(mark: number | null): Promise<Catalog> {
    const { n: version } = await db(this.conn).selectFrom('catalog_version').select('n').where('id', '=', 1).executeTakeFirstOrThrow();
    if (this.held?.version !== String(version)) {
      const [country, agencies, services] = await Promise.all([findCountry(this.conn), listAgencies(this.conn), listPublicServices(this.conn)]);
      this.held = { version: String(version), country: country as Country, agencies, services };
    }
    this.heldAt = mark;
    return this.held;
  }
}
