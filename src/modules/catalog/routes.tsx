import type { FastifyInstance } from 'fastify';
import type { ChangeFeed } from '../../platform/db/change-feed.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import type { AgencyRow } from '../agencies/index.ts';
import { listBundles } from '../bundles/index.ts';
import type { DataService, Service } from '../packs/index.ts';
import { CatalogCache, type Catalog } from './catalog-cache.ts';
import { findServices, normalizeQuery, type ServiceFilter } from './find-services.ts';
import { AgenciesPage, AgencyPage, HomePage, ServicePage, ServicesPage } from './views/pages.tsx';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

/** What the catalog shows of the once-only exchange: the papers a service gets from other agencies instead. */
export interface CatalogOptions {
  findDataService: (conn: AnyDb, id: string) => Promise<DataService | undefined>;
  /** Documents residents no longer had to bring, every agency's submitted applications together. */
  documentsSpared: (conn: AnyDb) => Promise<number>;
  /** The catalog's change notices (`Database.changes('hanaro_catalog')`); without them every request reads the version row. */
  changes?: ChangeFeed;
}

export function catalogRoutes(conn: AnyDb, opts: CatalogOptions) {
  const cache = new CatalogCache(conn, opts.changes);
  const catalog = () => cache.current();
  /** A page showing only the catalog may be sent by the front door while the catalog held is current. */
  const whileCurrent = (c: Catalog) => () => cache.holds(c.version);
  /** Each paper the service gets from another agency instead of the resident, with that agency. */
  const papersFetched = async (s: Service, c: Catalog) => {
    const out: { ds: DataService; agency: AgencyRow | undefined }[] = [];
    for (const id of s.dataFromOtherAgencies ?? []) {
      const ds = await opts.findDataService(conn, id);
      if (ds) out.push({ ds, agency: c.agencies.find((a) => a.id === ds.agency) });
    }
    return out;
  };
  return async function routes(app: FastifyInstance) {
    app.get('/', async (_request, reply) => {
      const [c, count] = await Promise.all([catalog(), opts.documentsSpared(conn)]);
      return reply.publicPage(`${c.version}/${count}`, async () => (shell) => <HomePage shell={shell} catalog={c} documentsSpared={count} />);
    });

    app.get('/agencies', async (_request, reply) => {
      const c = await catalog();
      return reply.publicPage(c.version, async () => (shell) => <AgenciesPage shell={shell} catalog={c} />, whileCurrent(c));
    });

    app.get('/agencies/:id', { schema: { params: idParam } }, async (request, reply) => {
      const c = await catalog();
      const agency = c.agencies.find((a) => a.id === (request.params as { id: string }).id);
      if (!agency) throw notFound();
      const services = c.services.filter((s) => s.agency_id === agency.id);
      return reply.publicPage(c.version, async () => (shell) => <AgencyPage shell={shell} agency={agency} services={services} />, whileCurrent(c));
    });

    // q is cut to MAX_QUERY_LENGTH rather than refused: a pasted paragraph still gets an answer.
    app.get('/services', {
      schema: { querystring: { type: 'object', properties: {
        q: { type: 'string', maxLength: 2000 }, category: { type: 'string', maxLength: 64 }, lifeEvent: { type: 'string', maxLength: 64 } } } },
    }, async (request, reply) => {
      const query = request.query as { q?: string; category?: string; lifeEvent?: string };
      const filter: ServiceFilter = { q: normalizeQuery(query.q), ...(query.category ? { category: query.category } : {}), ...(query.lifeEvent ? { lifeEvent: query.lifeEvent } : {}) };
      const c = await catalog();
      if (filter.category && !c.country.categories.some((x) => x.id === filter.category)) throw notFound();
      if (filter.lifeEvent && !c.country.lifeEvents.some((x) => x.id === filter.lifeEvent)) throw notFound();
      return reply.publicPage(c.version, async () => {
        const results = await findServices(conn, filter, request.tr.locale, c.services);
        const bundles = filter.lifeEvent && !filter.q ? await listBundles(conn, { lifeEvent: filter.lifeEvent }) : [];
        return (shell) => <ServicesPage shell={shell} catalog={c} filter={filter} results={results} bundles={bundles} />;
      }, whileCurrent(c));
    });

    app.get('/services/:id', { schema: { params: idParam } }, async (request, reply) => {
      const c = await catalog();
      const id = (request.params as { id: string }).id;
      const service = c.services.find((s) => s.id === id);
      const agency = service && c.agencies.find((a) => a.id === service.agency_id);
      if (!service || !agency) throw notFound();
      tagService(request, service.agency_id, service.id);
      return reply.publicPage(c.version, async () => {
        const fetched = await papersFetched(service.definition, c);
        return (shell) => <ServicePage shell={shell} country={c.country} service={service} agency={agency} fetched={fetched} />;
      }, whileCurrent(c));
    });
  };
}
