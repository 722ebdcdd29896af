import { sql } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { upsertPackRow, retirePackRowsExcept, type Change } from '../../platform/db/pack-rows.ts';
import type { Service } from '../packs/index.ts';

export interface ServiceRow {
  id: string; agency_id: string; category: string; life_events: string[]; popular: boolean;
  definition: Service; content_hash: string; open: boolean;
  created_at: Date; updated_at: Date; retired_at: Date | null;
}
interface Tables { services: ServiceRow }
const db = tablesOf<Tables>;

const live = (conn: AnyDb) => db(conn).selectFrom('services').selectAll().where('retired_at', 'is', null);

export interface BrowseFilter { category?: string; lifeEvent?: string }

/** What residents see: open services of every agency. */
export async function listPublicServices(conn: AnyDb, filter: BrowseFilter & { agencyId?: string; popular?: boolean } = {}): Promise<ServiceRow[]> {
  let q = live(conn).where('open', '=', true);
  if (filter.agencyId) q = q.where('agency_id', '=', filter.agencyId);
  if (filter.category) q = q.where('category', '=', filter.category);
  if (filter.lifeEvent) q = q.where(sql<boolean>`${filter.lifeEvent} = any (life_events)`);
  if (filter.popular) q = q.where('popular', '=', true);
  return q.orderBy('agency_id').orderBy('id').execute();
}

export interface SearchQuery extends BrowseFilter {
  /** The query as typed (trimmed); `words` its words worth matching as parts of other words. */
  text: string; words: string[]; locale: string; partialMatch: boolean;
}

// How close (pg_trgm word_similarity, 0–1) a query must come to a title or synonym to count as
// a typo of it; tuned on the demo pack (bench/search.ts). Summaries are prose: typo matches there
// were mostly noise, so they match on words and parts of words only.
const TYPO_THRESHOLD = 0.5;

/**
 * Open services matching a query in any pack language, best first: a title hit outranks a
 * synonym, which outranks the summary or agency name; the reader's own language breaks ties.
 */
export async function searchPublicServices(conn: AnyDb, q: SearchQuery): Promise<ServiceRow[]> {
  const partial = sql.lit(q.partialMatch);
  const { rows } = await sql<ServiceRow>`
    with q as (
      select catalog_search_form(${q.text}) as form, catalog_compact_form(${q.text}) as compact,
        array(select catalog_compact_form(w) from unnest(${q.words}::text[]) as w) as words
    ),
    scored as (
      select t.service_id, t.locale,
        word_similarity(q.form, t.title) as title_sim,
        word_similarity(q.form, t.keywords) as keywords_sim,
        word_similarity(q.form, t.other) as other_sim,
        ${partial} and strpos(t.title_compact, q.compact) > 0 as in_title,
        ${partial} and strpos(t.keywords_compact, q.compact) > 0 as in_keywords,
        ${partial} and strpos(t.other_compact, q.compact) > 0 as in_other,
        ${partial} and cardinality(q.words) > 1 and (select bool_and(strpos(t.title_compact || '|' || t.keywords_compact || '|' || t.other_compact, w) > 0)
          from unnest(q.words) as w) as all_words
      from service_search_texts t cross join q
    ),
    ranked as (
      select service_id, max(greatest(
          title_sim + case when in_title then 0.6 else 0 end,
          0.9 * keywords_sim + case when in_keywords then 0.5 else 0 end,
          0.6 * other_sim + case when in_other or all_words then 0.3 else 0 end)
        + case when locale = ${q.locale} then 0.05 else 0 end) as score
      from scored
      where in_title or in_keywords or in_other or all_words
        or title_sim >= ${TYPO_THRESHOLD} or keywords_sim >= ${TYPO_THRESHOLD}
      group by service_id
    )
    select s.* from services s join ranked r on r.service_id = s.id
    where (${q.category ?? null}::text is null or s.category = ${q.category ?? null})
      and (${q.lifeEvent ?? null}::text is null or ${q.lifeEvent ?? null} = any (s.life_events))
    order by r.score desc, s.id`.execute(conn);
  return rows;
}

/** A live service whether open or closed: for applications already under way. */
export async function findService(conn: AnyDb, id: string): Promise<ServiceRow | undefined> {
  return live(conn).where('id', '=', id).executeTakeFirst();
}

/** The ids of every live service: cheap enough to list where only ids are needed. */
export async function listServiceIds(conn: AnyDb): Promise<string[]> {
  return (await db(conn).selectFrom('services').select('id').where('retired_at', 'is', null).execute()).map((r) => r.id);
}

export async function listAgencyServices(conn: AnyDb, scope: AgencyScope): Promise<ServiceRow[]> {
  return live(conn).where('agency_id', '=', scope.agencyId).orderBy('id').execute();
}

export async function findAgencyService(conn: AnyDb, scope: AgencyScope, id: string): Promise<ServiceRow | undefined> {
  return live(conn).where('agency_id', '=', scope.agencyId).where('id', '=', id).executeTakeFirst();
}

export async function setServiceOpen(trx: AnyDb, scope: AgencyScope, id: string, open: boolean): Promise<boolean> {
  const r = await db(trx).updateTable('services').set({ open, updated_at: new Date() })
    .where('agency_id', '=', scope.agencyId).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function upsertService(trx: AnyDb, s: Service, contentHash: string): Promise<Change> {
  return upsertPackRow(trx, 'services', {
    id: s.id, agency_id: s.agency, category: s.category, life_events: s.lifeEvents ?? [], popular: s.popular ?? false,
    definition: JSON.stringify(s), content_hash: contentHash,
  });
}

export const retireServicesExcept = (trx: AnyDb, keep: string[]) => retirePackRowsExcept(trx, 'services', keep);
