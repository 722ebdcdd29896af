import type { AnyDb } from '../../platform/db/database.ts';
import { listPublicServices, searchPublicServices, type BrowseFilter, type ServiceRow } from './store.ts';

export interface ServiceFilter extends BrowseFilter { q: string }

/** Longer queries are cut here: no service title or synonym is longer, and trigram work grows with length. */
export const MAX_QUERY_LENGTH = 100;

const compact = (s: string) => s.toLowerCase().replace(/[\s\p{P}]+/gu, '');
// "e" or "ta" would be part of nearly every English text; one Hangul syllable is a real word.
const worthPartialMatch = (s: string) => compact(s).length >= 3 || (/[^\p{ASCII}]/u.test(s) && compact(s).length >= 1);

/** Cleans what was typed into the search box: the query every page and search works with. */
export function normalizeQuery(raw: string | undefined): string {
  return (raw ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH).trim();
}

/** The open services already read (`listPublicServices`, in its order) within a category or life event. */
const browseListed = (listed: readonly ServiceRow[], b: BrowseFilter) =>
  listed.filter((s) => (!b.category || s.category === b.category) && (!b.lifeEvent || s.life_events.includes(b.lifeEvent)));

/**
 * Open services for a query in any pack language, best match first, within a category or life
 * event if one is chosen. Finds a word from its start or any part of it, with a typo, or by a
 * synonym the pack lists. An empty query lists the services to browse: from `listed` when given
 * (every open service, as the catalog cache holds them).
 */
export async function findServices(conn: AnyDb, filter: ServiceFilter, locale: string, listed?: readonly ServiceRow[]): Promise<ServiceRow[]> {
  const text = normalizeQuery(filter.q);
  const browse: BrowseFilter = { ...(filter.category ? { category: filter.category } : {}), ...(filter.lifeEvent ? { lifeEvent: filter.lifeEvent } : {}) };
  if (!compact(text)) return text ? [] : listed ? browseListed(listed, browse) : listPublicServices(conn, browse);
  const words = text.split(' ').filter(worthPartialMatch);
  return searchPublicServices(conn, { ...browse, text, words, locale, partialMatch: worthPartialMatch(text) });
}
