import type { ServiceRow } from './store.ts';

const normalize = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s'’\-_.]+/g, '');

/**
 * Matches a query against every language's title, summary and keywords. Spaces and apostrophes
 * are ignored ("drivers license" = "driver's license"), and Korean is matched on any part of a word.
 */
export function findServices(services: ServiceRow[], filter: { q: string; category?: string; lifeEvent?: string }): ServiceRow[] {
  const words = filter.q.split(/\s+/).map(normalize).filter(Boolean);
  return services.filter((s) => {
    if (filter.category && s.category !== filter.category) return false;
    if (filter.lifeEvent && !s.life_events.includes(filter.lifeEvent)) return false;
    if (!words.length) return true;
    const d = s.definition;
    const haystack = normalize([...Object.values(d.title), ...Object.values(d.summary), ...Object.values(d.keywords ?? {}).flat()].join('|'));
    return words.every((w) => haystack.includes(w)) || haystack.includes(words.join(''));
  });
}
